using System.Globalization;
using Dse.Costs;
using Dse.Exploration.Axes;
using Dse.Runs;
using Dse.Pareto;

namespace Dse.Reports;

/// <summary>The best design of one device at an accuracy target, homogeneous against per-slice (docs/models.md, 'Per-slice ADC resolution').</summary>
/// <param name="Device">Device name.</param>
/// <param name="Target">Lowest admitted mean accuracy (agreement without labels), a fraction.</param>
/// <param name="Objective">What is compared: energy (J per query search) or area (m^2 as mm^2 in <see cref="Exploration.PointResult.AreaMm2"/>).</param>
/// <param name="Homogeneous">The cheapest homogeneous design meeting the target (every candidate resolution, every base design); null: none.</param>
/// <param name="Heterogeneous">The cheapest verified design meeting the target with per-slice resolutions allowed (it may be homogeneous); null: none.</param>
public sealed record PerSliceGain(string Device, double Target, PerSliceObjective Objective, PerSliceVerified? Homogeneous, PerSliceVerified? Heterogeneous)
{
    /// <summary>Fraction of the homogeneous design's energy or area saved, <c>1 - best / homogeneous</c>; null when either is missing.</summary>
    public double? Saving => Homogeneous is null || Heterogeneous is null ? null : 1 - Value(Heterogeneous) / Value(Homogeneous);

    /// <summary>Energy (J) or area (mm^2) of <paramref name="v"/>.</summary>
    public double Value(PerSliceVerified v) => Objective == PerSliceObjective.Energy ? v.Result.EnergyJ : v.Result.AreaMm2;
}

/// <summary>
/// The tables <c>dse search</c> writes: verified points, solves, front, rank correlations and gains, RFC 4180 (CRLF), invariant culture;
/// and the verified per-slice designs with their full results for <c>dse select</c> (<see cref="PerSliceDesignFile"/>).
/// </summary>
public static class PerSliceSearchFiles
{
    /// <summary>Verified points, one row each: <c>search-points.csv</c>.</summary>
    public const string PointsFile = "search-points.csv";

    /// <summary>Every CP-SAT solve: <c>search-solves.csv</c>.</summary>
    public const string SolvesFile = "search-solves.csv";

    /// <summary>The exact non-dominated set of homogeneous and verified heterogeneous points: <c>search-front.csv</c>.</summary>
    public const string FrontFile = "search-front.csv";

    /// <summary>The surrogate's rank correlation per base design: <c>search-correlation.csv</c>.</summary>
    public const string CorrelationFile = "search-correlation.csv";

    /// <summary>Best homogeneous against best per-slice design per device and accuracy target: <c>search-gains.csv</c>.</summary>
    public const string GainsFile = "search-gains.csv";

    /// <summary>
    /// Per device, accuracy target and objective (energy, area): the cheapest homogeneous and the cheapest verified design whose mean
    /// accuracy reaches the target.
    /// </summary>
    /// <param name="verified">Verified points (<see cref="PerSliceSearchResult.Verified"/>).</param>
    /// <param name="targets">Accuracy targets, fractions.</param>
    public static IReadOnlyList<PerSliceGain> Gains(IReadOnlyList<PerSliceVerified> verified, IReadOnlyList<double> targets)
    {
        var gains = new List<PerSliceGain>();
        foreach (var device in verified.Select(v => v.Result.Coordinates.Get(DesignAxes.Device)).Distinct().Order(StringComparer.Ordinal))
            foreach (double target in targets)
                foreach (var objective in new[] { PerSliceObjective.Energy, PerSliceObjective.Area })
                {
                    var meeting = verified.Where(v => v.Result.Coordinates.Get(DesignAxes.Device) == device && v.Result.ObjectiveAccuracy >= target).ToList();
                    var gain = new PerSliceGain(device, target, objective, null, null);
                    gains.Add(gain with
                    {
                        Homogeneous = meeting.Where(v => v.Bits.IsHomogeneous).MinBy(gain.Value),
                        Heterogeneous = meeting.MinBy(gain.Value),
                    });
                }
        return gains;
    }

    /// <summary>Every file <see cref="Write"/> writes, by name.</summary>
    public static IReadOnlyList<string> Files { get; } = [PointsFile, SolvesFile, FrontFile, CorrelationFile, GainsFile, PerSliceDesignFile.FileName];

    /// <summary>Writes the five tables and <see cref="PerSliceDesignFile"/> into <paramref name="dir"/> (created when missing); returns their file names (<see cref="Files"/>).</summary>
    /// <param name="dir">Output folder.</param>
    /// <param name="result">The search.</param>
    /// <param name="gains">The gains (<see cref="Gains"/>).</param>
    public static IReadOnlyList<string> Write(string dir, PerSliceSearchResult result, IReadOnlyList<PerSliceGain> gains)
    {
        Directory.CreateDirectory(dir);
        var onFront = result.Front.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        Table(PointsFile, ["baseKey", "key", "device", "rows", "cols", "cellBits", "virtualTokens", "sigmaScale", "adcModel", "adcBitsPerSlice", "origin",
                "surrogateError", "trials", "accuracy", "accuracyCiLow", "accuracyCiHigh", "agreement", "agreementCiLow", "agreementCiHigh", "energyJ", "areaMm2", "latencyS", "onFront"],
            result.Verified.Select(v => Fields(v.BaseKey, v.Result.Key, v.Result.Coordinates.Get(DesignAxes.Device), v.Result.Coordinates.Get(DesignAxes.Crossbar).Rows,
                v.Result.Coordinates.Get(DesignAxes.Crossbar).Cols, v.Result.Coordinates.Get(DesignAxes.CellBits), v.Result.Coordinates.Get(DesignAxes.VirtualTokens),
                v.Result.Coordinates.Get(DesignAxes.SigmaScale), v.Result.Coordinates.Get(DesignAxes.AdcModel), v.Bits, v.Origin.ToString().Replace(", ", "+"),
                v.SurrogateError, v.Result.Trials, v.Result.AccuracyStats.Mean, v.Result.AccuracyStats.CiLow, v.Result.AccuracyStats.CiHigh,
                v.Result.Agreement!.Mean, v.Result.Agreement.CiLow, v.Result.Agreement.CiHigh, v.Result.EnergyJ, v.Result.AreaMm2, v.Result.LatencyS,
                onFront.Contains(v.Result.Key))));
        Table(SolvesFile, ["baseKey", "objective", "epsilon", "status", "relativeGap", "wallTimeS", "adcBitsPerSlice", "surrogateError", "energyJ", "areaM2", "latencyS"],
            result.Solves.Select(s => Fields(s.BaseKey, s.Objective, s.Solve.Epsilon, s.Solve.Status, s.Solve.RelativeGap, s.Solve.WallTimeS, s.Solve.Point?.Assignment,
                s.Solve.Point?.Error, s.Solve.Point?.EnergyJ, s.Solve.Point?.AreaM2, s.Solve.Point?.LatencyS)));
        var bitsOf = result.Verified.ToDictionary(v => v.Result.Key, v => v.Bits, StringComparer.Ordinal);
        Table(FrontFile, ["key", "kind", "adcBitsPerSlice", "accuracy", "accuracyCiLow", "accuracyCiHigh", "energyJ", "areaMm2", "latencyS"],
            result.Front.Select(p =>
            {
                var bits = bitsOf.GetValueOrDefault(p.Key);
                return Fields(p.Key, bits is { IsHomogeneous: false } ? "heterogeneous" : "homogeneous", bits,
                    p.AccuracyStats.Mean, p.AccuracyStats.CiLow, p.AccuracyStats.CiHigh, p.EnergyJ, p.AreaMm2, p.LatencyS);
            }));
        Table(CorrelationFile, ["baseKey", "sampledAssignments", "spearmanAccuracy", "spearmanAgreement", "chosenAssignments", "spearmanAccuracyChosen"],
            result.Correlations.Select(c => Fields(c.BaseKey, c.Assignments, c.WithAccuracy, c.WithAgreement, c.ChosenAssignments, c.ChosenWithAccuracy)));
        Table(GainsFile, ["device", "accuracyTarget", "objective", "homogeneousKey", "homogeneous", "bestKey", "bestAdcBitsPerSlice", "best", "saving"],
            gains.Select(g => Fields(g.Device, g.Target, g.Objective, g.Homogeneous?.Result.Key, g.Homogeneous is { } h ? g.Value(h) : null,
                g.Heterogeneous?.Result.Key, g.Heterogeneous?.Bits, g.Heterogeneous is { } b ? g.Value(b) : null, g.Saving)));
        PerSliceDesignFile.Write(Path.Combine(dir, PerSliceDesignFile.FileName), result.Verified);
        return Files;

        void Table(string name, string[] header, IEnumerable<string> rows) => AtomicFile.WriteText(Path.Combine(dir, name), w =>
        {
            w.Write(string.Join(',', header) + "\r\n");
            foreach (var row in rows) w.Write(row + "\r\n");
        });
    }

    /// <summary>One CSV row: doubles in shortest round-trip form, null empty, enums and the rest by their text (none holds a comma or quote).</summary>
    private static string Fields(params object?[] fields) => string.Join(',', fields.Select(f => f switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => f.ToString(),
    }));
}
