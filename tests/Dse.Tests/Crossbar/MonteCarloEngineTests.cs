using Dse.Crossbar;
using Dse.Search;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Crossbar;

public class MonteCarloEngineTests
{
    private static MonteCarloJob Job(QuantizedOperands ops, int cellBits, SignedMapping mapping, double sigmaScale, int[] rows, int[] adcBits,
        double onOff = 17, int trials = 2)
        => new(ops, CellArray.Map(ops.Stored, cellBits, mapping), [new CrossbarVariant(TestProblems.Device(0.01, onOff), sigmaScale)],
            rows, adcBits, AdcRangeMode.FullScale, 0.999, 2, trials, 42, rows.Aggregate((a, b) => (int)System.Numerics.BigInteger.GreatestCommonDivisor(a, b)));

    private static int DesignBound(int rows, int cellBits) => (int)Math.Ceiling(Math.Log2(rows * ((1 << cellBits) - 1) + 1));

    [Fact]
    public void ShiftAndAddOfSignedInputsAndWeightsByHand()
    {
        // Store one OVT [1 token, d = 2] = (1, -1); query (-1, 1). 4-bit operands, maxAbs: stored q = (7, -7), input x = (-7, 7).
        // Inputs two's complement: -7 = 1001 (planes p0 = 1, p3 = 1, weight 1 - 8 = -7); 7 = 0111.
        // Cells at 1 bit: 7 = slices 1,1,1 in G+ for +7 and G- for -7.
        // Shift-and-add: x . q = (-7)(7) + (7)(-7) = -98.
        var store = new PromptStore([new Ovt("a", [1f, -1f], 1, 2)], 2);
        var queries = new QuerySet([new Query([-1f, 1f], 1, 0)], 2);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 4, 4, ClippingPolicy.MaxAbs);
        foreach (var mapping in new[] { SignedMapping.Differential, SignedMapping.Offset })
        {
            var job = Job(ops, 1, mapping, 0, [2], [8]);
            Assert.Equal([-98L], MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 0));
        }
    }

    [Theory]
    [InlineData(1, SignedMapping.Differential, 17.0)]
    [InlineData(2, SignedMapping.Differential, 17.0)]
    [InlineData(2, SignedMapping.Offset, 17.0)]
    [InlineData(1, SignedMapping.Offset, 100.0)]
    [InlineData(2, SignedMapping.Differential, 2.8)]
    public void ZeroVariationAndLosslessAdcReproduceIntegerDotProducts(int cellBits, SignedMapping mapping, double onOff)
    {
        // Property over random stores, every rows value and ADC bits at or above the lossless bound.
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var (store, queries) = TestProblems.Random(3, 5, 70, 2, 4, seed);
            var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
            int[] rows = [16, 32, 64];
            foreach (var (r, i) in rows.Select((r, i) => (r, i)))
            {
                var device = TestProblems.Device(0.01, onOff);
                int bound = AdcTransfer.LosslessBits(r, cellBits, device.GMinS, device.GMaxS);
                if (onOff >= 17) Assert.Equal(DesignBound(r, cellBits), bound);
                var job = Job(ops, cellBits, mapping, 0, rows, [bound, bound + 2], onOff);
                var expected = TestProblems.IntegerDots(ops);
                Assert.Equal(expected, MonteCarloEngine.IntegerReadout(job, 0, i, 0, 0));
                Assert.Equal(expected, MonteCarloEngine.IntegerReadout(job, 0, i, 1, 1));
            }
        }
    }

    [Fact]
    public void DesignBoundIsNotLosslessAtLowOnOffRatio()
    {
        // STT-MRAM-like ON/OFF 2.8, 2 bits/cell, 16 rows: textbook bound ceil(log2(16 x 3 + 1)) = 6 bits, step =
        // 16 x Gmax / (63 dG) = 1.18 level steps > 1, so some dot products come out wrong; LosslessBits asks for 7.
        var (store, queries) = TestProblems.Random(3, 5, 70, 2, 4, 1);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var device = TestProblems.Device(0.01, 2.8);
        Assert.Equal(7, AdcTransfer.LosslessBits(16, 2, device.GMinS, device.GMaxS));
        var job = Job(ops, 2, SignedMapping.Differential, 0, [16], [DesignBound(16, 2)], 2.8);
        Assert.NotEqual(TestProblems.IntegerDots(ops), MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 0));
    }

    [Fact]
    public void TooFewAdcBitsLoseInformation()
    {
        var (store, queries) = TestProblems.Random(3, 5, 64, 2, 4, 9);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var job = Job(ops, 2, SignedMapping.Differential, 0, [64], [3]);
        Assert.NotEqual(TestProblems.IntegerDots(ops), MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 0));
    }

    [Fact]
    public void CountsDoNotDependOnThreadCount()
    {
        var (store, queries) = TestProblems.Random(4, 8, 64, 4, 4, 5, noise: 1.5);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var job = Job(ops, 2, SignedMapping.Differential, 20, [32, 64], [4, 6], trials: 6);
        var one = MonteCarloEngine.Run(job, 1);
        var two = MonteCarloEngine.Run(job, 2);
        for (int r = 0; r < 2; r++)
            for (int b = 0; b < 2; b++)
                for (int what = 0; what < 4; what++)
                    Assert.Equal(one.Fractions(0, r, b, what), two.Fractions(0, r, b, what));
    }

    [Fact]
    public void AgreementFallsAsVariationGrows()
    {
        var (store, queries) = TestProblems.Random(8, 8, 64, 6, 4, 11, noise: 2.0);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        double Agreement(double s) => MonteCarloEngine.Run(Job(ops, 2, SignedMapping.Differential, s, [64], [10], trials: 4), 2).Fractions(0, 0, 0, 0).Average();
        double none = Agreement(0), some = Agreement(10), lots = Agreement(60);
        Assert.True(none >= some && some > lots, $"agreement {none} {some} {lots}");
    }

    [Fact]
    public void CalibratedRangeIsNoWiderThanFullScale()
    {
        var (store, queries) = TestProblems.Random(3, 5, 64, 2, 4, 2);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var job = Job(ops, 2, SignedMapping.Differential, 0, [64], [12]) with { RangeMode = AdcRangeMode.Calibrated, CalibrationQuantile = 1.0 };
        // At quantile 1 nothing on the calibration batch clips; with 12 bits the step is tiny: dot products stay exact
        // on the calibration queries (the first 2 queries = first 8 inputs).
        var expected = TestProblems.IntegerDots(ops);
        var got = MonteCarloEngine.IntegerReadout(job, 0, 0, 0, 0);
        int s = ops.Problem.StoredCount;
        Assert.Equal(expected.Take(8 * s), got.Take(8 * s));
    }

    [Fact]
    public void TrialsAddedInBatchesAndForSomeVariantsOnlyEqualOneRun()
    {
        var (store, queries) = TestProblems.Random(4, 6, 70, 3, 4, 9);
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
        var job = new MonteCarloJob(ops, CellArray.Map(ops.Stored, 2, SignedMapping.Differential),
            [new CrossbarVariant(TestProblems.Device(0.01), 5), new CrossbarVariant(TestProblems.Device(0.01), 12)],
            [16, 32], [4, 6, 8], AdcRangeMode.FullScale, 0.999, 2, 6, 42, 16);
        var once = MonteCarloEngine.Run(job, 2);

        var session = MonteCarloEngine.Start(job);
        session.RunTrials(2, 1);
        session.RunTrials(5, 2, TrialSelection.OfVariants([1], 2, 2));
        session.RunTrials(6, 1);
        Assert.Equal(6, session.TrialsRun);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.RunTrials(7, 1));
        for (int r = 0; r < 2; r++)
            for (int b = 0; b < 3; b++)
                for (int what = 0; what < 4; what++)
                {
                    Assert.Equal(once.Fractions(1, r, b, what), session.Counts.Fractions(1, r, b, what));
                    var v0 = session.Counts.Fractions(0, r, b, what);
                    var expected = once.Fractions(0, r, b, what);
                    Assert.Equal(expected.Take(2).Append(expected[5]), v0.Take(2).Append(v0[5]));
                    Assert.Equal(expected.Take(2), session.Counts.Fractions(0, r, b, what, 2));
                }
    }
}
