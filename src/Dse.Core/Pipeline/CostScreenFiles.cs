
using Dse.Reports;
using Dse.Runs;

namespace Dse.Pipeline;

/// <summary>
/// Streams a cost-only screen into its run folder as it runs: each batch is appended to <c>points.jsonl</c> and
/// <c>points.csv</c> (header first; rows in enumeration order, not sorted by key, since the points are never held together).
/// </summary>
public sealed class CostScreenFiles : ICostScreenSink, IDisposable
{
    private readonly FileStream _jsonl;
    private readonly FileStream _csv;

    /// <summary>Creates (truncating) <c>points.jsonl</c> and <c>points.csv</c> in <paramref name="folder"/> and writes the CSV header.</summary>
    /// <param name="folder">The run folder (exists).</param>
    /// <param name="components">The breakdown components of the CSV (<see cref="CostScreen.CsvComponents(Dse.Exploration.PreparedSweep)"/>).</param>
    public CostScreenFiles(string folder, IReadOnlyList<string> components)
    {
        _jsonl = new FileStream(Path.Combine(folder, RunStore.PointsFile), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        _csv = new FileStream(Path.Combine(folder, "points.csv"), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        var header = new System.Buffers.ArrayBufferWriter<byte>();
        CsvWriter.WriteHeader(header, components);
        _csv.Write(header.WrittenSpan);
    }

    /// <inheritdoc/>
    public void Write(CostScreenBatch batch)
    {
        _jsonl.Write(batch.JsonLines.Span);
        _csv.Write(batch.CsvRows.Span);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _jsonl.Dispose();
        _csv.Dispose();
    }
}
