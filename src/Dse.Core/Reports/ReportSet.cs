using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Pareto;
using Dse.Reports.Html;

namespace Dse.Reports;

/// <summary>What <see cref="ReportSet.WriteAll"/> wrote.</summary>
/// <param name="Files">File names written.</param>
/// <param name="Failed">Writers that failed, with their error.</param>
/// <param name="FrontSize">Points on the Pareto front.</param>
public sealed record WrittenReports(IReadOnlyList<string> Files, IReadOnlyList<string> Failed, int FrontSize);

/// <summary>
/// Writes the tables and pages of a run folder from its points alone (so <c>dse report</c> can regenerate them without
/// recomputing): points.csv, pareto.csv and the offline HTML site (index, pareto, breakdown, sensitivity). Each file is
/// written atomically; one failing writer is logged and the others still run.
/// </summary>
public static class ReportSet
{
    /// <summary>File name of the constrained-selection record written by <c>dse select</c> and shown on the index page.</summary>
    public const string SelectionFile = "selection.json";

    /// <summary>Writes every report of <paramref name="points"/> into <paramref name="outDir"/>.</summary>
    /// <param name="outDir">Run folder (its summary.json and selection.json, when present, feed the index page).</param>
    /// <param name="spec">The sweep (name, objectives, specification shown on the index page).</param>
    /// <param name="points">Every point of the run folder (as read back from points.jsonl).</param>
    /// <param name="log">Where writer failures are reported.</param>
    public static WrittenReports WriteAll(string outDir, SweepSpec spec, IReadOnlyList<PointResult> points, Action<string>? log)
    {
        var objectives = spec.Objectives.Select(name => Objective.Parse(name, spec.SourceFile, "$.objectives")).ToList();
        var front = ParetoFront.Compute(points, objectives);
        var summary = ReadJson(Path.Combine(outDir, "summary.json"));
        var selection = ReadJson(Path.Combine(outDir, SelectionFile));
        var writers = new (string File, Action<string> Write)[]
        {
            ("points.csv", path => CsvWriter.WritePoints(path, points)),
            ("pareto.csv", path => CsvWriter.WritePareto(path, points, objectives)),
            ("index.html", path => WriteText(path, IndexPage.Render(spec, points, front, objectives, summary, selection))),
            ("pareto.html", path => WriteText(path, ParetoPage.Render(spec.Name, points))),
            ("breakdown.html", path => WriteText(path, BreakdownPage.Render(spec.Name, points, front, objectives))),
            ("sensitivity.html", path => WriteText(path, SensitivityPage.Render(spec.Name, points))),
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

    private static void WriteText(string path, string text) => AtomicFile.WriteText(path, w => w.Write(text));

    private static JsonNode? ReadJson(string path)
    {
        if (!File.Exists(path)) return null;
        try { return JsonNode.Parse(File.ReadAllText(path)); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
