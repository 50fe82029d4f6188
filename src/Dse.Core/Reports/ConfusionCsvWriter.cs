using System.Globalization;
using System.Text;
using Dse.Exploration;
using Dse.Reports.Html;
using Dse.Runs;

namespace Dse.Reports;

/// <summary>
/// <c>confusion.csv</c>: the retrieval confusion of the designs a reader looks at, the Pareto front's and those <c>dse select</c>
/// ranked: one row per nonzero (true OVT, picked OVT) count, <c>key,true,picked,count,rate</c>, where rate is the count over the
/// answers to queries of that true OVT (so a design's rows for one true OVT add up to 1). OVTs by name when the run's summary
/// lists them, else by store index. Every point's counts are in <c>points.jsonl</c> (<see cref="PointResult.Confusion"/>).
/// </summary>
public sealed class ConfusionCsvWriter : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "confusion.csv";

    /// <inheritdoc/>
    public void Declare(CollectorSet collectors) => collectors.Use<SelectedPoints>();

    /// <inheritdoc/>
    public void Write(RunRecord run, string folder)
    {
        var designs = run.Front.Concat(run.Get<SelectedPoints>().Points.Values).DistinctBy(p => p.Key).Where(p => p.Confusion is not null).OrderBy(p => p.Key, StringComparer.Ordinal);
        var names = run.Summary?.OvtNames;
        var text = new StringBuilder("key,true,picked,count,rate\r\n");
        foreach (var p in designs)
            foreach (var pair in ConfusedPairs.Of(p, includeRight: true))
                text.Append(CsvWriter.Quote(p.Key)).Append(',').Append(CsvWriter.Quote(ConfusedPairs.Name(pair.True, names))).Append(',')
                    .Append(CsvWriter.Quote(ConfusedPairs.Name(pair.Picked, names))).Append(',').Append(pair.Count.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(pair.Rate.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
        AtomicFile.WriteText(Path.Combine(folder, FileName), w => w.Write(text.ToString()));
    }
}

/// <summary>A design's retrieval confusion as rates: which OVTs its noisy arrays pick for which.</summary>
public static class ConfusedPairs
{
    /// <summary>The design's (true, picked) pairs in (true, picked) order with their count and rate (count over the answers to that true
    /// OVT's queries); <paramref name="includeRight"/>: with the right answers (true = picked).</summary>
    /// <exception cref="InvalidOperationException">For a point without a confusion (cost-only).</exception>
    public static IReadOnlyList<ConfusedPair> Of(PointResult point, bool includeRight)
    {
        var cells = point.Confusion ?? throw new InvalidOperationException($"Point {point.Key} has no retrieval confusion (not simulated).");
        var answers = cells.GroupBy(c => c.True).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        return cells.Where(c => includeRight || c.True != c.Picked).Select(c => new ConfusedPair(c.True, c.Picked, c.Count, c.Count / (double)answers[c.True])).ToArray();
    }

    /// <summary>The <paramref name="k"/> most frequent wrong pairs of the design, by count (then by true and picked index).</summary>
    public static IReadOnlyList<ConfusedPair> MostConfused(PointResult point, int k)
        => Of(point, includeRight: false).OrderByDescending(p => p.Count).ThenBy(p => p.True).ThenBy(p => p.Picked).Take(k).ToArray();

    /// <summary>OVT <paramref name="index"/>'s name from <paramref name="names"/> (store order), else <c>OVT index</c>.</summary>
    public static string Name(int index, IReadOnlyList<string>? names) => names is not null && index < names.Count ? names[index] : $"OVT {index}";
}

/// <summary>One (true, picked) pair of a design's confusion.</summary>
/// <param name="True">The queries' true OVT (store index).</param>
/// <param name="Picked">The OVT the noisy arrays picked (store index).</param>
/// <param name="Count">Answers, over the design's chips.</param>
/// <param name="Rate">Count over all answers to queries of <paramref name="True"/>, in [0, 1].</param>
public readonly record struct ConfusedPair(int True, int Picked, int Count, double Rate);
