using MathNet.Numerics.Distributions;

namespace Dse.Exploration;

/// <summary>Summary statistics of per-trial fractions (see docs/models.md#confidence-interval-and-5th-percentile).</summary>
public static class Statistics
{
    /// <summary>
    /// Mean, 95% confidence interval of the mean (Student t with T - 1 degrees of freedom, clipped to [0, 1];
    /// a single trial gives a zero-width interval) and 5th percentile (MathNet's R-8 quantile) of <paramref name="perTrial"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="perTrial"/> is empty.</exception>
    public static TrialStats Of(IReadOnlyList<double> perTrial)
    {
        if (perTrial.Count == 0) throw new ArgumentException("At least one trial is needed.", nameof(perTrial));
        var data = perTrial.ToArray();
        double mean = MathNet.Numerics.Statistics.Statistics.Mean(data);
        double half = HalfWidth95(data);
        double p5 = MathNet.Numerics.Statistics.Statistics.Quantile(data, 0.05);
        return new TrialStats(mean, Math.Max(0, mean - half), Math.Min(1, mean + half), p5);
    }

    /// <summary>
    /// Half-width of the 95% confidence interval of the mean of <paramref name="perTrial"/> before clipping to [0, 1]:
    /// <c>t(0.975, T - 1) sd / sqrt(T)</c>; 0 for a single trial.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="perTrial"/> is empty.</exception>
    public static double HalfWidth95(IReadOnlyList<double> perTrial)
    {
        if (perTrial.Count == 0) throw new ArgumentException("At least one trial is needed.", nameof(perTrial));
        if (perTrial.Count == 1) return 0;
        double sd = MathNet.Numerics.Statistics.Statistics.StandardDeviation(perTrial);
        return StudentT.InvCDF(0, 1, perTrial.Count - 1, 0.975) * sd / Math.Sqrt(perTrial.Count);
    }
}
