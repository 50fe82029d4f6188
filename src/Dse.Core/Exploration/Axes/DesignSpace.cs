namespace Dse.Exploration.Axes;

/// <summary>
/// The values each axis takes in a sweep. As read from a sweep file an axis may be unresolved (null: its default comes from the
/// models, e.g. the periphery's columns per ADC); <see cref="Points"/> needs every axis resolved.
/// </summary>
public sealed class DesignSpace
{
    private readonly IReadOnlyList<object?>?[] _values;

    internal DesignSpace(IReadOnlyList<object?>?[] values) => _values = values;

    /// <summary>The values of <paramref name="axis"/>, in sweep-file order.</summary>
    /// <exception cref="InvalidOperationException">The axis is not resolved yet.</exception>
    public IReadOnlyList<T> Values<T>(Axis<T> axis)
        => _values[axis.Index]?.Select(v => (T)v!).ToArray() ?? throw new InvalidOperationException($"Axis {axis.JsonKey} is not resolved.");

    /// <summary>True when the sweep gave (or defaulted) values for <paramref name="axis"/>.</summary>
    public bool IsResolved(Axis axis) => _values[axis.Index] is not null;

    /// <summary>A copy with <paramref name="axis"/> set to <paramref name="values"/>.</summary>
    public DesignSpace With<T>(Axis<T> axis, IReadOnlyList<T> values)
    {
        var copy = (IReadOnlyList<object?>?[])_values.Clone();
        copy[axis.Index] = values.Select(v => (object?)v).ToArray();
        return new DesignSpace(copy);
    }

    /// <summary>Number of points: the product of the axes' value counts.</summary>
    public long Count => _count ??= DesignAxes.All.Aggregate(1L, (n, a) => n * (_values[a.Index]?.Count ?? 0));

    private long? _count;

    /// <summary>
    /// The point at position <paramref name="index"/> of <see cref="Points"/> (0-based), decoded directly (mixed radix, the last axis
    /// of <see cref="DesignAxes.KeyOrder"/> fastest), so that threads can enumerate disjoint ranges of a large sweep without a shared enumerator.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="index"/> is outside 0..<see cref="Count"/> - 1.</exception>
    /// <exception cref="InvalidOperationException">An axis is not resolved.</exception>
    public AxisValues PointAt(long index)
    {
        if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"Range: 0 <= index < {Count}.");
        var tokens = _tokens ??= KeyTokens();
        var order = DesignAxes.KeyOrder;
        var point = new object?[DesignAxes.All.Count];
        var parts = new string[order.Count];
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var values = _values[order[i].Index]!;
            int at = (int)(index % values.Count);
            index /= values.Count;
            point[order[i].Index] = values[at];
            parts[i] = tokens[i][at];
        }
        return new AxisValues(point, DesignAxes.JoinTokens(parts));
    }

    private string[][]? _tokens;

    /// <summary>Each value's key token per axis of <see cref="DesignAxes.KeyOrder"/>, formatted once (not once per point).</summary>
    private string[][] KeyTokens()
    {
        foreach (var axis in DesignAxes.All)
            if (_values[axis.Index] is null) throw new InvalidOperationException($"Axis {axis.JsonKey} is not resolved.");
        return DesignAxes.KeyOrder.Select(a => _values[a.Index]!.Select(a.KeyToken).ToArray()).ToArray();
    }

    /// <summary>Every combination of axis values, the first axis of <see cref="DesignAxes.KeyOrder"/> outermost.</summary>
    /// <exception cref="InvalidOperationException">An axis is not resolved.</exception>
    public IEnumerable<AxisValues> Points()
    {
        var tokens = _tokens ??= KeyTokens();
        var order = DesignAxes.KeyOrder;
        var index = new int[order.Count];
        if (order.Any(a => _values[a.Index]!.Count == 0)) yield break;
        var key = new System.Text.StringBuilder(128);
        while (true)
        {
            var point = new object?[DesignAxes.All.Count];
            key.Clear();
            for (int i = 0; i < order.Count; i++)
            {
                point[order[i].Index] = _values[order[i].Index]![index[i]];
                string token = tokens[i][index[i]];
                if (token.Length == 0) continue;
                if (key.Length > 0) key.Append(DesignAxes.TokenSeparator);
                key.Append(token);
            }
            yield return new AxisValues(point, key.ToString());
            int k = order.Count - 1;
            while (k >= 0 && ++index[k] == _values[order[k].Index]!.Count) index[k--] = 0;
            if (k < 0) yield break;
        }
    }
}
