using Dse.Crossbar;

namespace Dse.Tests.Crossbar;

public class AdcTests
{
    [Fact]
    public void TransferQuantisesClipsAndRemovesTheGminOffset()
    {
        // 2 bits -> codes 0..3; range 6 levels -> step 2 levels; Gmin = 0.5 level steps per active row.
        var adc = new AdcTransfer(2, 6.0, 0.5);
        // 3.2 / 2 = 1.6 -> code 2 -> 4.0 - 2 active x 0.5 = 3.0 -> 3 levels.
        Assert.Equal(3, adc.Convert(3.2f, 2));
        // beyond the range: code clips at 3 -> 6.0 - 1 x 0.5 = 5.5 -> 6 (round half to even).
        Assert.Equal(6, adc.Convert(100f, 1));
        // below zero clips at code 0 -> 0 - 2 x 0.5 = -1 (not clamped at 0).
        Assert.Equal(-1, adc.Convert(-3f, 2));
    }

    [Fact]
    public void FullScaleRangeIsRowsTimesGmaxInLevelSteps()
    {
        // 128 rows, 2 bits/cell, Gmin 1 uS, Gmax 10 uS: dG = 9/3 = 3 uS; range = 128 x 10 / 3 = 426.67 level steps.
        Assert.Equal(128 * 10.0 / 3.0, AdcTransfer.FullScaleLevels(128, 2, 1e-6, 1e-5), 9);
    }

    [Fact]
    public void VectorisedConversionMatchesScalar()
    {
        var adc = new AdcTransfer(5, 40.0, 0.0625);
        var rng = new Random(3);
        var analog = Enumerable.Range(0, 37).Select(_ => (float)(rng.NextDouble() * 50 - 5)).ToArray();
        var acc = new int[37];
        adc.ConvertShiftAccumulate(analog, 7, 2, negative: true, acc);
        for (int i = 0; i < analog.Length; i++) Assert.Equal(-4 * adc.Convert(analog[i], 7), acc[i]);
        adc.ConvertShiftAccumulate(analog, 7, 3, negative: false, acc);
        for (int i = 0; i < analog.Length; i++) Assert.Equal(4 * adc.Convert(analog[i], 7), acc[i]);
    }
}
