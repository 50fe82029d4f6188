using System.Text.Json;
using System.Text.Json.Serialization;
using Dse.Diagnostics;
using System.Text.Json.Nodes;
using Dse.Exploration.Axes;

namespace Dse.Exploration.Runs;

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
    /// fields in <see cref="DesignAxes.All"/> order, then the metrics.
    /// </summary>
    /// <exception cref="ArgumentException">When a double is NaN or infinite (JSON cannot hold it).</exception>
    public static string Serialize(PointResult point)
    {
        var metrics = JsonSerializer.SerializeToNode(point, Options)!.AsObject();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", point.Key);
            foreach (var axis in DesignAxes.All) axis.WriteJson(writer, point.Coordinates[axis]);
            foreach (var (name, value) in metrics)
            {
                if (name == "key") continue;
                writer.WritePropertyName(name);
                if (value is null) writer.WriteNullValue();
                else value.WriteTo(writer, Options);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
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
        if (!File.Exists(pointsJsonlPath))
            throw new InputException(new InputError(pointsJsonlPath, null, null, "an existing points.jsonl file", "no such file"));
        var lines = File.ReadAllLines(pointsJsonlPath);
        int last = Array.FindLastIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        var points = new List<PointResult>(lines.Length);
        int skipped = 0;
        for (int i = 0; i <= last; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            try
            {
                points.Add(Deserialize(lines[i]));
            }
            catch (JsonException) when (i == last)
            {
                skipped = 1;
            }
            catch (JsonException ex)
            {
                throw new InputException(new InputError(pointsJsonlPath, ex.Path ?? "$", i + 1,
                    "one complete JSON object per line describing a point result", ex.Message));
            }
        }
        return new PointsFile(points, skipped);
    }
}
