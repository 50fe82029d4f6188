using Dse.Crossbar;

namespace Dse.Tests.Crossbar;

public class AdcTests
{
    [Fact]
    public void TransferQuantisesClipsAndRemovesTheGminOffset()
    {
        // 2 bits -> codes 0..3; range 6 levels -> step 2 levels; nominal zero Gmin = 0.5 level steps per active row.
        var adc = new AdcTransfer(2, 6.0);
        // 3.2 / 2 = 1.6 -> code 2 -> 4.0 - 2 active x 0.5 = 3.0 -> 3 levels.
        Assert.Equal(3, adc.Convert(3.2f, 2 * 0.5f));
        // beyond the range: code clips at 3 -> 6.0 - 1 x 0.5 = 5.5 -> 6 (round half to even).
        Assert.Equal(6, adc.Convert(100f, 1 * 0.5f));
        // below zero clips at code 0 -> 0 - 2 x 0.5 = -1 (not clamped at 0).
        Assert.Equal(-1, adc.Convert(-3f, 2 * 0.5f));
        // a comparator error of +0.4 LSB moves 3.2 / 2 + 0.4 = 2.0 to code 2; of -0.2 LSB, 1.6 - 0.2 = 1.4 to code 1.
        Assert.Equal(2f, adc.Code(3.2f, 0.4f));
        Assert.Equal(1f, adc.Code(3.2f, -0.2f));
    }

    [Fact]
    public void FullScaleRangeIsRowsTimesGmaxInLevelSteps()
    {
        // 128 rows, 2 bits/cell, Gmin 1 uS, Gmax 10 uS: dG = 9/3 = 3 uS; range = 128 x 10 / 3 = 426.67 level steps.
        Assert.Equal(128 * 10.0 / 3.0, AdcTransfer.FullScaleLevels(128, 2, 1e-6, 1e-5), 9);
        // With a reference column the Gmin current is removed before the ADC: range = 128 x (Gmax - Gmin) / dG = 128 x 3.
        Assert.Equal(128 * 3.0, AdcTransfer.FullScaleLevels(128, 2, 1e-6, 1e-5, AdcReference.ReferenceColumn), 9);
        // Lossless bound: nominal needs step 426.67 / (2^B - 1) < 1 -> 9 bits (8 gives 1.67). At ON/OFF 2.8, 16 rows, 2 bits/cell:
        // nominal 16 x 2.8 / (1.8 / 3) = 74.7 -> 7 bits; the reference column 16 x 3 = 48, 48 / 63 <= 1 -> 6 bits.
        Assert.Equal(9, AdcTransfer.LosslessBits(128, 2, 1e-6, 1e-5));
        Assert.Equal(7, AdcTransfer.LosslessBits(16, 2, 1e-5 / 2.8, 1e-5));
        Assert.Equal(6, AdcTransfer.LosslessBits(16, 2, 1e-5 / 2.8, 1e-5, AdcReference.ReferenceColumn));
    }

    [Theory]
    [InlineData(37, 5f, false, false, 0f)]      // digital nominal zero, ideal converter, a scalar tail
    [InlineData(64, 0f, true, false, 0f)]       // reference column subtracted (some sums below 0), comparator error
    [InlineData(35, 5f, true, true, 0.25f)]     // calibrated zero per column
    [InlineData(5, 0f, true, false, 0f)]        // a run shorter than a vector
    [InlineData(40, 5f, false, false, 3.5f)]    // nominal zero subtracted digitally, ideal converter (each compiled kind of run)
    [InlineData(41, 5f, true, false, 3.5f)]     // nominal zero with comparator error
    [InlineData(33, 5f, false, true, 0f)]       // calibrated zero per column, ideal converter
    public void FusedStageMatchesScalarConversion(int n, float shift, bool withError, bool calibratedZero, float zero)
    {
        AdcTransfer[] adcs = [new(5, 40.0), new(3, 40.0), new(8, 40.0)];
        var rng = new Random(n);
        float[] Draw(double scale, double shift) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * scale + shift)).ToArray();
        var analog = Draw(50, shift - 5);
        var error = withError ? Draw(2, -1) : [];
        var zeroPerRow = calibratedZero ? Draw(0.5, 0) : [];
        var zeroLsb = calibratedZero ? Draw(1, -0.5) : [];
        int[][] acc = [new int[n + 3], new int[n + 3], new int[n + 3]];
        AdcStage.ConvertShiftAccumulate(adcs, analog, error, zero, zeroPerRow, zeroLsb, 7, -8, acc, 3);
        AdcStage.ConvertShiftAccumulate(adcs, analog, error, zero, zeroPerRow, zeroLsb, 7, 2, acc, 3);
        for (int b = 0; b < adcs.Length; b++)
            for (int i = 0; i < n; i++)
            {
                float code = adcs[b].Code(analog[i], withError ? error[i] : 0f);
                float level = calibratedZero ? (code - zeroLsb[i]) * adcs[b].StepLevels - zero - 7 * zeroPerRow[i] : code * adcs[b].StepLevels - zero;
                Assert.Equal(-6 * (int)MathF.Round(level), acc[b][3 + i]);
            }
        Assert.All(acc, a => Assert.Equal([0, 0, 0], a[..3]));
    }
    [Fact]
    public void ReferenceCurrentsAreSubtractedPerRun()
    {
        // 5 data columns, a reference column per 2: columns 0-1 use 10, 2-3 use 20, 4 uses 30.
        float[] row = [11, 12, 23, 24, 35, 10, 20, 30];
        var into = new float[6];
        Assert.Equal([1f, 2f, 3f, 4f, 5f], AdcStage.SubtractReferences(row, 5, 2, into).ToArray());
        // Runs longer than a vector, with a tail: 40 columns, one reference per 19.
        var wide = Enumerable.Range(0, 40).Select(c => (float)c).Concat([0.5f, 1.5f, 2.5f]).ToArray();
        var result = AdcStage.SubtractReferences(wide, 40, 19, new float[40]).ToArray();
        Assert.Equal(Enumerable.Range(0, 40).Select(c => c - (c / 19 + 0.5f)).ToArray(), result);
        Assert.Throws<ArgumentException>(() => AdcStage.SubtractReferences(row, 5, 2, new float[4]));
    }
}
