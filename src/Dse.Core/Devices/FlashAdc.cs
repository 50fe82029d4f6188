using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// Parameters of NeuroSim's current-mode multilevel sense amplifier (a flash ADC of <c>L - 1</c> current comparators,
/// <c>L = 2^B</c> levels), 22 nm LSTP; periphery block <c>adcModels.flash</c>. Resistances in ohms, <c>R' = R x Vref / Vread</c>.
/// </summary>
/// <param name="ReferenceReadVoltageV">Read voltage of the fits Vref (0.5 V).</param>
/// <param name="PowerBreakLowOhm">R' below which the comparator power is linear in R'.</param>
/// <param name="PowerBreakHighOhm">R' above which the second logarithmic segment applies.</param>
/// <param name="PowerLinearWPerOhm">Slope of the linear segment, W per ohm.</param>
/// <param name="PowerLinearOffsetW">Offset of the linear segment, W.</param>
/// <param name="PowerLogMidWPerLnOhm">Slope of the middle segment per ln(ohm), W.</param>
/// <param name="PowerLogMidOffsetW">Offset of the middle segment, W.</param>
/// <param name="PowerLogHighWPerLnOhm">Slope of the high segment per ln(ohm), W.</param>
/// <param name="PowerLogHighOffsetW">Offset of the high segment, W.</param>
/// <param name="LatencyBreakOhm">Resistance below which the latency is logarithmic in R.</param>
/// <param name="LatencyLogSPerLnOhm">Slope of the logarithmic latency segment per ln(ohm), s.</param>
/// <param name="LatencyLogOffsetS">Offset of the logarithmic latency segment, s.</param>
/// <param name="LatencyLinearSPerOhm">Slope of the linear latency segment, s per ohm.</param>
/// <param name="LatencyLinearOffsetS">Offset of the linear latency segment, s.</param>
/// <param name="LatencyCapThresholdOhm">Resistance above which the column capacitance slows the comparison.</param>
/// <param name="LatencyCapSpanOhm">Resistance at which the capacitance correction reaches <paramref name="LatencyCapStepS"/> (R2).</param>
/// <param name="LatencyCapStepS">Capacitance correction step dC, s.</param>
/// <param name="LatencyReferenceCapF">Column capacitance of the latency fit, F.</param>
/// <param name="GateCapNF">Gate capacitance of a minimum NMOS, F (junction capacitance taken equal).</param>
/// <param name="GateCapPF">Gate capacitance of a minimum PMOS, F (junction capacitance taken equal).</param>
/// <param name="ComparatorAreaM2">Area of one comparator (9 minimum transistors), m^2.</param>
/// <remarks>Source: NeuroSim V1.4 <c>MultilevelSenseAmp.cpp</c> (<c>GetColumnPower</c>, <c>ColumnLatency_Table</c>,
/// <c>CalculatePower</c>, <c>CalculateArea</c>; current mode, 22 nm LSTP) and <c>Param.cpp</c> (<c>dumcolshared = levelOutput</c>).</remarks>
public sealed record FlashAdc(
    double ReferenceReadVoltageV,
    double PowerBreakLowOhm, double PowerBreakHighOhm,
    double PowerLinearWPerOhm, double PowerLinearOffsetW,
    double PowerLogMidWPerLnOhm, double PowerLogMidOffsetW,
    double PowerLogHighWPerLnOhm, double PowerLogHighOffsetW,
    double LatencyBreakOhm, double LatencyLogSPerLnOhm, double LatencyLogOffsetS, double LatencyLinearSPerOhm, double LatencyLinearOffsetS,
    double LatencyCapThresholdOhm, double LatencyCapSpanOhm, double LatencyCapStepS, double LatencyReferenceCapF,
    double GateCapNF, double GateCapPF, double ComparatorAreaM2) : AdcParameters(Key)
{
    /// <summary>The model's name: the key of its block in a periphery file's <c>adcModels</c>.</summary>
    public const string Key = "flash";

    /// <summary>How the periphery block <c>adcModels.flash</c> is read.</summary>
    public static AdcModelKind Kind { get; } = new(Key, "NeuroSim current-mode multilevel sense amplifier (MultilevelSenseAmp.cpp)", Read);

    private static readonly (string Key, string Description)[] PositiveKeys =
    [
        ("referenceReadVoltageV", "read voltage of the fits, volts"),
        ("powerBreakLowOhm", "R' below which the comparator power is linear, ohms"),
        ("powerBreakHighOhm", "R' above which the high logarithmic segment applies, ohms"),
        ("powerLinearOffsetW", "offset of the linear power segment, watts"),
        ("powerLogMidOffsetW", "offset of the middle power segment, watts"),
        ("powerLogHighOffsetW", "offset of the high power segment, watts"),
        ("latencyBreakOhm", "resistance below which the latency is logarithmic, ohms"),
        ("latencyLogOffsetS", "offset of the logarithmic latency segment, seconds"),
        ("latencyLinearSPerOhm", "slope of the linear latency segment, seconds per ohm"),
        ("latencyLinearOffsetS", "offset of the linear latency segment, seconds"),
        ("latencyCapThresholdOhm", "resistance above which the column capacitance slows the comparison, ohms"),
        ("latencyCapSpanOhm", "resistance span R2 of the capacitance correction, ohms"),
        ("latencyCapStepS", "capacitance correction step dC, seconds"),
        ("latencyReferenceCapF", "column capacitance of the latency fit, farads"),
        ("gateCapNF", "minimum NMOS gate capacitance, farads"),
        ("gateCapPF", "minimum PMOS gate capacitance, farads"),
        ("comparatorAreaM2", "area of one comparator, m^2"),
    ];

    private static readonly (string Key, string Description)[] SignedKeys =
    [
        ("powerLinearWPerOhm", "slope of the linear power segment, watts per ohm"),
        ("powerLogMidWPerLnOhm", "slope of the middle power segment per ln(ohm), watts"),
        ("powerLogHighWPerLnOhm", "slope of the high power segment per ln(ohm), watts"),
        ("latencyLogSPerLnOhm", "slope of the logarithmic latency segment per ln(ohm), seconds"),
    ];

    /// <summary>Reads and checks the block <paramref name="block"/> at <paramref name="at"/>; reports every problem to <paramref name="r"/>.</summary>
    private static FlashAdc? Read(StrictObjectReader r, JsonObject block, string at)
    {
        var v = AdcModelSet.ReadNumbers(r, block, at, PositiveKeys, SignedKeys);
        if (v is null) return null;
        if (v["latencyCapSpanOhm"] <= v["latencyCapThresholdOhm"])
        {
            r.Error(JsonSourceMap.Child(at, "latencyCapSpanOhm"), "a value above latencyCapThresholdOhm", v["latencyCapSpanOhm"].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }
        return new FlashAdc(v["referenceReadVoltageV"], v["powerBreakLowOhm"], v["powerBreakHighOhm"],
            v["powerLinearWPerOhm"], v["powerLinearOffsetW"], v["powerLogMidWPerLnOhm"], v["powerLogMidOffsetW"],
            v["powerLogHighWPerLnOhm"], v["powerLogHighOffsetW"], v["latencyBreakOhm"], v["latencyLogSPerLnOhm"], v["latencyLogOffsetS"],
            v["latencyLinearSPerOhm"], v["latencyLinearOffsetS"], v["latencyCapThresholdOhm"], v["latencyCapSpanOhm"], v["latencyCapStepS"],
            v["latencyReferenceCapF"], v["gateCapNF"], v["gateCapPF"], v["comparatorAreaM2"]);
    }
}
