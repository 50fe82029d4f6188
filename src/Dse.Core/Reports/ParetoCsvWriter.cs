using Dse.Runs;
using Dse.Reports.Collectors;

namespace Dse.Reports;

/// <summary><c>pareto.csv</c>: the run's Pareto front (<see cref="RunRecord.Front"/>), best first in the first objective, with the columns of <c>points.csv</c>.</summary>
public sealed class ParetoCsvWriter : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "pareto.csv";

    /// <inheritdoc/>
    public void Declare(CollectorSet collectors) => collectors.Use<ComponentsInKeyOrder>();

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder)
        => AtomicFile.Write(Path.Combine(folder, FileName), s => CsvWriter.Write(s, run.Front, run.Get<ComponentsInKeyOrder>().Names, CsvExtrasOf.Of(run.Spec)));
}
