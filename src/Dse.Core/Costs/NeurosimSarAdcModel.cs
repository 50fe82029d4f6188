using Dse.Devices;

namespace Dse.Costs;

/// <summary>
/// NeuroSim's SAR ADC fit, one conversion at a time, with every coefficient taken from a
/// <see cref="NeurosimSarAdc"/> record (periphery file block <c>adcModels.neurosimSar</c>).
/// </summary>
/// <remarks>
/// Source: NeuroSim V1.4 <c>SarADC.cpp</c> (22 nm LSTP), as restated in DESIGN §8:
/// power <c>P = (a B + b) + c G_col (Vread / Vref)</c> with <c>Vref</c> = 0.5 V the fit's read
/// voltage (NeuroSim writes the column term as <c>c / R'</c>, <c>R' = R_col 0.5 / Vread</c>);
/// latency <c>(B + 1) x step</c>; energy <c>P x latency</c>; area
/// <c>areaScale (areaOffset + areaPerBit B) um^2</c>. The column-current term is the energy the
/// bitline current dissipates during the conversion, i.e. the array's cell-current energy.
/// </remarks>
/// <param name="parameters">The fit's coefficients.</param>
public sealed class NeurosimSarAdcModel(NeurosimSarAdc parameters) : IAdcModel
{
    /// <inheritdoc/>
    public string Name => AdcModelSet.NeurosimSarName;

    /// <inheritdoc/>
    public bool IncludesCellCurrent => true;

    /// <inheritdoc/>
    public int MinBits => 1;

    /// <inheritdoc/>
    public string Description =>
        "neurosimSar (NeuroSim SarADC.cpp, DESIGN §8): P = (a B + b) + c G_col (Vread / 0.5 V), E = P (B+1) step per conversion, "
        + "includes the array's cell-current energy; area areaScale (areaOffset + areaPerBit B) um^2 (periphery adcModels.neurosimSar)";

    /// <summary>The coefficients in use.</summary>
    public NeurosimSarAdc Parameters { get; } = parameters;

    /// <summary>Power while converting: <c>(a B + b) + c G_col (Vread / Vref)</c>, watts.</summary>
    /// <param name="bits">ADC resolution B. Range: bits &gt;= 1.</param>
    /// <param name="gColS">Summed conductance of the column's active cells G_col, siemens. Range: &gt;= 0.</param>
    /// <param name="readVoltageV">Read voltage Vread, volts. Range: &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is outside its range.</exception>
    public double PowerW(int bits, double gColS, double readVoltageV)
    {
        CheckBits(bits);
        if (!(gColS >= 0) || double.IsInfinity(gColS)) throw new ArgumentOutOfRangeException(nameof(gColS), gColS, "Range: 0 <= gColS < infinity.");
        if (!(readVoltageV > 0) || double.IsInfinity(readVoltageV)) throw new ArgumentOutOfRangeException(nameof(readVoltageV), readVoltageV, "Range: 0 < readVoltageV < infinity.");
        var p = Parameters;
        return p.PowerPerBitW * bits + p.PowerOffsetW + p.ColumnCurrentCoefficientWPerS * gColS * (readVoltageV / p.ReferenceReadVoltageV);
    }

    /// <summary>Latency of one conversion: <c>(B + 1) x conversionStepS</c>, seconds.</summary>
    /// <param name="bits">ADC resolution B. Range: bits &gt;= 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits &lt; 1.</exception>
    public double LatencyPerConversionS(int bits)
    {
        CheckBits(bits);
        return (bits + 1) * Parameters.ConversionStepS;
    }

    /// <summary>Energy of one conversion: <c>P x (B + 1) x conversionStepS</c>, joules.</summary>
    /// <param name="bits">ADC resolution B. Range: bits &gt;= 1.</param>
    /// <param name="gColS">Summed conductance of the column's active cells G_col, siemens (0 gives the resolution term alone). Range: &gt;= 0.</param>
    /// <param name="readVoltageV">Read voltage Vread, volts. Range: &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is outside its range.</exception>
    public double EnergyPerConversionJ(int bits, double gColS, double readVoltageV) =>
        PowerW(bits, gColS, readVoltageV) * LatencyPerConversionS(bits);

    /// <summary>Area of one ADC: <c>areaScale (areaOffset + areaPerBit B) um^2</c>, in m^2.</summary>
    /// <param name="bits">ADC resolution B. Range: bits &gt;= 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits &lt; 1.</exception>
    public double AreaM2(int bits)
    {
        CheckBits(bits);
        var p = Parameters;
        return p.AreaScale * (p.AreaOffsetUm2 + p.AreaPerBitUm2 * bits) * 1e-12;
    }

    private static void CheckBits(int bits)
    {
        if (bits < 1) throw new ArgumentOutOfRangeException(nameof(bits), bits, "Range: bits >= 1.");
    }
}
