using Dse.Crossbar;
using Dse.Devices;
using Dse.Randomness;
using Dse.Search;
using Dse.Tests.Shared;

namespace Dse.Tests.PerSlice;

public class PerSliceEngineTests
{
    private static readonly int[] Bits = [3, 4, 5, 8];
    private static readonly int[] Rows = [16, 32];

    private static QuantizedOperands Operands()
    {
        var (store, queries) = TestProblems.Random(4, 4, 64, 3, 3, 5, noise: 1.2);
        return new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
    }

    private static MonteCarloJob Job(int cellBits, SignedMapping mapping, AdcReference reference, AdcRangeMode range, double offsetLsb, double noiseLsb)
    {
        var ops = Operands();
        return new MonteCarloJob(ops, CellArray.Map(ops.Stored, cellBits, mapping),
            [new CrossbarVariant(TestProblems.Device(0.02), 6), new CrossbarVariant(TestProblems.Device(0.05), 6)],
            Rows, Bits, range, 0.99, 3, 3, 17, 16)
        { Reference = reference, Comparator = new AdcNonideality(offsetLsb, noiseLsb), ReferenceColumnSpan = 8 };
    }

    /// <summary>Per variant and rows value: every homogeneous assignment and six random mixed ones.</summary>
    private static List<SliceAssignment> Assignments(MonteCarloJob job)
    {
        var rng = new Rng(3);
        var list = new List<SliceAssignment>();
        for (int v = 0; v < job.Variants.Count; v++)
            for (int r = 0; r < job.RowsList.Count; r++)
            {
                list.AddRange(Bits.Select(b => new SliceAssignment(v, r, Enumerable.Repeat(b, job.Cells.Slices).ToArray())));
                for (int i = 0; i < 6; i++)
                    list.Add(new SliceAssignment(v, r, Enumerable.Range(0, job.Cells.Slices).Select(_ => Bits[(int)(rng.NextDouble() * Bits.Length)]).ToArray()));
            }
        return list;
    }

    public static TheoryData<int, SignedMapping, AdcReference, AdcRangeMode, double, double> Configurations => new()
    {
        { 1, SignedMapping.Differential, AdcReference.Nominal, AdcRangeMode.FullScale, 0, 0 },
        { 2, SignedMapping.Offset, AdcReference.ReferenceColumn, AdcRangeMode.Calibrated, 0.3, 0.2 },
        { 2, SignedMapping.Differential, AdcReference.Calibrated, AdcRangeMode.Calibrated, 0.2, 0.3 },
        { 1, SignedMapping.Offset, AdcReference.Nominal, AdcRangeMode.FullScale, 0, 0.4 },
    };

    [Theory]
    [Trait("Category", "Long")]
    [MemberData(nameof(Configurations))]
    public void Decomposed_read_out_equals_a_run_of_the_mixed_design_bit_for_bit(int cellBits, SignedMapping mapping, AdcReference reference,
        AdcRangeMode range, double offsetLsb, double noiseLsb)
    {
        var plain = Job(cellBits, mapping, reference, range, offsetLsb, noiseLsb);
        var assignments = Assignments(plain);
        var decomposed = plain with { PerSliceSearch = new PerSliceSearchInputs(assignments, Readout: SliceReadout.Decomposed) };
        var direct = plain with { PerSliceSearch = new PerSliceSearchInputs(assignments, Readout: SliceReadout.Direct) };
        var distinct = new HashSet<string>();
        for (int a = 0; a < assignments.Count; a++)
            for (int t = 0; t < plain.Trials; t++)
            {
                var fromSlices = MonteCarloEngine.AssignmentReadout(decomposed, a, t);
                Assert.Equal(MonteCarloEngine.AssignmentReadout(direct, a, t), fromSlices);
                var (v, r, bits) = assignments[a];
                if (bits.Distinct().Count() == 1)
                    Assert.Equal(MonteCarloEngine.IntegerReadout(plain, v, r, Array.IndexOf(Bits, bits[0]), t), fromSlices);
                distinct.Add(string.Join(",", fromSlices));
            }
        // The assignments read out differently (the test sees a slice converted at the wrong resolution).
        Assert.True(distinct.Count > assignments.Count * plain.Trials / 2, $"{distinct.Count} distinct read-outs");

        var countsDecomposed = MonteCarloEngine.Run(decomposed, 2);
        var countsDirect = MonteCarloEngine.Run(direct, 2);
        for (int a = 0; a < assignments.Count; a++)
            for (int what = 0; what < 4; what++)
                Assert.Equal(countsDirect.AssignmentFractions(a, what, plain.Trials), countsDecomposed.AssignmentFractions(a, what, plain.Trials));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Homogeneous_counts_do_not_change_when_slices_are_scored(int cellBits, SignedMapping mapping, AdcReference reference,
        AdcRangeMode range, double offsetLsb, double noiseLsb)
    {
        var plain = Job(cellBits, mapping, reference, range, offsetLsb, noiseLsb);
        var perSlice = plain with { PerSliceSearch = new PerSliceSearchInputs(Assignments(plain), MeasureErrors: true) };
        var a = MonteCarloEngine.Run(plain, 2);
        var b = MonteCarloEngine.Run(perSlice, 2);
        for (int v = 0; v < plain.Variants.Count; v++)
            for (int r = 0; r < Rows.Length; r++)
                for (int bits = 0; bits < Bits.Length; bits++)
                    for (int what = 0; what < 4; what++)
                        Assert.Equal(a.Fractions(v, r, bits, what), b.Fractions(v, r, bits, what));
        // An all-equal assignment scores as the homogeneous design it is.
        var assignments = perSlice.PerSliceSearch!.Assignments;
        for (int i = 0; i < assignments.Count; i++)
            if (assignments[i].Bits.Distinct().Count() == 1)
                Assert.Equal(b.Fractions(assignments[i].Variant, assignments[i].RowsIndex, Array.IndexOf(Bits, assignments[i].Bits[0]), 0),
                    b.AssignmentFractions(i, 0, plain.Trials));
    }

    [Theory]
    [InlineData(1, SignedMapping.Differential)]
    [InlineData(2, SignedMapping.Offset)]
    public void Slice_error_is_the_mean_squared_read_out_error_of_that_slice_alone(int cellBits, SignedMapping mapping)
    {
        var plain = Job(cellBits, mapping, AdcReference.Nominal, AdcRangeMode.Calibrated, 0.2, 0.2);
        int slices = plain.Cells.Slices, top = Bits.Max();
        // Every slice at the highest resolution but one, at each lower resolution, on variant 1 and rows 32.
        var assignments = new List<SliceAssignment>();
        for (int s = 0; s < slices; s++)
            foreach (int b in Bits)
                assignments.Add(new SliceAssignment(1, 1, Enumerable.Range(0, slices).Select(i => i == s ? b : top).ToArray()));
        var job = plain with { PerSliceSearch = new PerSliceSearchInputs(assignments, MeasureErrors: true) };
        var counts = MonteCarloEngine.Run(job, 2);
        var ops = job.Operands;
        int stored = ops.Problem.StoredCount, inputs = ops.Problem.InputCount;
        for (int i = 0; i < assignments.Count; i++)
        {
            int s = i / Bits.Length, b = i % Bits.Length;
            double expected = 0;
            for (int t = 0; t < job.Trials; t++)
            {
                var exact = MonteCarloEngine.IntegerReadout(job, 1, 1, Bits.Length - 1, t);
                var mixed = MonteCarloEngine.AssignmentReadout(job, i, t);
                double sum = 0;
                for (int a = 0; a < inputs; a++)
                    for (int c = 0; c < stored; c++)
                    {
                        double e = ops.Dequantize(a, c, mixed[a * stored + c] - exact[a * stored + c]);
                        sum += e * e;
                    }
                expected += sum / ((double)inputs * stored) / job.Trials;
            }
            double measured = counts.SliceError(1, 1, s, b, job.Trials);
            Assert.Equal(expected, measured, Math.Max(1e-12, 1e-9 * expected));
            if (Bits[b] == top) Assert.Equal(0, measured);
        }
        // The most significant slice weighs 2^(cellBits (S - 1)) times the least: its error at 3 bits is far larger.
        Assert.True(counts.SliceError(1, 1, 0, 0, job.Trials) > 100 * counts.SliceError(1, 1, slices - 1, 0, job.Trials));
    }

    [Fact]
    public void Start_refuses_an_assignment_that_does_not_fit_the_job()
    {
        var plain = Job(2, SignedMapping.Differential, AdcReference.Nominal, AdcRangeMode.FullScale, 0, 0);
        Assert.Throws<ArgumentException>(() => MonteCarloEngine.Start(plain with { PerSliceSearch = new PerSliceSearchInputs([new SliceAssignment(0, 0, [8, 6, 5])]) }));
        Assert.Throws<ArgumentException>(() => MonteCarloEngine.Start(plain with { PerSliceSearch = new PerSliceSearchInputs([new SliceAssignment(0, 0, [8, 6, 5, 7])]) }));
        Assert.Throws<ArgumentException>(() => MonteCarloEngine.Start(plain with { PerSliceSearch = new PerSliceSearchInputs([new SliceAssignment(0, 2, [8, 5, 5, 4])]) }));
    }
}
