using System.Globalization;

namespace Dse.Reports;

/// <summary>
/// The one way Dse prints a quantity, on the pages and in the terminal alike: energies and times with an SI prefix
/// (<c>15.4 nJ</c>, <c>6.59 µs</c>), areas in mm², fractions (accuracy, agreement) as plain numbers with four decimals.
/// </summary>
public static class Quantity
{
    /// <summary>
    /// <paramref name="value"/> in <paramref name="unit"/> as a person reads it: <c>J</c> and <c>s</c> with an SI prefix and 4
    /// significant digits, <c>mm^2</c> as <c>mm²</c> with 4 significant digits, <c>fraction</c> with four decimals and no unit,
    /// anything else with 4 significant digits and the unit.
    /// </summary>
    /// <param name="value">The value, in <paramref name="unit"/>.</param>
    /// <param name="unit">The unit as objectives and budgets name it (<c>J</c>, <c>s</c>, <c>mm^2</c>, <c>fraction</c>, <c>years</c>).</param>
    public static string Format(double value, string unit) => unit switch
    {
        "J" or "s" => Si(value, unit),
        "mm^2" or "mm²" => value.ToString("G4", CultureInfo.InvariantCulture) + " mm²",
        "fraction" => value.ToString("F4", CultureInfo.InvariantCulture),
        _ => value.ToString("G4", CultureInfo.InvariantCulture) + " " + unit,
    };

    /// <summary>Formats with an SI prefix and 4 significant digits, e.g. <c>12.35 pJ</c>.</summary>
    public static string Si(double value, string unit) => Si(value, unit, "G4");

    /// <summary>Formats with an SI prefix (f to G) and the .NET number format <paramref name="format"/> (e.g. <c>G3</c>).</summary>
    public static string Si(double value, string unit, string format)
    {
        if (value == 0 || !double.IsFinite(value)) return value.ToString(format, CultureInfo.InvariantCulture) + " " + unit;
        string[] prefixes = ["f", "p", "n", "µ", "m", "", "k", "M", "G"];
        int exponent = Math.Clamp((int)Math.Floor(Math.Log10(Math.Abs(value)) / 3), -5, 3);
        return (value / Math.Pow(1000, exponent)).ToString(format, CultureInfo.InvariantCulture) + " " + prefixes[exponent + 5] + unit;
    }
}
