using System.Buffers;
using System.Globalization;
using System.Text;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Runs;

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
/// updatesPerDay), speedup, energyRatio, with a task-score matrix taskScore, taskScoreCiLow, taskScoreCiHigh, taskScoreP5, taskScoreExact and
/// taskScoreLoss, in a raced run (<c>mc.racing</c>) retiredAt and retiredBy (empty for a point that ran to the end), then <c>energy&lt;Component&gt;J</c> for every breakdown component, then
/// <c>area&lt;Component&gt;Mm2</c>, then <c>latency&lt;Component&gt;S</c>, components in first-seen
/// order over all points taken in key order, names with the first letter capitalised (<c>adc</c> -> <c>energyAdcJ</c>).
/// </remarks>
public static class CsvWriter
{
    /// <summary>Components whose values <see cref="WriteRow"/> gathers on the stack (more go to the heap).</summary>
    private const int MaxStackComponents = 64;

    private static readonly string[] MetricColumns =
    [
        "dim", "trials", "queries",
        "agreement", "agreementCiLow", "agreementCiHigh", "agreementP5",
        "accuracy", "accuracyCiLow", "accuracyCiHigh", "accuracyP5",
        "mipsAgreement", "mipsAccuracy", "digitalAgreement", "digitalAccuracy", "energyJ", "latencyS", "areaMm2", "crossbars",
        "writeEnergyJ", "writeLatencyS", "writesBeforeWearOut", "writeEnergyPerDayJ", "lifetimeYears", "amortisedEnergyPerQueryJ", "speedup", "energyRatio",
    ];

    /// <summary>The header of a CSV for <paramref name="components"/>, with the columns of <paramref name="extras"/>.</summary>
    public static IReadOnlyList<string> Columns(IReadOnlyList<string> components, CsvExtras extras = CsvExtras.None)
    {
        var columns = new List<string> { "key" };
        foreach (var axis in DesignAxes.All) columns.AddRange(axis.CsvColumns);
        columns.AddRange(MetricColumns);
        if (extras.HasFlag(CsvExtras.TaskScore)) columns.AddRange(["taskScore", "taskScoreCiLow", "taskScoreCiHigh", "taskScoreP5", "taskScoreExact", "taskScoreLoss"]);
        if (extras.HasFlag(CsvExtras.Racing)) columns.AddRange(["retiredAt", "retiredBy"]);
        columns.AddRange(components.Select(c => $"energy{Capitalise(c)}J"));
        columns.AddRange(components.Select(c => $"area{Capitalise(c)}Mm2"));
        columns.AddRange(components.Select(c => $"latency{Capitalise(c)}S"));
        return columns;
    }

    /// <summary>Writes the header and one row per point in the given order, UTF-8 (no BOM).</summary>
    /// <param name="stream">Destination.</param>
    /// <param name="rows">Points to write, in order (enumerated once).</param>
    /// <param name="components">Breakdown components to give columns (<see cref="Collectors.ComponentsInKeyOrder"/>).</param>
    /// <param name="extras">The optional columns of the run (<see cref="CsvExtrasOf.Of"/>).</param>
    public static void Write(Stream stream, IEnumerable<PointResult> rows, IReadOnlyList<string> components, CsvExtras extras = CsvExtras.None)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        WriteRecord(buffer, Columns(components, extras));
        var scratch = new RowScratch();
        foreach (var p in rows)
        {
            WriteRow(buffer, p, components, scratch, extras);
            if (buffer.WrittenCount < 1 << 16) continue;
            stream.Write(buffer.WrittenSpan);
            buffer.ResetWrittenCount();
        }
        stream.Write(buffer.WrittenSpan);
    }

    /// <summary>Writes the header line for <paramref name="components"/> (see <see cref="Columns"/>), UTF-8.</summary>
    public static void WriteHeader(IBufferWriter<byte> output, IReadOnlyList<string> components) => WriteRecord(output, Columns(components));

    /// <summary>
    /// Writes one row, UTF-8: the point's fields under the columns of <see cref="Columns"/>; the accuracy fields of a cost-only point
    /// (<see cref="PointResult.IsSimulated"/> false) are empty, as are absent values. Numbers are formatted straight into the
    /// output (no string per field); an axis's fields are copied from <paramref name="scratch"/> when the point has the value the
    /// previous row had on that axis.
    /// </summary>
    /// <param name="output">Destination.</param>
    /// <param name="p">The point.</param>
    /// <param name="components">Breakdown components given columns (the header's).</param>
    /// <param name="scratch">What the rows written before on this thread left for reuse.</param>
    /// <param name="extras">The optional columns the header has.</param>
    public static void WriteRow(IBufferWriter<byte> output, PointResult p, IReadOnlyList<string> components, RowScratch scratch, CsvExtras extras = CsvExtras.None)
    {
        Field(output, p.Key);
        var axes = DesignAxes.All;
        for (int i = 0; i < axes.Count; i++) output.Write(scratch.AxisText(axes[i], p.Coordinates[axes[i]]));
        Number(output, p.Dim);
        Number(output, p.Trials);
        Number(output, p.Queries);
        Stats(output, p.Agreement);
        Stats(output, p.Accuracy);
        Optional(output, p.MipsAgreement?.Mean);
        Optional(output, p.MipsAccuracy?.Mean);
        Optional(output, p.DigitalAgreement);
        Optional(output, p.DigitalAccuracy);
        Number(output, p.EnergyJ);
        Number(output, p.LatencyS);
        Number(output, p.AreaMm2);
        Number(output, p.Crossbars);
        Number(output, p.WriteEnergyJ);
        Number(output, p.WriteLatencyS);
        Number(output, p.WritesBeforeWearOut);
        Optional(output, p.WriteEnergyPerDayJ);
        Optional(output, p.LifetimeYears);
        Optional(output, p.AmortisedEnergyPerQueryJ);
        Number(output, p.Speedup);
        Number(output, p.EnergyRatio);
        if (extras.HasFlag(CsvExtras.TaskScore))
        {
            Stats(output, p.TaskScore);
            Optional(output, p.TaskScoreExact);
            Optional(output, p.TaskScoreLoss);
        }
        if (extras.HasFlag(CsvExtras.Racing))
        {
            Optional(output, p.RetiredAt);
            output.Write(","u8);
            Field(output, p.RetiredBy ?? "");
        }
        // Each component looked up once: its energy, area and latency go to three runs of columns.
        int n = components.Count;
        Span<double> values = n <= MaxStackComponents ? stackalloc double[3 * n] : new double[3 * n];
        Span<bool> present = n <= MaxStackComponents ? stackalloc bool[n] : new bool[n];
        for (int i = 0; i < n; i++)
        {
            if (!p.Breakdown.TryGetValue(components[i], out var t)) continue;
            present[i] = true;
            (values[i], values[n + i], values[2 * n + i]) = (t.EnergyJ, t.AreaMm2, t.LatencyS);
        }
        for (int i = 0; i < 3 * n; i++) Optional(output, present[i % n] ? values[i] : (double?)null);
        output.Write("\r\n"u8);
    }

    /// <summary>A comma and the number in shortest round-trip form (as <c>ToString("R")</c>, invariant), or just the comma when absent.</summary>
    private static void Optional<T>(IBufferWriter<byte> output, T? value) where T : struct, IUtf8SpanFormattable
    {
        var span = output.GetSpan(1 + RoundTripText.MaxBytes);
        span[0] = (byte)',';
        int n = 0;
        if (value is T v)
        {
            if (typeof(T) == typeof(double)) n = RoundTripText.Write((double)(object)v, span[1..]);
            else if (!v.TryFormat(span[1..], out n, default, CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"A number longer than {RoundTripText.MaxBytes} bytes.");
        }
        output.Advance(1 + n);
    }

    private static void Number<T>(IBufferWriter<byte> output, T value) where T : struct, IUtf8SpanFormattable => Optional(output, (T?)value);

    private static void Stats(IBufferWriter<byte> output, TrialStats? s)
    {
        Optional(output, s?.Mean);
        Optional(output, s?.CiLow);
        Optional(output, s?.CiHigh);
        Optional(output, s?.P5);
    }

    private static void WriteRecord(IBufferWriter<byte> output, IReadOnlyList<string> fields)
    {
        WriteFields(output, fields);
        output.Write("\r\n"u8);
    }

    /// <summary>The fields, quoted where needed and separated by commas, UTF-8.</summary>
    private static void WriteFields(IBufferWriter<byte> output, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) output.Write(","u8);
            Field(output, fields[i]);
        }
    }

    /// <summary>One field, quoted where needed, UTF-8.</summary>
    private static void Field(IBufferWriter<byte> output, string field)
    {
        string text = Quote(field);
        output.Advance(Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));
    }

    /// <summary>
    /// What <see cref="WriteRow"/> reuses from row to row: per axis, the value it wrote last and that value's fields as UTF-8 text (the
    /// points of a sweep share their axis values, so most rows copy the bytes instead of formatting, quoting and encoding the fields
    /// again). Values are matched by reference, as a sweep's enumeration hands out the same value objects. Not thread-safe: one per thread.
    /// </summary>
    public sealed class RowScratch
    {
        private readonly object?[] _values = new object?[DesignAxes.All.Count];
        private readonly byte[]?[] _texts = new byte[DesignAxes.All.Count][];
        private readonly List<string> _fields = [];
        private readonly ArrayBufferWriter<byte> _text = new();

        /// <summary>The CSV fields of <paramref name="axis"/> at <paramref name="value"/>, each after its comma, UTF-8.</summary>
        internal ReadOnlySpan<byte> AxisText(Axis axis, object? value)
        {
            if (_texts[axis.Index] is { } known && ReferenceEquals(_values[axis.Index], value)) return known;
            _fields.Clear();
            axis.AppendCsv(_fields, value);
            _text.ResetWrittenCount();
            foreach (var field in _fields)
            {
                _text.Write(","u8);
                Field(_text, field);
            }
            _values[axis.Index] = value;
            return _texts[axis.Index] = _text.WrittenSpan.ToArray();
        }
    }

    /// <summary>RFC 4180: quote a field only when it holds a comma, double quote, CR or LF; double inner quotes.</summary>
    internal static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    private static string Capitalise(string name) =>
        name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}

/// <summary>The optional column sets of <c>points.csv</c> and <c>pareto.csv</c>, present when the run has them.</summary>
[Flags]
public enum CsvExtras
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>taskScore, its CI and P5, taskScoreExact, taskScoreLoss: the workload has a task-score matrix.</summary>
    TaskScore = 1,
    /// <summary>retiredAt, retiredBy: the run raced (<c>mc.racing</c>).</summary>
    Racing = 2,
}

/// <summary>Which optional columns a sweep's tables have.</summary>
public static class CsvExtrasOf
{
    /// <summary>The optional columns of <paramref name="spec"/>'s tables.</summary>
    public static CsvExtras Of(SweepSpec spec)
        => (spec.Workload.TaskScores is null ? CsvExtras.None : CsvExtras.TaskScore) | (spec.Mc.Racing is null ? CsvExtras.None : CsvExtras.Racing);
}
