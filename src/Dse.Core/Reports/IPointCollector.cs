using Dse.Exploration;
using Dse.Runs;

namespace Dse.Reports;

/// <summary>
/// What one need of the report writers keeps while a run's points stream past (<see cref="CollectorSet"/>), in bounded memory: a
/// front, a sample, a few extremes, never the points themselves. The reader calls, in this order:
/// <list type="number">
/// <item><see cref="Offer"/> for every point, in store order (the first pass);</item>
/// <item><see cref="EndFirstPass"/> once; a collector that can only tell which points it needs once it has seen them all (the
/// points near a reference it has just chosen) returns true;</item>
/// <item>then, only when some collector returned true, <see cref="OfferAgain"/> for every point again, in the same order, to those
/// collectors alone (the second pass, one more read of the run however many ask), and <see cref="EndSecondPass"/> once each.</item>
/// </list>
/// Collectors are ended in the order they were first used, so the collectors one builds on (used from its
/// <see cref="IPointCollector{TSelf}.Create"/>) have ended each pass before it ends the same pass: it may read their results in
/// its own <see cref="EndFirstPass"/> and <see cref="OfferAgain"/>.
/// </summary>
public interface IPointCollector
{
    /// <summary>The first pass: one point of the run.</summary>
    /// <param name="point">The point.</param>
    /// <param name="location">Where the point can be read again (<see cref="PointSource.ReadAt"/>).</param>
    /// <param name="order">Its position in store order, from 0.</param>
    void Offer(PointResult point, PointLocation location, long order);

    /// <summary>The first pass is over: finishes what the collector computes from it.</summary>
    /// <returns>True to see every point again (<see cref="OfferAgain"/>).</returns>
    bool EndFirstPass();

    /// <summary>The second pass (only for a collector whose <see cref="EndFirstPass"/> returned true): one point of the run.</summary>
    /// <param name="point">The point.</param>
    /// <param name="order">Its position in store order, as in the first pass.</param>
    /// <exception cref="InvalidOperationException">From a collector that asked for no second pass.</exception>
    void OfferAgain(PointResult point, long order) => throw new InvalidOperationException($"{GetType().Name} asked for no second pass.");

    /// <summary>The second pass is over (called only when <see cref="EndFirstPass"/> returned true).</summary>
    void EndSecondPass()
    {
    }
}

/// <summary>A collector that a <see cref="CollectorSet"/> can make: one instance per type and run, shared by every writer that uses it.</summary>
/// <typeparam name="TSelf">The collector's own type.</typeparam>
public interface IPointCollector<TSelf> : IPointCollector where TSelf : class, IPointCollector<TSelf>
{
    /// <summary>A new, empty collector for the run of <paramref name="collectors"/>.</summary>
    /// <param name="collectors">The run's collectors: the sweep and selection it may read, and the collectors it builds on
    /// (<see cref="CollectorSet.Use{T}"/>).</param>
    static abstract TSelf Create(CollectorSet collectors);
}
