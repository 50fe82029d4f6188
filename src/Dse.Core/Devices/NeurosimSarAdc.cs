using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// Parameters of NeuroSim's SAR ADC (<c>SarADC.cpp</c>), 22 nm LSTP fit: power
/// <c>P = (a B + b) + c G_col (Vread / Vref)</c>, latency <c>(B + 1) x conversionStepS</c> per
/// conversion, area <c>areaScale (areaOffset + areaPerBit B) um^2</c>.
/// </summary>
/// <param name="PowerPerBitW">a, in watts per bit (0.538e-6).</param>
/// <param name="PowerOffsetW">b, in watts (4.3753e-6).</param>
/// <param name="ColumnCurrentCoefficientWPerS">c, in watts per siemens (0.072341).</param>
/// <param name="ReferenceReadVoltageV">Read voltage of the fit Vref (0.5 V).</param>
/// <param name="ConversionStepS">Time per SAR cycle in seconds (1e-9).</param>
/// <param name="AreaScale">Multiplier of the area fit (0.102995).</param>
/// <param name="AreaOffsetUm2">Area offset in um^2 before scaling (296).</param>
/// <param name="AreaPerBitUm2">Area per bit in um^2 before scaling (182).</param>
/// <remarks>Source: NeuroSim V1.4 <c>SarADC.cpp</c> (22 nm LSTP); periphery block <c>adcModels.neurosimSar</c>.</remarks>
public sealed record NeurosimSarAdc(
    double PowerPerBitW,
    double PowerOffsetW,
    double ColumnCurrentCoefficientWPerS,
    double ReferenceReadVoltageV,
    double ConversionStepS,
    double AreaScale,
    double AreaOffsetUm2,
    double AreaPerBitUm2) : AdcParameters(Key)
{
    /// <summary>The model's name: the key of its block in a periphery file's <c>adcModels</c>.</summary>
    public const string Key = "neurosimSar";

    /// <summary>How the periphery block <c>adcModels.neurosimSar</c> is read.</summary>
    public static AdcModelKind Kind { get; } = new(Key, "NeuroSim SAR ADC fit (SarADC.cpp)", Read);

    private static readonly (string Key, string Description)[] Keys =
    [
        ("powerPerBitW", "a: power per ADC bit in watts"),
        ("powerOffsetW", "b: power offset in watts"),
        ("columnCurrentCoefficientWPerS", "c: column-current power coefficient in watts per siemens"),
        ("referenceReadVoltageV", "read voltage of the fit in volts"),
        ("conversionStepS", "time per SAR cycle in seconds"),
        ("areaScale", "multiplier of the area fit, um^2 per transistor"),
        ("areaOffsetUm2", "area offset before scaling"),
        ("areaPerBitUm2", "area per bit before scaling"),
    ];

    /// <summary>Reads and checks the block <paramref name="block"/> at <paramref name="at"/>; reports every problem to <paramref name="r"/>.</summary>
    private static NeurosimSarAdc? Read(StrictObjectReader r, JsonObject block, string at)
    {
        var v = AdcModelSet.ReadNumbers(r, block, at, Keys);
        return v is null ? null : new NeurosimSarAdc(v["powerPerBitW"], v["powerOffsetW"],
            v["columnCurrentCoefficientWPerS"], v["referenceReadVoltageV"], v["conversionStepS"], v["areaScale"], v["areaOffsetUm2"], v["areaPerBitUm2"]);
    }
}
