using Dse.Exploration;
using Dse.Runs;
using Dse.Pareto;

namespace Dse.Reports;

/// <summary>
/// The collectors of one run, by type: each report writer asks for what it reads (<see cref="IReportWriter.Declare"/>,
/// <see cref="Use{T}"/>); a collector asked for by several writers, or by other collectors, is made once and fed once. Then
/// <see cref="ReportSet.Read"/> streams the points past all of them (<see cref="IPointCollector"/>) and hands the finished collectors
/// to the <see cref="RunRecord"/>, where the writers read them (<see cref="RunRecord.Get{T}"/>).
/// </summary>
public sealed class CollectorSet
{
    private readonly Dictionary<Type, IPointCollector> _byType = [];
    private readonly List<IPointCollector> _inOrder = [];
    private readonly HashSet<Type> _making = [];
    private bool _read;

    /// <summary>An empty set for a run of <paramref name="spec"/> with the selection <paramref name="selection"/>.</summary>
    internal CollectorSet(SweepSpec spec, SelectionRecord? selection)
    {
        Spec = spec;
        Selection = selection;
    }

    /// <summary>The sweep of the run.</summary>
    public SweepSpec Spec { get; }

    /// <summary>Whether the run simulated accuracy (not a cost-only screen, <c>mc.trials = 0</c>).</summary>
    public bool Simulated => !Spec.Mc.CostOnly;

    /// <summary>The run's last constrained selection, or null.</summary>
    public SelectionRecord? Selection { get; }

    /// <summary>The collector of type <typeparamref name="T"/>, made (with the collectors it uses) on the first call.</summary>
    /// <exception cref="InvalidOperationException">After the points were read, or when <typeparamref name="T"/> uses itself, directly or not.</exception>
    public T Use<T>() where T : class, IPointCollector<T>
    {
        if (_byType.TryGetValue(typeof(T), out var made)) return (T)made;
        if (_read) throw new InvalidOperationException($"{typeof(T).Name} was asked for after the points were read.");
        if (!_making.Add(typeof(T))) throw new InvalidOperationException($"{typeof(T).Name} uses itself.");
        var collector = T.Create(this);
        _making.Remove(typeof(T));
        // After the collectors it used in Create: the order in which the passes end (dependencies first).
        _byType[typeof(T)] = collector;
        _inOrder.Add(collector);
        return collector;
    }

    /// <summary>Streams <paramref name="points"/> past every collector (two passes when one asks), then closes the set to <see cref="Use{T}"/>.</summary>
    /// <returns>The number of points and the finished collectors by type.</returns>
    /// <exception cref="Dse.Diagnostics.InputException">An invalid line of points.jsonl.</exception>
    /// <exception cref="InvalidOperationException">When the points were already read.</exception>
    internal (int Count, IReadOnlyDictionary<Type, IPointCollector> Collectors) Read(PointSource points)
    {
        if (_read) throw new InvalidOperationException("The points were already read.");
        _read = true;
        int count = 0;
        foreach (var (point, location) in points.Read())
        {
            foreach (var collector in _inOrder) collector.Offer(point, location, count);
            count++;
        }
        var again = new List<IPointCollector>();
        foreach (var collector in _inOrder)
            if (collector.EndFirstPass()) again.Add(collector);
        if (again.Count > 0)
        {
            long order = 0;
            foreach (var (point, _) in points.Read())
            {
                foreach (var collector in again) collector.OfferAgain(point, order);
                order++;
            }
            foreach (var collector in again) collector.EndSecondPass();
        }
        return (count, _byType);
    }
}
