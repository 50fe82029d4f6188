using Dse.Exploration;
using Dse.Pareto;

namespace Dse.Reports;

/// <summary>What <see cref="ReportSet.WriteAll"/> wrote.</summary>
/// <param name="Files">File names written.</param>
/// <param name="Failed">Writers that failed, with their error.</param>
/// <param name="FrontSize">Points on the Pareto front.</param>
public sealed record WrittenReports(IReadOnlyList<string> Files, IReadOnlyList<string> Failed, int FrontSize);

/// <summary>Writes the tables and plots of a finished sweep; one failing writer is logged and the others still run.</summary>
public static class ReportSet
{
    /// <summary>Writes points.csv, pareto.csv and pareto.html of <paramref name="points"/> into <paramref name="outDir"/>, each atomically.</summary>
    /// <param name="outDir">Run folder.</param>
    /// <param name="prepared">The sweep (name, objectives).</param>
    /// <param name="points">Every point of the run folder (as read back from points.jsonl).</param>
    /// <param name="log">Where writer failures are reported.</param>
    public static WrittenReports WriteAll(string outDir, PreparedSweep prepared, IReadOnlyList<PointResult> points, Action<string>? log)
    {
        var objectives = prepared.Spec.Objectives.Select(name => Objective.Parse(name, prepared.Spec.SourceFile, "$.objectives")).ToList();
        var front = ParetoFront.Compute(points, objectives);
        var writers = new (string File, Action<string> Write)[]
        {
            ("points.csv", path => CsvWriter.WritePoints(path, points)),
            ("pareto.csv", path => CsvWriter.WritePareto(path, points, objectives)),
            ("pareto.html", path => ParetoHtmlWriter.Write(path, prepared.Spec.Name, points)),
        };
        var files = new List<string>();
        var failed = new List<string>();
        foreach (var (file, write) in writers)
        {
            try
            {
                write(Path.Combine(outDir, file));
                files.Add(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                failed.Add($"{file}: {ex.Message}");
                log?.Invoke($"error: could not write {file}: {ex.Message}");
            }
        }
        return new WrittenReports(files, failed, front.Count);
    }
}
