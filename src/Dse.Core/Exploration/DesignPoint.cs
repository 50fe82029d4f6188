using System.Globalization;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Search;

namespace Dse.Exploration;

/// <summary>One design point of a sweep: a device and every axis value.</summary>
/// <param name="Device">The device model.</param>
/// <param name="Rows">Crossbar rows (row-block size).</param>
/// <param name="Cols">Crossbar columns.</param>
/// <param name="CellBits">Bits per cell.</param>
/// <param name="AdcBits">ADC resolution.</param>
/// <param name="VirtualTokens">Virtual tokens n kept per OVT; null: native n.</param>
/// <param name="SigmaScale">Multiplier of the device variation.</param>
/// <param name="WeightBits">Bits of stored values.</param>
/// <param name="InputBits">Bits of input values.</param>
/// <param name="SsaMapping">SSA layout.</param>
/// <param name="SignedMapping">Signed mapping.</param>
/// <param name="AdcRange">ADC range mode.</param>
/// <param name="CompressedDim">PCA width d'; null: no compression.</param>
/// <param name="AdcModel">ADC cost model name (<c>neurosimSar</c>, <c>flash</c>, <c>survey</c>); does not change the Monte Carlo.</param>
/// <param name="ColsPerAdc">Columns sharing one ADC; does not change the Monte Carlo (same partial sums).</param>
/// <param name="ReadTimeS">Seconds after programming at which the arrays are read; null: each device at its drift t0 (no drift).</param>
public sealed record DesignPoint(
    DeviceModel Device, int Rows, int Cols, int CellBits, int AdcBits, int? VirtualTokens, double SigmaScale,
    int WeightBits, int InputBits, SsaMapping SsaMapping, SignedMapping SignedMapping, AdcRange AdcRange, int? CompressedDim,
    string AdcModel, int ColsPerAdc, double? ReadTimeS = null)
{
    /// <summary>
    /// Stable key, e.g. <c>rram1/128x128/c2/a6/n8/s10/w8/i8/digitalPooling/differential/fullScale/dfull/neurosimSar/k8/tref</c>
    /// (<c>tref</c>: no readTime given; else <c>t</c> and the read time in seconds, e.g. <c>t86400</c>): drives
    /// seeds, resume, shards and CSV rows.
    /// </summary>
    public string Key => string.Join('/',
        Device.Name, $"{Rows}x{Cols}", $"c{CellBits}", $"a{AdcBits}", VirtualTokens is int n ? $"n{n}" : "nnative",
        "s" + SigmaScale.ToString("R", CultureInfo.InvariantCulture), $"w{WeightBits}", $"i{InputBits}",
        Names.Of(SsaMapping), Names.Of(SignedMapping), Names.Of(AdcRange.Mode), CompressedDim is int d ? $"d{d}" : "dfull",
        AdcModel, $"k{ColsPerAdc}", ReadTimeS is double t ? "t" + t.ToString("R", CultureInfo.InvariantCulture) : "tref");
}

/// <summary>ADC range mode as a design axis.</summary>
/// <param name="Mode">fullScale or calibrated.</param>
public sealed record AdcRange(AdcRangeMode Mode);

/// <summary>A point that was not evaluated, and why.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Reason">One line a user can act on.</param>
public sealed record SkippedPoint(string Key, string Reason);

/// <summary>The camelCase names used in files for the enums of the design space.</summary>
public static class Names
{
    /// <summary>digitalPooling or storedScales.</summary>
    public static string Of(SsaMapping m) => m == SsaMapping.StoredScales ? "storedScales" : "digitalPooling";

    /// <summary>differential or offset.</summary>
    public static string Of(SignedMapping m) => m == SignedMapping.Offset ? "offset" : "differential";

    /// <summary>fullScale or calibrated.</summary>
    public static string Of(AdcRangeMode m) => m == AdcRangeMode.Calibrated ? "calibrated" : "fullScale";
}
