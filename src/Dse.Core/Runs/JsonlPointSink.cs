using System.Buffers;
using Dse.Exploration;

namespace Dse.Runs;

/// <summary>
/// Streams point results to <c>points.jsonl</c>: one complete JSON line per point, appended and flushed as
/// each point finishes, so a killed run loses at most the points in flight.
/// </summary>
public sealed class JsonlPointSink : IPointSink, IDisposable
{
    private readonly FileStream _stream;
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly System.Text.Json.Utf8JsonWriter _writer;

    /// <summary>Opens <paramref name="path"/>: appending to it (resume) or creating it afresh.</summary>
    /// <param name="path">The <c>points.jsonl</c> file.</param>
    /// <param name="append">True: keep existing lines (see <see cref="RunStore.OpenForResume"/>); false: start empty.</param>
    public JsonlPointSink(string path, bool append)
    {
        _stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        _writer = new System.Text.Json.Utf8JsonWriter(_buffer);
    }

    /// <inheritdoc />
    public void Add(PointResult point)
    {
        // One write per line: a crash leaves at most a torn last line, which PointJson.ReadAll drops.
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        PointJson.Write(_writer, point);
        _writer.Flush();
        _buffer.Write("\n"u8);
        _stream.Write(_buffer.WrittenSpan);
        _stream.Flush(flushToDisk: false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
