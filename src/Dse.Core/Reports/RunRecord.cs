using Dse.Exploration;
using Dse.Runs;
using Dse.Pareto;

namespace Dse.Reports;

/// <summary>
/// A run as the report writers read it, immutable once read (<see cref="ReportSet.Read"/>): the sweep, summary and selection,
/// the points to stream again, how many there are, the one Pareto front under the sweep's objectives, and the collectors the
/// writers declared, finished (<see cref="Get{T}"/>). Memory does not grow with the run beyond what the collectors keep.
/// </summary>
public sealed class RunRecord
{
    private readonly IReadOnlyDictionary<Type, IPointCollector> _collectors;

    /// <summary>The record of <paramref name="run"/> once its <paramref name="count"/> points were read into <paramref name="collectors"/>.</summary>
    internal RunRecord(StoredRun run, int count, IReadOnlyList<PointResult> front, IReadOnlyDictionary<Type, IPointCollector> collectors)
    {
        Spec = run.Spec;
        Points = run.Points;
        Summary = run.Summary;
        Selection = run.Selection;
        Count = count;
        Front = front;
        _collectors = collectors;
    }

    /// <summary>The sweep.</summary>
    public SweepSpec Spec { get; }

    /// <summary>The points, to read again one at a time (<c>points.csv</c>).</summary>
    public PointSource Points { get; }

    /// <summary>Inputs, timings, skipped points, environment and assumptions; null for a run interrupted before it wrote them.</summary>
    public RunSummary? Summary { get; }

    /// <summary>The last constrained selection, or null.</summary>
    public SelectionRecord? Selection { get; }

    /// <summary>Points in the run.</summary>
    public int Count { get; }

    /// <summary>The non-dominated points under <see cref="SweepSpec.Objectives"/>, best first in the first objective (<see cref="Collectors.SweepFront"/>, computed once per read).</summary>
    public IReadOnlyList<PointResult> Front { get; }

    /// <summary>The finished collector of type <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">When no writer given to <see cref="ReportSet.Read"/> declared it.</exception>
    public T Get<T>() where T : class, IPointCollector
        => _collectors.TryGetValue(typeof(T), out var collector) ? (T)collector
            : throw new InvalidOperationException($"{typeof(T).Name} was not collected: the writer reading it was not among those the run was read for.");
}
