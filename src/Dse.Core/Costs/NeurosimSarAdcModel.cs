using Dse.Devices;

namespace Dse.Costs;

/// <summary>
/// NeuroSim's SAR ADC fit, one conversion at a time. The column-current term <c>c G_col (Vread / Vref)</c> is the
/// converted column's cell current during the conversion, so this model holds the cell-current energy
/// (<see cref="IncludesCellCurrent"/>) and its sensing window is the conversion, <c>(B + 1) x conversionStepS</c>.
/// </summary>
/// <remarks>
/// Source: NeuroSim V1.4 <c>SarADC.cpp</c> (22 nm LSTP): <c>GetColumnPower</c> writes the column term as
/// <c>c exp(-2.303 log10 R')</c> with <c>R' = R_col 0.5 / Vread</c>, i.e. <c>c / R'</c>; <c>CalculateLatency</c>
/// <c>(log2(levelOutput) + 1) x 1 ns</c>; <c>CalculateUnitArea</c> transistor counts.
/// </remarks>
/// <param name="parameters">The fit's coefficients.</param>
public sealed class NeurosimSarAdcModel(NeurosimSarAdc parameters) : IAdcModel
{
    /// <summary>Model name: <c>neurosimSar</c>.</summary>
    public const string ModelName = NeurosimSarAdc.Key;

    /// <inheritdoc/>
    public string Name => ModelName;

    /// <inheritdoc/>
    public bool IncludesCellCurrent => true;

    /// <inheritdoc/>
    public int MinBits => 1;

    /// <inheritdoc/>
    public string Formula =>
        "P = (a B + b) + c G_col (Vread / Vref), E = P (B + 1) step per conversion (the column term is the cell current, "
        + "sensing window = the conversion); area areaScale (areaOffset + areaPerBit B) um^2";

    /// <inheritdoc/>
    public string Source => "NeuroSim V1.4 SarADC.cpp (GetColumnPower, CalculateLatency, CalculateUnitArea; 22 nm LSTP); periphery adcModels.neurosimSar";

    /// <summary>The coefficients in use.</summary>
    public NeurosimSarAdc Parameters { get; } = parameters;

    /// <summary>Power while converting: <c>(a B + b) + c G_col (Vread / Vref)</c>, watts.</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="AdcResolution.Bits"/>.</param>
    /// <param name="gColS">Summed conductance of the column's active cells G_col, siemens. Range: &gt;= 0.</param>
    /// <param name="readVoltageV">Read voltage Vread, volts. Range: &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is outside its range.</exception>
    public double PowerW(int bits, double gColS, double readVoltageV)
    {
        AdcModels.CheckBits(bits, MinBits);
        if (!(gColS >= 0) || double.IsInfinity(gColS)) throw new ArgumentOutOfRangeException(nameof(gColS), gColS, "Range: 0 <= gColS < infinity.");
        if (!(readVoltageV > 0) || double.IsInfinity(readVoltageV)) throw new ArgumentOutOfRangeException(nameof(readVoltageV), readVoltageV, "Range: 0 < readVoltageV < infinity.");
        var p = Parameters;
        return p.PowerPerBitW * bits + p.PowerOffsetW + p.ColumnCurrentCoefficientWPerS * gColS * (readVoltageV / p.ReferenceReadVoltageV);
    }

    /// <summary>Latency of one conversion: <c>(B + 1) x conversionStepS</c>, seconds.</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="AdcResolution.Bits"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside its range.</exception>
    public double ConversionS(int bits)
    {
        AdcModels.CheckBits(bits, MinBits);
        return (bits + 1) * Parameters.ConversionStepS;
    }

    /// <inheritdoc/>
    public double SensingWindowS(int bits, AdcColumn column) => ConversionS(bits);

    /// <inheritdoc/>
    public double LatencyPerConversionS(int bits, AdcColumn column) => ConversionS(bits);

    /// <inheritdoc/>
    public double EnergyPerConversionJ(int bits, AdcColumn column)
    {
        column.Validate();
        return PowerW(bits, column.GColS, column.ReadVoltageV) * ConversionS(bits);
    }

    /// <summary>Area of one ADC: <c>areaScale (areaOffset + areaPerBit B) um^2</c>, in m^2.</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="AdcResolution.Bits"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside its range.</exception>
    public double AreaM2(int bits)
    {
        AdcModels.CheckBits(bits, MinBits);
        var p = Parameters;
        return p.AreaScale * (p.AreaOffsetUm2 + p.AreaPerBitUm2 * bits) * 1e-12;
    }

    /// <inheritdoc/>
    public double AreaM2(int bits, AdcColumn column) => AreaM2(bits);
}
