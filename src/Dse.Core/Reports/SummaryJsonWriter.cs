using Dse.Runs;

namespace Dse.Reports;

/// <summary><c>summary.json</c>: the run's <see cref="RunSummary"/> (nothing when the run has none yet).</summary>
public sealed class SummaryJsonWriter : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => RunStore.SummaryFile;

    /// <inheritdoc/>
    /// <remarks>Reads no collector: the summary is the run's own record.</remarks>
    public void Declare(CollectorSet collectors)
    {
    }

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder)
    {
        if (run.Summary is { } summary) RunStore.WriteRecord(Path.Combine(folder, FileName), summary);
    }
}
