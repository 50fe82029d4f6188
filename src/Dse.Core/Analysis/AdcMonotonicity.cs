using Dse.Exploration;
using Dse.Exploration.Axes;

namespace Dse.Analysis;

/// <summary>One place where accuracy falls as the ADC gains a bit by more than the confidence intervals allow.</summary>
/// <param name="Lower">The point at <c>B</c> bits.</param>
/// <param name="Higher">The point at the next resolution in the sweep.</param>
/// <param name="Drop">Mean accuracy at <c>B</c> minus at the higher resolution (fraction).</param>
/// <param name="Allowed">The larger of the two 95% CI half-widths (fraction).</param>
public sealed record AdcDrop(PointResult Lower, PointResult Higher, double Drop, double Allowed);

/// <summary>
/// The property a hardware engineer expects of any sweep: accuracy does not fall when the ADC gains bits, beyond Monte-Carlo error.
/// A fall means a code threshold sits on a populated current (an idle column at the nominal zero, a full-scale range far from
/// the partial sums) or too few trials; the run's pages flag it rather than plotting it silently.
/// </summary>
public static class AdcMonotonicity
{
    /// <summary>A sentence of likely cause, for reports.</summary>
    public const string LikelyCause =
        "Likely cause: an ADC code threshold sits on a populated partial-sum level (e.g. the idle current of unused bit-slice columns with adcReference nominal, " +
        "or a fullScale range far above the partial sums), so some resolutions round G+ and G- apart while others cancel; or too few trials (wide intervals).";

    /// <summary>
    /// Every drop beyond its CI between consecutive ADC resolutions of points that differ only in <c>adcBits</c> (and the
    /// cost-only ADC model), accuracy read as <see cref="PointResult.ObjectiveAccuracy"/>.
    /// </summary>
    /// <param name="points">The run's points.</param>
    /// <returns>The drops and the number of curves (groups with at least two resolutions) checked.</returns>
    public static (IReadOnlyList<AdcDrop> Drops, int Curves) Check(IReadOnlyList<PointResult> points)
    {
        var drops = new List<AdcDrop>();
        int curves = 0;
        foreach (var group in points.GroupBy(p => string.Join('|', DesignAxes.All.Where(a => a != DesignAxes.AdcBits).Select(a => a.Format(p.Coordinates[a])))))
        {
            var curve = group.OrderBy(p => p.AdcBits).ToArray();
            if (curve.Length < 2) continue;
            curves++;
            for (int i = 0; i + 1 < curve.Length; i++)
            {
                var a = curve[i].AccuracyStats;
                var b = curve[i + 1].AccuracyStats;
                double allowed = Math.Max(a.CiHigh - a.CiLow, b.CiHigh - b.CiLow) / 2;
                if (a.Mean - b.Mean > allowed) drops.Add(new AdcDrop(curve[i], curve[i + 1], a.Mean - b.Mean, allowed));
            }
        }
        return (drops, curves);
    }
}
