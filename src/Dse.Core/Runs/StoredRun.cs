using Dse.Exploration;
using Dse.Pareto;

namespace Dse.Runs;

/// <summary>
/// A run: its sweep, its points read afresh on each pass (a run folder's <c>points.jsonl</c>, <see cref="RunStore.Open"/>, or points
/// held in memory, <see cref="PointSource.Of"/>), its summary and its last selection. What the reports, merge, search and select read.
/// </summary>
/// <param name="Spec">The sweep (read back from <c>run.json</c>).</param>
/// <param name="Points">The points, read in store order on each pass.</param>
/// <param name="Summary">What the run records about itself; null for a run interrupted before it wrote one.</param>
/// <param name="Selection">The last <c>dse select</c> answer, or null.</param>
public sealed record StoredRun(SweepSpec Spec, PointSource Points, RunSummary? Summary, SelectionRecord? Selection);
