using System.Text;
using System.Text.Json;
using Dse.Diagnostics;
using Dse.Exploration;

namespace Dse.Runs;

/// <summary>Where a point is in its <see cref="PointSource"/>: a line of <c>points.jsonl</c> (byte offset and length), or an index into a list.</summary>
/// <param name="Offset">Byte offset of the line, or the list index.</param>
/// <param name="Length">Bytes of the line without its line break (0 for a list).</param>
public readonly record struct PointLocation(long Offset, int Length);

/// <summary>One point read from a <see cref="PointSource"/> and where it was.</summary>
/// <param name="Point">The point.</param>
/// <param name="Location">Where to read it again (<see cref="PointSource.ReadAt"/>).</param>
public readonly record struct StoredPoint(PointResult Point, PointLocation Location);

/// <summary>
/// The points of a run, read afresh on every pass in store order, so that whoever reads them (the reports) holds one point at a
/// time instead of all of them: <c>points.jsonl</c> streamed line by line, or a list already in memory (a merge, tests).
/// </summary>
public sealed class PointSource
{
    private readonly string? _path;
    private readonly IReadOnlyList<PointResult>? _list;
    private readonly Action<string>? _warn;
    private bool _warned;

    private PointSource(string? path, IReadOnlyList<PointResult>? list, Action<string>? warn)
    {
        _path = path;
        _list = list;
        _warn = warn;
    }

    /// <summary>The points of <paramref name="pointsJsonlPath"/>, streamed on each pass.</summary>
    /// <param name="pointsJsonlPath">A <c>points.jsonl</c> file.</param>
    /// <param name="warn">Receives, once, a warning when a torn last line (an interrupted run) is dropped.</param>
    /// <exception cref="InputException">When the file does not exist.</exception>
    public static PointSource File(string pointsJsonlPath, Action<string>? warn = null)
    {
        if (!System.IO.File.Exists(pointsJsonlPath))
            throw new InputException(new InputError(pointsJsonlPath, null, null, "an existing points.jsonl file", "no such file"));
        return new PointSource(pointsJsonlPath, null, warn);
    }

    /// <summary>Points already in memory, in the given order.</summary>
    public static PointSource Of(IReadOnlyList<PointResult> points) => new(null, points, null);

    /// <summary>
    /// Every point in store order, each with its <see cref="PointLocation"/>. Blank lines are ignored; an invalid last line (torn
    /// by a killed run) is dropped, as <see cref="PointJson.ReadAll"/> drops it.
    /// </summary>
    /// <exception cref="InputException">When a line other than the last is not a valid point (file, 1-based line, JSON path).</exception>
    public IEnumerable<StoredPoint> Read()
    {
        if (_list is not null)
        {
            for (int i = 0; i < _list.Count; i++) yield return new StoredPoint(_list[i], new PointLocation(i, 0));
            yield break;
        }
        using var stream = new FileStream(_path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        // An invalid line is an error only when a non-blank line follows it: the last one is a torn write and is dropped.
        JsonException? invalid = null;
        int invalidLine = 0;
        foreach (var (start, length, text, number) in Lines(stream))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (invalid is not null)
                throw new InputException(new InputError(_path!, invalid.Path ?? "$", invalidLine, "one complete JSON object per line describing a point result", invalid.Message));
            PointResult point;
            try { point = PointJson.Deserialize(text); }
            catch (JsonException ex)
            {
                (invalid, invalidLine) = (ex, number);
                continue;
            }
            yield return new StoredPoint(point, new PointLocation(start, length));
        }
        if (invalid is not null && !_warned)
        {
            _warned = true;
            _warn?.Invoke($"{Path.GetDirectoryName(_path)}: dropped a torn last line of points.jsonl (an interrupted run; resume it to complete it)");
        }
    }

    /// <summary>Every point, in store order, held in memory (for the commands that need them together: merge, search, select).</summary>
    /// <exception cref="InputException">When a line other than the last is not a valid point.</exception>
    public IReadOnlyList<PointResult> ReadAll() => Read().Select(p => p.Point).ToList();

    /// <summary>The lines of <paramref name="stream"/> (split at LF): byte offset, byte length, text and 1-based number of each.</summary>
    private static IEnumerable<(long Start, int Length, string Text, int Number)> Lines(Stream stream)
    {
        var buffer = new byte[1 << 16];
        using var line = new MemoryStream();
        long position = 0, start = 0;
        int number = 0, n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            int from = 0;
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                line.Write(buffer, from, i - from);
                yield return (start, (int)line.Length, Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length), ++number);
                line.SetLength(0);
                start = position + i + 1;
                from = i + 1;
            }
            line.Write(buffer, from, n - from);
            position += n;
        }
        if (line.Length > 0) yield return (start, (int)line.Length, Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length), ++number);
    }

    /// <summary>The points at <paramref name="locations"/> (from <see cref="Read"/>), in that order, read one at a time.</summary>
    public IEnumerable<PointResult> ReadAt(IEnumerable<PointLocation> locations)
    {
        if (_list is not null)
        {
            foreach (var at in locations) yield return _list[(int)at.Offset];
            yield break;
        }
        using var handle = System.IO.File.OpenHandle(_path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[4096];
        foreach (var at in locations)
        {
            if (bytes.Length < at.Length) bytes = new byte[Math.Max(at.Length, 2 * bytes.Length)];
            int read = 0;
            while (read < at.Length)
            {
                int n = RandomAccess.Read(handle, bytes.AsSpan(read, at.Length - read), at.Offset + read);
                if (n == 0) throw new InputException(new InputError(_path!, null, null, "points.jsonl unchanged while the reports are written", "a shorter file"));
                read += n;
            }
            yield return PointJson.Deserialize(Encoding.UTF8.GetString(bytes, 0, at.Length));
        }
    }
}
