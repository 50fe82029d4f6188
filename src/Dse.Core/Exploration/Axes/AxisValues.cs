namespace Dse.Exploration.Axes;

/// <summary>
/// The coordinates of one design point: a value for every axis of <see cref="DesignAxes.All"/>. Immutable; typed access
/// through <see cref="Get{T}"/> or the accessors of <see cref="DesignCoordinates"/> (e.g. <c>values.AdcBits</c>).
/// </summary>
public sealed class AxisValues : IEquatable<AxisValues>
{
    private readonly object?[] _values;
    private string? _key;

    internal AxisValues(object?[] values, string? key = null)
    {
        if (values.Length != DesignAxes.All.Count) throw new ArgumentException($"Expected {DesignAxes.All.Count} values, one per axis.", nameof(values));
        _values = values;
        _key = key;
    }

    /// <summary>
    /// Coordinates with <paramref name="values"/> on their axes and every other axis at its first default value: a design point
    /// described outside a sweep (e.g. by <c>dse cost</c>'s options).
    /// </summary>
    /// <param name="values">Axis values, each made by <see cref="Axis{T}.At"/>.</param>
    /// <exception cref="ArgumentException">When an axis is given twice, or an axis without defaults (required, or resolved from the
    /// models such as <c>colsPerAdc</c>) is not given.</exception>
    public static AxisValues Of(params IEnumerable<AxisValue> values)
    {
        var point = new object?[DesignAxes.All.Count];
        var given = new bool[point.Length];
        foreach (var (axis, value) in values)
        {
            if (given[axis.Index]) throw new ArgumentException($"Axis {axis.JsonKey} is given twice.", nameof(values));
            given[axis.Index] = true;
            point[axis.Index] = value;
        }
        foreach (var axis in DesignAxes.All)
            if (!given[axis.Index])
                point[axis.Index] = axis.Defaults is { Count: > 0 } defaults ? defaults[0]
                    : throw new ArgumentException($"Axis {axis.JsonKey} has no default: give its value.", nameof(values));
        return new AxisValues(point);
    }

    /// <summary>The value of <paramref name="axis"/>.</summary>
    public T Get<T>(Axis<T> axis) => (T)_values[axis.Index]!;

    /// <summary>The value of <paramref name="axis"/>, untyped.</summary>
    public object? this[Axis axis] => _values[axis.Index];

    /// <summary>A copy with <paramref name="axis"/> set to <paramref name="value"/>.</summary>
    public AxisValues With<T>(Axis<T> axis, T value)
    {
        var copy = (object?[])_values.Clone();
        copy[axis.Index] = value;
        return new AxisValues(copy);
    }

    /// <summary>
    /// The stable key: the axes' tokens in <see cref="DesignAxes.KeyOrder"/> joined by <c>/</c>, e.g.
    /// <c>rram1/128x128/c2/a6/n8/s10/w8/i8/digitalPooling/differential/fullScale/dfull/neurosimSar/k8/tref</c>
    /// (an axis that omits its default adds nothing). It drives seeds, resume, shards and CSV row order.
    /// </summary>
    /// <remarks>Computed once per instance (the enumeration of a <see cref="DesignSpace"/> hands it over already joined from tokens it formatted once per axis value).</remarks>
    public string Key => _key ??= DesignAxes.JoinTokens(DesignAxes.KeyOrder.Select(a => a.KeyToken(_values[a.Index])));

    /// <inheritdoc/>
    public bool Equals(AxisValues? other) => other is not null && _values.SequenceEqual(other._values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AxisValues);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in _values) hash.Add(v);
        return hash.ToHashCode();
    }
}
