using Dse.Exploration;

namespace Dse.Reports;

/// <summary>
/// Names (breakdown components) in the order a pass over the points in rank order would first meet them, computed in one pass
/// over the points in any order: each name keeps the lowest rank it was seen at and its position in that point's list.
/// </summary>
/// <typeparam name="TRank">The order of the points (store position, or key under <see cref="NaturalKeyComparer"/>); ranks are distinct.</typeparam>
public sealed class FirstSeenOrder<TRank>
{
    private readonly IComparer<TRank> _comparer;
    private readonly Dictionary<string, (TRank Rank, int Position)> _first = new(StringComparer.Ordinal);

    /// <summary>An empty order ranking points by <paramref name="comparer"/>.</summary>
    public FirstSeenOrder(IComparer<TRank> comparer) => _comparer = comparer;

    /// <summary>Adds the names of the point at <paramref name="rank"/>, in their order within that point.</summary>
    public void Add(TRank rank, IEnumerable<string> names)
    {
        int position = 0;
        foreach (var name in names)
        {
            if (!_first.TryGetValue(name, out var seen) || _comparer.Compare(rank, seen.Rank) < 0) _first[name] = (rank, position);
            position++;
        }
    }

    /// <summary>The names in first-seen order.</summary>
    public IReadOnlyList<string> Order => _first.OrderBy(kv => kv.Value.Rank, _comparer).ThenBy(kv => kv.Value.Position).Select(kv => kv.Key).ToArray();
}

/// <summary>
/// The least point offered under an ordering (the first offered among equals): the streaming form of
/// <c>points.OrderBy(...).FirstOrDefault()</c>.
/// </summary>
public sealed class LeastPoint
{
    private readonly Comparison<PointResult> _order;

    /// <summary>Keeps the least point under <paramref name="order"/>.</summary>
    public LeastPoint(Comparison<PointResult> order) => _order = order;

    /// <summary>The least point so far, or null before the first offer.</summary>
    public PointResult? Value { get; private set; }

    /// <summary>Offers <paramref name="point"/>; it replaces <see cref="Value"/> only when strictly less.</summary>
    public void Offer(PointResult point)
    {
        if (Value is null || _order(point, Value) < 0) Value = point;
    }

    /// <summary>Lowest energy, then lowest area, then key (ordinal): the cheapest design.</summary>
    public static LeastPoint Cheapest() => new((a, b) =>
    {
        int c = a.EnergyJ.CompareTo(b.EnergyJ);
        if (c == 0) c = a.AreaMm2.CompareTo(b.AreaMm2);
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    });

    /// <summary>Highest accuracy (<see cref="PointResult.ObjectiveAccuracy"/>), then lowest energy, then key (ordinal): the most accurate design.</summary>
    public static LeastPoint MostAccurate() => new((a, b) =>
    {
        int c = b.ObjectiveAccuracy.CompareTo(a.ObjectiveAccuracy);
        if (c == 0) c = a.EnergyJ.CompareTo(b.EnergyJ);
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    });
}

/// <summary>The smallest and largest positive finite value offered: all a log axis's ticks need (<see cref="Html.Figures.LogTicks"/>).</summary>
public sealed class PositiveRange
{
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity;

    /// <summary>Offers a value; zero, negative and non-finite values are ignored.</summary>
    public void Add(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) return;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    /// <summary>The smallest and largest value offered (empty when none was kept).</summary>
    public IEnumerable<double> Ends => _min <= _max ? [_min, _max] : [];
}

/// <summary>
/// A bounded sample of a run's points for scatter plots: the <see cref="Capacity"/> points whose keys hash lowest (FNV-1a 64 of the
/// key), so the sample depends on the set of points only, not on their order (a merged run shows the same points as a single run).
/// Every point is kept while the run holds at most <see cref="Capacity"/>.
/// </summary>
public sealed class PointSample
{
    private readonly PriorityQueue<(PointResult Point, long Order), (ulong Hash, string Key)> _kept;

    /// <summary>An empty sample of at most <paramref name="capacity"/> points.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="capacity"/> is below 1.</exception>
    public PointSample(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        // The root is the kept point with the highest hash: the one a lower hash displaces.
        _kept = new(capacity + 1, Comparer<(ulong Hash, string Key)>.Create((a, b) => b.Hash != a.Hash ? b.Hash.CompareTo(a.Hash) : string.CompareOrdinal(b.Key, a.Key)));
    }

    /// <summary>Most points kept.</summary>
    public int Capacity { get; }

    /// <summary>Points offered.</summary>
    public int Offered { get; private set; }

    /// <summary>Offers the point at store position <paramref name="order"/>.</summary>
    public void Offer(PointResult point, long order)
    {
        Offered++;
        var priority = (Hash(point.Key), point.Key);
        if (_kept.Count < Capacity) _kept.Enqueue((point, order), priority);
        else _kept.EnqueueDequeue((point, order), priority);
    }

    /// <summary>The kept points with their store positions, in store order.</summary>
    public IReadOnlyList<(PointResult Point, long Order)> Points => _kept.UnorderedItems.Select(x => x.Element).OrderBy(x => x.Order).ToArray();

    /// <summary>FNV-1a, 64 bits, over the UTF-16 code units of <paramref name="key"/>: stable across processes (unlike <see cref="string.GetHashCode()"/>).</summary>
    public static ulong Hash(string key)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in key)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }
}
