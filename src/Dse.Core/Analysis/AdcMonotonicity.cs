using Dse.Exploration;
using Dse.Exploration.Axes;

namespace Dse.Analysis;

/// <summary>One place where accuracy falls as the ADC gains a bit by more than the confidence intervals allow.</summary>
/// <param name="LowerKey">Key of the point at <c>B</c> bits.</param>
/// <param name="LowerAdcBits">B, bits.</param>
/// <param name="HigherAdcBits">The next resolution in the sweep, bits.</param>
/// <param name="Drop">Mean accuracy at <c>B</c> minus at the higher resolution (fraction).</param>
/// <param name="Allowed">The larger of the two 95% CI half-widths (fraction).</param>
public sealed record AdcDrop(string LowerKey, int LowerAdcBits, int HigherAdcBits, double Drop, double Allowed);

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
    /// Checks curves as points stream in: points that differ only in <c>adcBits</c> form a curve; each point keeps its key,
    /// resolution and accuracy statistics (tens of bytes), not the point.
    /// </summary>
    public sealed class Curves
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<List<(int AdcBits, string Key, double Mean, double CiWidth)>> _curves = [];

        /// <summary>Adds a simulated point (accuracy read as <see cref="PointResult.ObjectiveAccuracy"/>).</summary>
        public void Add(PointResult p)
        {
            string curve = string.Join('|', DesignAxes.All.Where(a => a != DesignAxes.AdcBits).Select(a => a.Format(p.Coordinates[a])));
            if (!_index.TryGetValue(curve, out int i))
            {
                _index[curve] = i = _curves.Count;
                _curves.Add([]);
            }
            var s = p.AccuracyStats;
            _curves[i].Add((p.AdcBits, p.Key, s.Mean, s.CiHigh - s.CiLow));
        }

        /// <summary>
        /// Every drop beyond its CI between consecutive ADC resolutions of a curve, curves in the order their first point was
        /// added; and the number of curves (at least two resolutions) checked.
        /// </summary>
        public (IReadOnlyList<AdcDrop> Drops, int Curves) Result()
        {
            var drops = new List<AdcDrop>();
            int curves = 0;
            foreach (var group in _curves)
            {
                var curve = group.OrderBy(p => p.AdcBits).ToArray();
                if (curve.Length < 2) continue;
                curves++;
                for (int i = 0; i + 1 < curve.Length; i++)
                {
                    var (a, b) = (curve[i], curve[i + 1]);
                    double allowed = Math.Max(a.CiWidth, b.CiWidth) / 2;
                    if (a.Mean - b.Mean > allowed) drops.Add(new AdcDrop(a.Key, a.AdcBits, b.AdcBits, a.Mean - b.Mean, allowed));
                }
            }
            return (drops, curves);
        }
    }
}
