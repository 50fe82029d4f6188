using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>Parameters of a voltage-mode flash ADC of <c>2^B - 1</c> comparators (periphery block <c>adcModels.flashVoltage</c>).</summary>
/// <param name="ComparatorEnergyJ">Energy of one comparator per conversion, joules.</param>
/// <param name="ComparatorAreaM2">Area of one comparator (with its reference tap), m^2.</param>
/// <param name="ConversionS">Latency of one conversion, seconds; also the sensing window of the column.</param>
/// <remarks>Source: NeuroSim V1.4 <c>MultilevelSenseAmp.cpp</c> (voltage mode, 22 nm LSTP), see the periphery file's sources.</remarks>
public sealed record FlashVoltageAdc(double ComparatorEnergyJ, double ComparatorAreaM2, double ConversionS) : AdcParameters(Key)
{
    /// <summary>The model's name: the key of its block in a periphery file's <c>adcModels</c>.</summary>
    public const string Key = "flashVoltage";

    /// <summary>How the periphery block <c>adcModels.flashVoltage</c> is read.</summary>
    public static AdcModelKind Kind { get; } = new(Key, "voltage-mode flash ADC: 2^B - 1 comparators", Read);

    private static readonly (string Key, string Description)[] Keys =
    [
        ("comparatorEnergyJ", "energy of one comparator per conversion, joules"),
        ("comparatorAreaM2", "area of one comparator, m^2"),
        ("conversionS", "latency of one conversion, seconds"),
    ];

    /// <summary>Reads and checks the block <paramref name="block"/> at <paramref name="at"/>; reports every problem to <paramref name="r"/>.</summary>
    private static FlashVoltageAdc? Read(StrictObjectReader r, JsonObject block, string at)
    {
        var v = AdcModelSet.ReadNumbers(r, block, at, Keys);
        return v is null ? null : new FlashVoltageAdc(v["comparatorEnergyJ"], v["comparatorAreaM2"], v["conversionS"]);
    }
}
