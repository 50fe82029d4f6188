using System.Globalization;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Exploration.Runs;

namespace Dse.Reports;

/// <summary>
/// The table of <c>points.csv</c> and <c>pareto.csv</c>: one row per point, RFC 4180 (CRLF line ends,
/// fields quoted only when they hold a comma, quote or line break), invariant culture, doubles in
/// shortest round-trip form, empty fields for absent values.
/// </summary>
/// <remarks>
/// Columns: key, then every axis's columns (<see cref="DesignAxes.All"/>: device, rows, cols, cellBits, adcBits, adcModel, colsPerAdc,
/// virtualTokens, sigmaScale, readTimeS (empty: each device at its drift t0), ssaMapping, signedMapping, adcRange, weightBits,
/// inputBits), then dim, trials, queries, agreement,
/// agreementCiLow, agreementCiHigh, agreementP5, accuracy, accuracyCiLow, accuracyCiHigh,
/// accuracyP5 (empty without labels), mipsAgreement, mipsAccuracy (means), energyJ, latencyS,
/// areaMm2, crossbars, writeEnergyJ, writeLatencyS, writesBeforeWearOut, writeEnergyPerDayJ, lifetimeYears, amortisedEnergyPerQueryJ (empty without
/// updatesPerDay), speedup, energyRatio, then <c>energy&lt;Component&gt;J</c> for every breakdown component, then
/// <c>area&lt;Component&gt;Mm2</c>, then <c>latency&lt;Component&gt;S</c>, components in first-seen
/// order over all points taken in key order, names with the first letter capitalised (<c>adc</c> -> <c>energyAdcJ</c>).
/// </remarks>
public static class CsvWriter
{
    private static readonly string[] MetricColumns =
    [
        "dim", "trials", "queries",
        "agreement", "agreementCiLow", "agreementCiHigh", "agreementP5",
        "accuracy", "accuracyCiLow", "accuracyCiHigh", "accuracyP5",
        "mipsAgreement", "mipsAccuracy", "digitalAgreement", "digitalAccuracy", "energyJ", "latencyS", "areaMm2", "crossbars",
        "writeEnergyJ", "writeLatencyS", "writesBeforeWearOut", "writeEnergyPerDayJ", "lifetimeYears", "amortisedEnergyPerQueryJ", "speedup", "energyRatio",
    ];

    /// <summary>Breakdown component names over <paramref name="points"/>, in first-seen order.</summary>
    public static IReadOnlyList<string> Components(IReadOnlyList<PointResult> points)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var p in points)
            foreach (var name in p.Breakdown.Keys)
                if (seen.Add(name)) order.Add(name);
        return order;
    }

    /// <summary>The header of a CSV for <paramref name="components"/>.</summary>
    public static IReadOnlyList<string> Columns(IReadOnlyList<string> components)
    {
        var columns = new List<string> { "key" };
        foreach (var axis in DesignAxes.All) columns.AddRange(axis.CsvColumns);
        columns.AddRange(MetricColumns);
        columns.AddRange(components.Select(c => $"energy{Capitalise(c)}J"));
        columns.AddRange(components.Select(c => $"area{Capitalise(c)}Mm2"));
        columns.AddRange(components.Select(c => $"latency{Capitalise(c)}S"));
        return columns;
    }

    /// <summary>Points in natural order of <see cref="PointResult.Key"/> (<see cref="NaturalKeyComparer"/>: ADC 10 after 8).</summary>
    public static PointResult[] SortByKey(IReadOnlyList<PointResult> points) =>
        points.OrderBy(p => p.Key, NaturalKeyComparer.Instance).ToArray();

    /// <summary>Writes the header and one row per point in the given order.</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="rows">Points to write, in order.</param>
    /// <param name="components">Breakdown components to give columns (see <see cref="Components"/>).</param>
    public static void Write(TextWriter writer, IReadOnlyList<PointResult> rows, IReadOnlyList<string> components)
    {
        WriteRecord(writer, Columns(components));
        var fields = new List<string>();
        foreach (var p in rows)
        {
            fields.Clear();
            fields.Add(p.Key);
            foreach (var axis in DesignAxes.All) axis.AppendCsv(fields, p.Coordinates[axis]);
            fields.AddRange([I(p.Dim), I(p.Trials), I(p.Queries)]);
            AddStats(fields, p.Agreement);
            AddStats(fields, p.Accuracy);
            fields.Add(D(p.MipsAgreement.Mean));
            fields.Add(p.MipsAccuracy is { } m ? D(m.Mean) : "");
            fields.Add(D(p.DigitalAgreement));
            fields.Add(p.DigitalAccuracy is double da ? D(da) : "");
            fields.AddRange([D(p.EnergyJ), D(p.LatencyS), D(p.AreaMm2), I(p.Crossbars)]);
            fields.AddRange([D(p.WriteEnergyJ), D(p.WriteLatencyS), D(p.WritesBeforeWearOut)]);
            fields.AddRange([p.WriteEnergyPerDayJ is double e ? D(e) : "", p.LifetimeYears is double y ? D(y) : "", p.AmortisedEnergyPerQueryJ is double q ? D(q) : ""]);
            fields.AddRange([D(p.Speedup), D(p.EnergyRatio)]);
            foreach (var c in components) fields.Add(p.Breakdown.TryGetValue(c, out var t) ? D(t.EnergyJ) : "");
            foreach (var c in components) fields.Add(p.Breakdown.TryGetValue(c, out var t) ? D(t.AreaMm2) : "");
            foreach (var c in components) fields.Add(p.Breakdown.TryGetValue(c, out var t) ? D(t.LatencyS) : "");
            WriteRecord(writer, fields);
        }
    }

    private static void AddStats(List<string> fields, TrialStats? s)
    {
        if (s is null) fields.AddRange(["", "", "", ""]);
        else fields.AddRange([D(s.Mean), D(s.CiLow), D(s.CiHigh), D(s.P5)]);
    }

    private static void WriteRecord(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) writer.Write(',');
            writer.Write(Quote(fields[i]));
        }
        writer.Write("\r\n");
    }

    /// <summary>RFC 4180: quote a field only when it holds a comma, double quote, CR or LF; double inner quotes.</summary>
    internal static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    private static string Capitalise(string name) =>
        name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
