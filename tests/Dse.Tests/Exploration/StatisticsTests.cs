using Dse.Exploration;

namespace Dse.Tests.Exploration;

public class StatisticsTests
{
    [Fact]
    public void MeanConfidenceIntervalAndP5ByHand()
    {
        // Trials 0.8, 0.9, 1.0, 0.9: mean 0.9, sample sd = sqrt((0.01 + 0 + 0.01 + 0) / 3) = 0.0816497;
        // t(0.975, 3 dof) = 3.182446; half width = 3.182446 x 0.0816497 / 2 = 0.1299230 -> [0.770077, 1.0 (clipped)].
        // P5 (R-8 quantile of 0.8, 0.9, 0.9, 1.0 at 0.05): below the first order statistic -> 0.8.
        var s = Statistics.Of([0.8, 0.9, 1.0, 0.9]);
        Assert.Equal(0.9, s.Mean, 12);
        Assert.Equal(0.9 - 0.1299230, s.CiLow, 6);
        Assert.Equal(1.0, s.CiHigh, 12);
        Assert.Equal(0.8, s.P5, 12);
    }

    [Fact]
    public void OneTrialHasAZeroWidthInterval()
    {
        var s = Statistics.Of([0.25]);
        Assert.Equal(new TrialStats(0.25, 0.25, 0.25, 0.25), s);
    }
}
