using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Costs;
using Dse.Diagnostics;
using Dse.Pareto;

namespace Dse.Runs;

/// <summary>
/// <c>search-designs.jsonl</c>, written by <c>dse search</c> beside its tables: every verified per-slice ADC design (heterogeneous
/// assignment) with its full result, one JSON line each, so that <c>dse select</c> can weigh them against the run's points
/// (docs/models.md, 'Constrained selection'). A line is
/// <c>{"baseKey": "...", "adcBitsPerSlice": "8-6-5-4", "origin": "EnergySolve", "surrogateError": 1.5e-3, "point": { ... }}</c>, the
/// point as a line of <c>points.jsonl</c> (<see cref="PointJson"/>).
/// </summary>
public static class PerSliceDesignFile
{
    /// <summary>File name: <c>search-designs.jsonl</c>.</summary>
    public const string FileName = "search-designs.jsonl";

    private static readonly string[] Keys = ["baseKey", "adcBitsPerSlice", "origin", "surrogateError", "point"];

    private static readonly PerSliceOrigin AnyOrigin = Enum.GetValues<PerSliceOrigin>().Aggregate((a, b) => a | b);

    /// <summary>Writes the heterogeneous designs of <paramref name="verified"/> to <paramref name="path"/>, atomically, in their order.</summary>
    /// <param name="path">The file.</param>
    /// <param name="verified">Verified assignments (<see cref="PerSliceSearchResult.Verified"/>); homogeneous ones are left out.</param>
    /// <exception cref="ArgumentException">When a double is NaN or infinite (JSON cannot hold it).</exception>
    public static void Write(string path, IEnumerable<PerSliceVerified> verified) => AtomicFile.Write(path, stream =>
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer);
        foreach (var v in verified.Where(v => !v.Bits.IsHomogeneous))
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartObject();
            writer.WriteString("baseKey", v.BaseKey);
            writer.WriteString("adcBitsPerSlice", v.Bits.ToString());
            writer.WriteString("origin", v.Origin.ToString());
            writer.WriteNumber("surrogateError", v.SurrogateError);
            writer.WritePropertyName("point");
            PointJson.Write(writer, v.Result);
            writer.WriteEndObject();
            writer.Flush();
            buffer.Write("\n"u8);
            stream.Write(buffer.WrittenSpan);
        }
    });

    /// <summary>Reads a file written by <see cref="Write"/>; blank lines are ignored.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The designs, in file order.</returns>
    /// <exception cref="InputException">When the file cannot be read, or a line is not a design of this form (file, 1-based line, JSON path).</exception>
    public static IReadOnlyList<PerSliceVerified> Read(string path)
    {
        var designs = new List<PerSliceVerified>();
        var errors = new List<InputError>();
        int number = 0;
        foreach (var line in InputFile.ReadAllText(path, "per-slice designs file (search-designs.jsonl)").Split('\n'))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            void Bad(string at, string expected, string found) => errors.Add(new InputError(path, at, number, expected, found));
            JsonObject obj;
            try { obj = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object"); }
            catch (JsonException ex)
            {
                Bad("$", "one JSON object per line describing a verified per-slice design (written by dse search)", ex.Message);
                continue;
            }
            foreach (var (key, _) in obj.Where(kv => !Keys.Contains(kv.Key)))
                Bad(JsonSourceMap.Child("$", key), "a known key: " + NameSuggester.ListWithSuggestion(key, Keys), $"unknown key '{key}'");
            string? baseKey = Text("baseKey");
            var bits = AdcBitsPerSlice.TryParse(Text("adcBitsPerSlice"));
            if (bits is not { IsHomogeneous: false }) Bad("$.adcBitsPerSlice", "a heterogeneous " + AdcBitsPerSlice.Expected, StrictObjectReader.Describe(obj["adcBitsPerSlice"]));
            PerSliceOrigin origin = default;
            if (Text("origin") is not string originText || !Enum.TryParse(originText, out origin) || origin == 0 || (origin & ~AnyOrigin) != 0)
                Bad("$.origin", $"the origin of the design: {string.Join(", ", Enum.GetNames<PerSliceOrigin>())} (comma-separated)", StrictObjectReader.Describe(obj["origin"]));
            double? error = obj["surrogateError"] is JsonValue e && e.TryGetValue(out double d) && double.IsFinite(d) ? d : null;
            if (error is null) Bad("$.surrogateError", "a finite number (the summed surrogate error)", StrictObjectReader.Describe(obj["surrogateError"]));
            Exploration.PointResult? point = null;
            if (obj["point"] is JsonObject p)
            {
                try { point = PointJson.Deserialize(p.ToJsonString()); }
                catch (JsonException ex) { Bad("$.point" + (ex.Path ?? "$")[1..], "a point result as in points.jsonl", ex.Message); }
            }
            else Bad("$.point", "an object: the design's point result as in points.jsonl", StrictObjectReader.Describe(obj["point"]));
            if (baseKey is not null && bits is { IsHomogeneous: false } && error is double surrogate && point is not null && origin != 0)
                designs.Add(new PerSliceVerified(baseKey, bits, surrogate, point, origin));

            string? Text(string key)
            {
                if (obj[key] is JsonValue v && v.TryGetValue(out string? s)) return s;
                if (key == "baseKey") Bad("$.baseKey", "a string: the base design's key (ADC-bits token a*)", StrictObjectReader.Describe(obj[key]));
                return null;
            }
        }
        if (errors.Count > 0) throw new InputException(errors);
        return designs;
    }
}
