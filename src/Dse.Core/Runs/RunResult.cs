using Dse.Pareto;
using Dse.Exploration;

namespace Dse.Runs;

/// <summary>
/// Everything a finished (or merged, or partly computed) run produced, immutable: the one object every report writer and
/// <c>dse select</c> read. The Pareto front under the sweep's objectives is computed once, here.
/// </summary>
public sealed record RunResult
{
    /// <summary>Creates the result and computes its Pareto front under <paramref name="spec"/>'s objectives.</summary>
    /// <param name="spec">The sweep (read back from <c>run.json</c> for a stored run).</param>
    /// <param name="points">Every point of the run.</param>
    /// <param name="summary">What the run records about itself; null for a run interrupted before it wrote one.</param>
    /// <param name="selection">The last <c>dse select</c> answer, or null.</param>
    public RunResult(SweepSpec spec, IReadOnlyList<PointResult> points, RunSummary? summary, SelectionRecord? selection)
    {
        Spec = spec;
        Points = points;
        Summary = summary;
        Selection = selection;
        Front = ParetoFront.Compute(points, spec.Objectives);
    }

    /// <summary>The sweep.</summary>
    public SweepSpec Spec { get; }

    /// <summary>Every point of the run, in store order.</summary>
    public IReadOnlyList<PointResult> Points { get; }

    /// <summary>The non-dominated points under <see cref="SweepSpec.Objectives"/>, best first in the first objective.</summary>
    public IReadOnlyList<PointResult> Front { get; }

    /// <summary>Inputs, timings, skipped points, environment and assumptions; null for a run interrupted before it wrote them.</summary>
    public RunSummary? Summary { get; }

    /// <summary>The last constrained selection, or null.</summary>
    public SelectionRecord? Selection { get; init; }
}

/// <summary>A run folder opened for reading its points one pass at a time (<see cref="RunStore.Open"/>): what the reports read.</summary>
/// <param name="Spec">The sweep (read back from <c>run.json</c>).</param>
/// <param name="Points">The points, streamed from <c>points.jsonl</c> on each pass.</param>
/// <param name="Summary">What the run records about itself; null for a run interrupted before it wrote one.</param>
/// <param name="Selection">The last <c>dse select</c> answer, or null.</param>
public sealed record StoredRun(SweepSpec Spec, PointSource Points, RunSummary? Summary, SelectionRecord? Selection);
