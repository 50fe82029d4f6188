namespace Dse.Diagnostics;

/// <summary>
/// An inclusive integer range: the one definition of a quantity's valid values, used by every check of it (file loaders, sweep
/// axes, models, command-line options) and by every message that states it.
/// </summary>
/// <param name="Min">Smallest valid value.</param>
/// <param name="Max">Largest valid value (<see cref="int.MaxValue"/>: no upper bound). Range: &gt;= <paramref name="Min"/>.</param>
public sealed record IntRange(int Min, int Max)
{
    /// <summary>True when <paramref name="value"/> is in <c>Min..Max</c>.</summary>
    public bool Contains(int value) => value >= Min && value <= Max;

    /// <summary>What a message expects, e.g. <c>an integer in 1..16</c>.</summary>
    public string Expected => $"an integer in {this}";

    /// <summary>The range as <c>Min..Max</c>, e.g. <c>1..16</c>.</summary>
    public override string ToString() => $"{Min}..{Max}";

    /// <summary>Throws unless <paramref name="value"/> is in the range.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="paramName">The argument's name, for the exception.</param>
    /// <param name="name">The quantity's name in the message; null: <paramref name="paramName"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="value"/> is outside the range; the message states it,
    /// <c>Range: Min &lt;= name &lt;= Max.</c> (<c>Range: name &gt;= Min.</c> without an upper bound).</exception>
    public void Check(int value, string paramName, string? name = null)
    {
        if (Contains(value)) return;
        name ??= paramName;
        throw new ArgumentOutOfRangeException(paramName, value, Max == int.MaxValue ? $"Range: {name} >= {Min}." : $"Range: {Min} <= {name} <= {Max}.");
    }
}
