using System.Globalization;
using Dse.Devices;

namespace Dse.Costs;

/// <summary>
/// An ADC resolution for each weight bit slice of a stored value (docs/models.md, 'Per-slice ADC resolution'), most significant
/// slice first: <c>8-6-5-4</c> converts the top slice's partial sums at 8 bits and the bottom one's at 4. A homogeneous design
/// is the assignment with every slice equal. Immutable; equal when the resolutions are equal slice by slice.
/// </summary>
public sealed record AdcBitsPerSlice
{
    private readonly int[] bits;

    private AdcBitsPerSlice(int[] bits) => this.bits = bits;

    /// <summary>Text describing the accepted form, for error messages (each resolution <see cref="AdcResolution.Bits"/>).</summary>
    public static string Expected { get; } =
        $"ADC bits per bit slice, most significant slice first, separated by '-' or ',' (e.g. 8-6-5-4), each {AdcResolution.Bits.Expected}";

    /// <summary>Resolutions in bits, most significant slice first. Length: slices per value.</summary>
    public IReadOnlyList<int> Bits => bits;

    /// <summary>Number of bit slices.</summary>
    public int Slices => bits.Length;

    /// <summary>Highest resolution of any slice, bits.</summary>
    public int MaxBits => bits.Max();

    /// <summary>Lowest resolution of any slice, bits.</summary>
    public int MinBits => bits.Min();

    /// <summary>True when every slice has the same resolution.</summary>
    public bool IsHomogeneous => MinBits == MaxBits;

    /// <summary>The assignment with the given resolutions, most significant slice first.</summary>
    /// <param name="bitsMsbFirst">Resolutions in bits. Length &gt;= 1; each in <see cref="AdcResolution.Bits"/>.</param>
    /// <exception cref="ArgumentException">When the list is empty or a resolution is outside <see cref="AdcResolution.Bits"/>.</exception>
    public static AdcBitsPerSlice Of(IEnumerable<int> bitsMsbFirst)
    {
        ArgumentNullException.ThrowIfNull(bitsMsbFirst);
        var b = bitsMsbFirst.ToArray();
        if (b.Length == 0) throw new ArgumentException("Expected at least one bit slice.", nameof(bitsMsbFirst));
        foreach (var x in b)
            if (!AdcResolution.Bits.Contains(x))
                throw new ArgumentException($"Range: {AdcResolution.Bits.Min} <= bits <= {AdcResolution.Bits.Max} per slice; found {x}.", nameof(bitsMsbFirst));
        return new AdcBitsPerSlice(b);
    }

    /// <summary>Every one of <paramref name="slices"/> slices at <paramref name="adcBits"/>.</summary>
    /// <param name="adcBits">Resolution, bits. Range: <see cref="AdcResolution.Bits"/>.</param>
    /// <param name="slices">Slices per value. Range: &gt;= 1.</param>
    /// <exception cref="ArgumentException">When a range is violated.</exception>
    public static AdcBitsPerSlice Homogeneous(int adcBits, int slices) =>
        slices < 1 ? throw new ArgumentException($"Range: slices >= 1; found {slices}.", nameof(slices)) : Of(Enumerable.Repeat(adcBits, slices));

    /// <summary>Parses <c>8-6-5-4</c> or <c>8,6,5,4</c> (spaces around the numbers allowed).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The assignment, or null when the text is not of the <see cref="Expected"/> form.</returns>
    public static AdcBitsPerSlice? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split(text.Contains(',') ? ',' : '-');
        var b = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out b[i]) || !AdcResolution.Bits.Contains(b[i])) return null;
        return new AdcBitsPerSlice(b);
    }

    /// <summary>
    /// Checks the assignment against a design: one resolution per slice and each inside the ADC model's fitted range.
    /// </summary>
    /// <param name="slicesPerValue">Slices per stored value, <see cref="CostDesign.SlicesPerValue"/> (<c>ceil(magnitude bits / cellBits)</c>).</param>
    /// <param name="adcModel">The ADC model whose <see cref="IAdcModel.MinBits"/> to the top of <see cref="AdcResolution.Bits"/> is the fitted range.</param>
    /// <returns>Null when valid, else what was expected (the <c>expected</c> of an <see cref="Diagnostics.InputError"/>; the assignment is what was found).</returns>
    public string? Problem(int slicesPerValue, IAdcModel adcModel)
    {
        ArgumentNullException.ThrowIfNull(adcModel);
        if (Slices != slicesPerValue)
            return $"{slicesPerValue} resolutions (one per bit slice of the design: ceil(magnitude bits / cellBits) = {slicesPerValue})";
        if (MinBits < adcModel.MinBits)
            return $"every resolution in {AdcResolution.Bits with { Min = adcModel.MinBits }} (the {adcModel.Name} ADC model's fitted range)";
        return null;
    }

    /// <summary>Formats as <c>8-6-5-4</c>, most significant slice first (the form <see cref="TryParse"/> reads).</summary>
    public override string ToString() => string.Join("-", bits.Select(b => b.ToString(CultureInfo.InvariantCulture)));

    /// <inheritdoc/>
    public bool Equals(AdcBitsPerSlice? other) => other is not null && bits.AsSpan().SequenceEqual(other.bits);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var b in bits) h.Add(b);
        return h.ToHashCode();
    }
}
