using Dse.Exploration;
using Dse.Runs;

namespace Dse.Reports.Collectors;

/// <summary>The names of the cost breakdown's components (<see cref="PointResult.Breakdown"/>) in the order a pass over the points in some order first meets them (<see cref="FirstSeenOrder{TRank}"/>).</summary>
/// <typeparam name="TRank">What orders the points.</typeparam>
public abstract class ComponentOrder<TRank>
{
    private readonly FirstSeenOrder<TRank> _order;

    private protected ComponentOrder(IComparer<TRank> ranks) => _order = new FirstSeenOrder<TRank>(ranks);

    /// <summary>The component names in first-seen order; empty until the first pass ends.</summary>
    public IReadOnlyList<string> Names { get; private set; } = [];

    /// <summary>Adds the components of <paramref name="point"/>, ranked <paramref name="rank"/>.</summary>
    private protected void Add(TRank rank, PointResult point) => _order.Add(rank, point.Breakdown.Keys);

    /// <summary>Ends the first pass (<see cref="IPointCollector.EndFirstPass"/>): no second pass.</summary>
    public bool EndFirstPass()
    {
        Names = _order.Order;
        return false;
    }
}

/// <summary>Breakdown components in first-seen order over the points in key order (<see cref="NaturalKeyComparer"/>): the columns of points.csv and pareto.csv.</summary>
public sealed class ComponentsInKeyOrder : ComponentOrder<string>, IPointCollector<ComponentsInKeyOrder>
{
    private ComponentsInKeyOrder() : base(NaturalKeyComparer.Instance)
    {
    }

    /// <inheritdoc/>
    public static ComponentsInKeyOrder Create(CollectorSet collectors) => new();

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order) => Add(point.Key, point);
}

/// <summary>Breakdown components in first-seen order over the points in store order: the bar segments of the breakdown page.</summary>
public sealed class ComponentsInStoreOrder : ComponentOrder<long>, IPointCollector<ComponentsInStoreOrder>
{
    private ComponentsInStoreOrder() : base(Comparer<long>.Default)
    {
    }

    /// <inheritdoc/>
    public static ComponentsInStoreOrder Create(CollectorSet collectors) => new();

    /// <inheritdoc/>
    public void Offer(PointResult point, PointLocation location, long order) => Add(order, point);
}
