using Dse.Exploration.Runs;

namespace Dse.Reports;

/// <summary><c>pareto.csv</c>: the run's Pareto front (<see cref="RunReport.Front"/>), best first in the first objective, with the columns of <c>points.csv</c>.</summary>
public sealed class ParetoCsvWriter : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "pareto.csv";

    /// <inheritdoc/>
    public void Write(RunReport run, string folder)
        => AtomicFile.Write(Path.Combine(folder, FileName), s => CsvWriter.Write(s, run.Front, run.ComponentsInKeyOrder));
}
