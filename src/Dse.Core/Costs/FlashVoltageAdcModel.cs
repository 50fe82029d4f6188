using Dse.Devices;

namespace Dse.Costs;

/// <summary>
/// Voltage-mode flash ADC: <c>2^B - 1</c> comparators convert in parallel. Energy per conversion
/// <c>(2^B - 1) x comparatorEnergyJ</c>, area <c>(2^B - 1) x comparatorAreaM2</c>, latency <c>conversionS</c>.
/// The comparators sense a voltage, so their energy holds no cell current: the column conducts for
/// <c>conversionS</c> (the sensing window) and the cost model adds <c>Vread^2 G_col conversionS</c>.
/// </summary>
/// <param name="parameters">Periphery block <c>adcModels.flashVoltage</c>.</param>
public sealed class FlashVoltageAdcModel(FlashVoltageAdc parameters) : IAdcModel
{
    /// <summary>Model name: <c>flashVoltage</c>.</summary>
    public const string ModelName = FlashVoltageAdc.Key;

    /// <inheritdoc/>
    public string Name => ModelName;
    /// <inheritdoc/>
    public bool IncludesCellCurrent => false;
    /// <inheritdoc/>
    public int MinBits => 1;

    /// <summary>Comparators of a B-bit flash ADC: <c>2^B - 1</c>.</summary>
    /// <param name="bits">Resolution B. Range: <see cref="AdcResolution.Bits"/>.</param>
    public static double Comparators(int bits) => Math.Pow(2, bits) - 1;

    /// <inheritdoc/>
    public double EnergyPerConversionJ(int bits, AdcColumn column)
    {
        AdcModels.CheckBits(bits, MinBits);
        return Comparators(bits) * parameters.ComparatorEnergyJ;
    }

    /// <inheritdoc/>
    public double SensingWindowS(int bits, AdcColumn column) => LatencyPerConversionS(bits, column);

    /// <inheritdoc/>
    public double LatencyPerConversionS(int bits, AdcColumn column)
    {
        AdcModels.CheckBits(bits, MinBits);
        return parameters.ConversionS;
    }

    /// <inheritdoc/>
    public double AreaM2(int bits, AdcColumn column)
    {
        AdcModels.CheckBits(bits, MinBits);
        return Comparators(bits) * parameters.ComparatorAreaM2;
    }

    /// <inheritdoc/>
    public string Formula =>
        "2^B - 1 voltage comparators: E = (2^B - 1) comparatorEnergyJ, area (2^B - 1) comparatorAreaM2, conversionS per conversion; "
        + "cell current Vread^2 G_col over the sensing window conversionS";

    /// <inheritdoc/>
    public string Source => "NeuroSim V1.4 MultilevelSenseAmp.cpp (voltage mode, 22 nm LSTP); periphery adcModels.flashVoltage";
}
