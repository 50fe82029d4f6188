using System.Text.Json;
using System.Text.Json.Serialization;
using Dse.Diagnostics;
using System.Text.Json.Nodes;
using Dse.Exploration.Axes;
using Dse.Exploration;

namespace Dse.Runs;

/// <summary>The points read from a <c>points.jsonl</c> file.</summary>
/// <param name="Points">Points in file order.</param>
/// <param name="SkippedLastLines">1 when the last line was torn or invalid (a run killed mid-write) and skipped, else 0; report it as a warning.</param>
public sealed record PointsFile(IReadOnlyList<PointResult> Points, int SkippedLastLines);

/// <summary>
/// One <see cref="PointResult"/> as one line of JSON (camelCase, doubles in shortest round-trip
/// form, null <c>accuracy</c>/<c>mipsAccuracy</c> omitted), and reading a whole <c>points.jsonl</c>.
/// </summary>
public static class PointJson
{
    /// <summary>The serializer options: camelCase, nulls omitted, unknown members and missing required members rejected.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        WriteIndented = false,
    };

    /// <summary>
    /// Serializes <paramref name="point"/> to one line of JSON (no line break inside or at the end): <c>key</c>, then each axis's
    /// fields in <see cref="DesignAxes.All"/> order, then the metrics (see <see cref="Write"/>).
    /// </summary>
    /// <exception cref="ArgumentException">When a double is NaN or infinite (JSON cannot hold it).</exception>
    public static string Serialize(PointResult point)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, point);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes <paramref name="point"/> as one JSON object, field by field (no reflection, no intermediate document): <c>key</c>,
    /// each axis's fields, then the metrics in <see cref="PointResult"/>'s declaration order, camelCase, absent values left
    /// out; <c>objectiveAccuracy</c> last, only for a simulated point. The same text <see cref="JsonSerializer"/> writes with
    /// <see cref="Options"/>, at a fraction of the cost (a cost-only screen writes 1e5 lines a second).
    /// </summary>
    /// <param name="writer">Destination; left after the closing brace.</param>
    /// <param name="point">The point.</param>
    /// <exception cref="ArgumentException">When a double is NaN or infinite (JSON cannot hold it).</exception>
    public static void Write(Utf8JsonWriter writer, PointResult point)
    {
        writer.WriteStartObject();
        writer.WriteString(Names.Key, point.Key);
        var axes = DesignAxes.All;
        for (int i = 0; i < axes.Count; i++) axes[i].WriteJson(writer, point.Coordinates[axes[i]]);
        writer.WriteNumber(Names.Dim, point.Dim);
        writer.WriteNumber(Names.Trials, point.Trials);
        writer.WriteNumber(Names.Queries, point.Queries);
        WriteStats(writer, Names.Agreement, point.Agreement);
        WriteStats(writer, Names.Accuracy, point.Accuracy);
        WriteStats(writer, Names.MipsAgreement, point.MipsAgreement);
        WriteStats(writer, Names.MipsAccuracy, point.MipsAccuracy);
        if (point.DigitalAgreement is double agreement) Number(writer, Names.DigitalAgreement, agreement);
        if (point.DigitalAccuracy is double accuracy) Number(writer, Names.DigitalAccuracy, accuracy);
        WriteStats(writer, Names.TaskScore, point.TaskScore);
        if (point.TaskScoreExact is double exact) Number(writer, Names.TaskScoreExact, exact);
        if (point.TaskScoreLoss is double loss) Number(writer, Names.TaskScoreLoss, loss);
        Number(writer, Names.EnergyJ, point.EnergyJ);
        Number(writer, Names.LatencyS, point.LatencyS);
        Number(writer, Names.AreaMm2, point.AreaMm2);
        writer.WriteNumber(Names.Crossbars, point.Crossbars);
        Number(writer, Names.WriteEnergyJ, point.WriteEnergyJ);
        Number(writer, Names.WriteLatencyS, point.WriteLatencyS);
        Number(writer, Names.WritesBeforeWearOut, point.WritesBeforeWearOut);
        if (point.WriteEnergyPerDayJ is double perDay) Number(writer, Names.WriteEnergyPerDayJ, perDay);
        if (point.LifetimeYears is double years) Number(writer, Names.LifetimeYears, years);
        if (point.AmortisedEnergyPerQueryJ is double amortised) Number(writer, Names.AmortisedEnergyPerQueryJ, amortised);
        Number(writer, Names.Speedup, point.Speedup);
        Number(writer, Names.EnergyRatio, point.EnergyRatio);
        if (point.RetiredAt is int rung) writer.WriteNumber(Names.RetiredAt, rung);
        if (point.RetiredBy is string by) writer.WriteString(Names.RetiredBy, by);
        if (point.CorrectPerTrial is { } correct)
        {
            writer.WriteStartArray(Names.CorrectPerTrial);
            foreach (int c in correct) writer.WriteNumberValue(c);
            writer.WriteEndArray();
        }
        if (point.Confusion is { } confusion)
        {
            writer.WriteStartArray(Names.Confusion);
            foreach (var cell in confusion)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(cell.True);
                writer.WriteNumberValue(cell.Picked);
                writer.WriteNumberValue(cell.Count);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        writer.WriteStartObject(Names.Breakdown);
        foreach (var (name, totals) in point.Breakdown)
        {
            writer.WriteStartObject(Names.Component(name));
            Number(writer, Names.EnergyJ, totals.EnergyJ);
            Number(writer, Names.LatencyS, totals.LatencyS);
            Number(writer, Names.AreaMm2, totals.AreaMm2);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        if (point.IsSimulated) Number(writer, Names.ObjectiveAccuracy, point.ObjectiveAccuracy);
        writer.WriteEndObject();
    }

    /// <summary>A double property in shortest round-trip form, formatted through <see cref="RoundTripText"/> (the text
    /// <see cref="Utf8JsonWriter.WriteNumber(JsonEncodedText, double)"/> writes).</summary>
    /// <exception cref="ArgumentException">When <paramref name="value"/> is NaN or infinite.</exception>
    private static void Number(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
            return;
        }
        Span<byte> text = stackalloc byte[RoundTripText.MaxBytes];
        int length = RoundTripText.Write(value, text);
        writer.WritePropertyName(name);
        writer.WriteRawValue(text[..length], skipInputValidation: true);
    }

    private static void WriteStats(Utf8JsonWriter writer, JsonEncodedText name, TrialStats? stats)
    {
        if (stats is null) return;
        writer.WriteStartObject(name);
        Number(writer, Names.Mean, stats.Mean);
        Number(writer, Names.CiLow, stats.CiLow);
        Number(writer, Names.CiHigh, stats.CiHigh);
        Number(writer, Names.P5, stats.P5);
        writer.WriteEndObject();
    }

    /// <summary>The field names of a result line, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
        public static readonly JsonEncodedText Dim = JsonEncodedText.Encode("dim");
        public static readonly JsonEncodedText Trials = JsonEncodedText.Encode("trials");
        public static readonly JsonEncodedText Queries = JsonEncodedText.Encode("queries");
        public static readonly JsonEncodedText Agreement = JsonEncodedText.Encode("agreement");
        public static readonly JsonEncodedText Accuracy = JsonEncodedText.Encode("accuracy");
        public static readonly JsonEncodedText MipsAgreement = JsonEncodedText.Encode("mipsAgreement");
        public static readonly JsonEncodedText MipsAccuracy = JsonEncodedText.Encode("mipsAccuracy");
        public static readonly JsonEncodedText DigitalAgreement = JsonEncodedText.Encode("digitalAgreement");
        public static readonly JsonEncodedText DigitalAccuracy = JsonEncodedText.Encode("digitalAccuracy");
        public static readonly JsonEncodedText TaskScore = JsonEncodedText.Encode("taskScore");
        public static readonly JsonEncodedText TaskScoreExact = JsonEncodedText.Encode("taskScoreExact");
        public static readonly JsonEncodedText TaskScoreLoss = JsonEncodedText.Encode("taskScoreLoss");
        public static readonly JsonEncodedText EnergyJ = JsonEncodedText.Encode("energyJ");
        public static readonly JsonEncodedText LatencyS = JsonEncodedText.Encode("latencyS");
        public static readonly JsonEncodedText AreaMm2 = JsonEncodedText.Encode("areaMm2");
        public static readonly JsonEncodedText Crossbars = JsonEncodedText.Encode("crossbars");
        public static readonly JsonEncodedText WriteEnergyJ = JsonEncodedText.Encode("writeEnergyJ");
        public static readonly JsonEncodedText WriteLatencyS = JsonEncodedText.Encode("writeLatencyS");
        public static readonly JsonEncodedText WritesBeforeWearOut = JsonEncodedText.Encode("writesBeforeWearOut");
        public static readonly JsonEncodedText WriteEnergyPerDayJ = JsonEncodedText.Encode("writeEnergyPerDayJ");
        public static readonly JsonEncodedText LifetimeYears = JsonEncodedText.Encode("lifetimeYears");
        public static readonly JsonEncodedText AmortisedEnergyPerQueryJ = JsonEncodedText.Encode("amortisedEnergyPerQueryJ");
        public static readonly JsonEncodedText Speedup = JsonEncodedText.Encode("speedup");
        public static readonly JsonEncodedText EnergyRatio = JsonEncodedText.Encode("energyRatio");
        public static readonly JsonEncodedText RetiredAt = JsonEncodedText.Encode("retiredAt");
        public static readonly JsonEncodedText RetiredBy = JsonEncodedText.Encode("retiredBy");
        public static readonly JsonEncodedText CorrectPerTrial = JsonEncodedText.Encode("correctPerTrial");
        public static readonly JsonEncodedText Confusion = JsonEncodedText.Encode("confusion");
        public static readonly JsonEncodedText Breakdown = JsonEncodedText.Encode("breakdown");
        public static readonly JsonEncodedText ObjectiveAccuracy = JsonEncodedText.Encode("objectiveAccuracy");
        public static readonly JsonEncodedText Mean = JsonEncodedText.Encode("mean");
        public static readonly JsonEncodedText CiLow = JsonEncodedText.Encode("ciLow");
        public static readonly JsonEncodedText CiHigh = JsonEncodedText.Encode("ciHigh");
        public static readonly JsonEncodedText P5 = JsonEncodedText.Encode("p5");

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonEncodedText> Components = new(StringComparer.Ordinal);

        /// <summary>A breakdown component's name, encoded on first use (a sweep has a dozen).</summary>
        public static JsonEncodedText Component(string name) => Components.GetOrAdd(name, n => JsonEncodedText.Encode(n));
    }

    /// <summary>Parses one line written by <see cref="Serialize"/>.</summary>
    /// <exception cref="JsonException">When <paramref name="line"/> is not a complete, valid point (missing required member, unknown member, wrong type).</exception>
    public static PointResult Deserialize(string line)
    {
        var obj = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("Expected a JSON object.");
        var values = new object?[DesignAxes.All.Count];
        foreach (var axis in DesignAxes.All)
        {
            values[axis.Index] = axis.ReadJson(obj);
            foreach (var column in axis.Columns) obj.Remove(column);
        }
        var point = obj.Deserialize<PointResult>(Options) ?? throw new JsonException("Expected a JSON object, found null.");
        return point with { Coordinates = new AxisValues(values) };
    }

    /// <summary>
    /// Reads every point of a <c>points.jsonl</c> file. Blank lines are ignored. An invalid last
    /// line (torn by a killed run) is skipped and counted; an invalid line before it is an error.
    /// </summary>
    /// <param name="pointsJsonlPath">Path of the file.</param>
    /// <returns>The points in file order and the number of skipped last lines (0 or 1).</returns>
    /// <exception cref="InputException">When the file is missing, or a line other than the last is not a valid point (with file, 1-based line and JSON path).</exception>
    public static PointsFile ReadAll(string pointsJsonlPath)
    {
        int skipped = 0;
        var points = PointSource.File(pointsJsonlPath, _ => skipped = 1).Read().Select(p => p.Point).ToList();
        return new PointsFile(points, skipped);
    }
}
