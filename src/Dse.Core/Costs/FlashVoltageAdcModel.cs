using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Costs;

/// <summary>Parameters of a voltage-mode flash ADC of <c>2^B - 1</c> comparators (periphery block <c>adcModels.flashVoltage</c>).</summary>
/// <param name="ComparatorEnergyJ">Energy of one comparator per conversion, joules.</param>
/// <param name="ComparatorAreaM2">Area of one comparator (with its reference tap), m^2.</param>
/// <param name="ConversionS">Latency of one conversion, seconds; also the sensing window of the column.</param>
/// <remarks>Source: NeuroSim V1.4 <c>MultilevelSenseAmp.cpp</c> (voltage mode, 22 nm LSTP), see the periphery file's sources.</remarks>
public sealed record FlashVoltageAdc(double ComparatorEnergyJ, double ComparatorAreaM2, double ConversionS);

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
    public const string ModelName = "flashVoltage";

    /// <inheritdoc/>
    public string Name => ModelName;
    /// <inheritdoc/>
    public bool IncludesCellCurrent => false;
    /// <inheritdoc/>
    public int MinBits => 1;

    /// <summary>Comparators of a B-bit flash ADC: <c>2^B - 1</c>.</summary>
    /// <param name="bits">Resolution B. Range: 1 &lt;= bits &lt;= 16.</param>
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

/// <summary>Reads the periphery block <c>adcModels.flashVoltage</c> into a <see cref="FlashVoltageAdcModel"/>.</summary>
public sealed class FlashVoltageAdcKind : IAdcModelKind
{
    private static readonly (string Key, string Description)[] Keys =
    [
        ("comparatorEnergyJ", "energy of one comparator per conversion, joules"),
        ("comparatorAreaM2", "area of one comparator, m^2"),
        ("conversionS", "latency of one conversion, seconds"),
    ];

    /// <inheritdoc/>
    public string Name => FlashVoltageAdcModel.ModelName;

    /// <inheritdoc/>
    public string Description => "voltage-mode flash ADC: 2^B - 1 comparators";

    /// <inheritdoc/>
    public IAdcModel? Read(StrictObjectReader r, JsonObject block, string at, double featureSizeM)
    {
        var v = AdcModels.ReadNumbers(r, block, at, Keys);
        return v is null ? null : new FlashVoltageAdcModel(new FlashVoltageAdc(v["comparatorEnergyJ"], v["comparatorAreaM2"], v["conversionS"]));
    }
}
