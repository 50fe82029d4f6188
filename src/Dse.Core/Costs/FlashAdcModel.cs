using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Costs;

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
    double GateCapNF, double GateCapPF, double ComparatorAreaM2);

/// <summary>
/// Flash ADC as NeuroSim models it: the current-mode multilevel sense amplifier. With <c>L = 2^B</c> levels, each ADC has
/// <c>L - 1</c> current comparators; the references are <c>L - 1</c> dummy columns, each shared by <c>L</c> comparators
/// (<c>dumcolshared = levelOutput</c>), with reference resistances <c>R_i = R_start / (1 - i / L)</c>,
/// <c>R_start = Ron / rows</c>. Per conversion:
/// <list type="bullet">
/// <item>sensing time <c>t = max(T(R_1), T(R_{L-2}))</c> from the 22 nm latency fit, plus the column-capacitance correction;</item>
/// <item>power <c>P = (L - 1) p(R_col') + sum_{i=1}^{L-3} (L - 1) p(R_i') / L</c> with <c>p</c> the per-comparator current-mirror fit
/// (this is the converted column's and the reference columns' current, so the cell current is inside, counted once);</item>
/// <item>energy <c>(L - 1) E_sw + P t</c>, <c>E_sw</c> the comparator's switching energy (column and mirror caps at Vread, latch at Vdd);</item>
/// <item>area <c>(L - 1) (comparatorArea + columnArea / L)</c>.</item>
/// </list>
/// The MLSA encoder energy is 0, as in NeuroSim V1.4.
/// </summary>
/// <param name="parameters">Periphery block <c>adcModels.flash</c>.</param>
public sealed class FlashAdcModel(FlashAdc parameters) : IAdcModel
{
    /// <summary>Model name: <c>flash</c>.</summary>
    public const string ModelName = "flash";

    /// <inheritdoc/>
    public string Name => ModelName;
    /// <inheritdoc/>
    public bool IncludesCellCurrent => true;
    /// <inheritdoc/>
    public int MinBits => 2;

    /// <summary>Current comparators per ADC: <c>2^B - 1</c>.</summary>
    /// <param name="bits">Resolution B.</param>
    public static double Comparators(int bits) => Math.Pow(2, bits) - 1;

    /// <summary>Current-mirror power of one comparator at column resistance <paramref name="rOhm"/> (before the Vref / Vread scaling), watts.</summary>
    /// <param name="rOhm">Column resistance R, ohms; infinite (no current) gives 0. Range: &gt; 0.</param>
    /// <param name="readVoltageV">Read voltage, volts.</param>
    public double ComparatorPowerW(double rOhm, double readVoltageV)
    {
        if (double.IsPositiveInfinity(rOhm)) return 0;
        var p = parameters;
        double r = rOhm * p.ReferenceReadVoltageV / readVoltageV;
        double w = r < p.PowerBreakLowOhm ? p.PowerLinearWPerOhm * r + p.PowerLinearOffsetW
            : r < p.PowerBreakHighOhm ? p.PowerLogMidWPerLnOhm * Math.Log(r) + p.PowerLogMidOffsetW
            : p.PowerLogHighWPerLnOhm * Math.Log(r) + p.PowerLogHighOffsetW;
        return Math.Max(w, 0);
    }

    private double TableLatencyS(double rOhm, double columnCapF)
    {
        var p = parameters;
        double t = rOhm < p.LatencyBreakOhm ? p.LatencyLogSPerLnOhm * Math.Log(rOhm) + p.LatencyLogOffsetS
            : p.LatencyLinearSPerOhm * rOhm + p.LatencyLinearOffsetS;
        if (rOhm > p.LatencyCapThresholdOhm)
            t += p.LatencyCapStepS / (p.LatencyCapSpanOhm - p.LatencyCapThresholdOhm) * (rOhm - p.LatencyCapThresholdOhm)
                 * ((columnCapF - p.LatencyReferenceCapF) / p.LatencyReferenceCapF);
        return t;
    }

    private static double ReferenceOhm(int i, double levels, AdcColumn column) => 1 / (column.GOnCellS * column.Rows) / (1 - i / levels);

    /// <inheritdoc/>
    public double LatencyPerConversionS(int bits, AdcColumn column)
    {
        AdcModels.CheckBits(bits, MinBits);
        column.Validate();
        double levels = Math.Pow(2, bits);
        double columnCap = column.ColumnCapacitanceF + parameters.GateCapNF * (levels - 3);
        return Math.Max(TableLatencyS(ReferenceOhm((int)levels - 2, levels, column), columnCap),
                        TableLatencyS(ReferenceOhm(1, levels, column), columnCap));
    }

    /// <inheritdoc/>
    public double SensingWindowS(int bits, AdcColumn column) => LatencyPerConversionS(bits, column);

    /// <inheritdoc/>
    public double EnergyPerConversionJ(int bits, AdcColumn column)
    {
        double t = LatencyPerConversionS(bits, column);
        var p = parameters;
        double levels = Math.Pow(2, bits), comparators = levels - 1;
        double vr2 = column.ReadVoltageV * column.ReadVoltageV, vdd2 = column.SupplyVoltageV * column.SupplyVoltageV;
        double gN = p.GateCapNF, gP = p.GateCapPF;
        double switching = column.ColumnCapacitanceF * 2 * (1 / comparators + 1 / levels) / 2 * vr2
            + (gN * 2 + 2 * gN / comparators + 2 * gN / levels) * vr2
            + (gP * 2 + gN) * vdd2
            + (gP * 3 + gN * 3 + (gP + gN) * 3 + gP) * vdd2
            + (gP + gN) * vdd2;
        double referencePower = 0;
        for (int i = 1; i <= levels - 3; i++)
            referencePower += comparators * ComparatorPowerW(ReferenceOhm(i, levels, column), column.ReadVoltageV) / levels;
        double rCol = column.GColS > 0 ? 1 / column.GColS : double.PositiveInfinity;
        double power = comparators * ComparatorPowerW(rCol, column.ReadVoltageV) + referencePower;
        return comparators * switching + power * t;
    }

    /// <inheritdoc/>
    public double AreaM2(int bits, AdcColumn column)
    {
        AdcModels.CheckBits(bits, MinBits);
        double levels = Math.Pow(2, bits);
        return (levels - 1) * (parameters.ComparatorAreaM2 + column.ColumnAreaM2 / levels);
    }

    /// <inheritdoc/>
    public string Formula =>
        "current-mode multilevel sense amplifier: L - 1 current comparators (L = 2^B), reference columns shared by L comparators; "
        + "t = max(T(R_1), T(R_{L-2})) from the 22 nm latency fit; E = (L - 1) E_switch + [(L - 1) p(R_col') + reference-column power] t "
        + "(the cell current is the comparators' mirror current, counted once); area (L - 1) (9 minimum transistors + column area / L)";

    /// <inheritdoc/>
    public string Source =>
        "NeuroSim V1.4 MultilevelSenseAmp.cpp (GetColumnPower, ColumnLatency_Table, CalculatePower, CalculateArea; current mode, 22 nm LSTP), "
        + "Param.cpp dumcolshared = levelOutput; periphery adcModels.flash";
}

/// <summary>Reads the periphery block <c>adcModels.flash</c> into a <see cref="FlashAdcModel"/>.</summary>
public sealed class FlashAdcKind : IAdcModelKind
{
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

    /// <inheritdoc/>
    public string Name => FlashAdcModel.ModelName;

    /// <inheritdoc/>
    public string Description => "NeuroSim current-mode multilevel sense amplifier (MultilevelSenseAmp.cpp)";

    /// <inheritdoc/>
    public IAdcModel? Read(StrictObjectReader r, JsonObject block, string at, double featureSizeM)
    {
        var v = AdcModels.ReadNumbers(r, block, at, PositiveKeys, SignedKeys);
        if (v is null) return null;
        if (v["latencyCapSpanOhm"] <= v["latencyCapThresholdOhm"])
        {
            r.Error(JsonSourceMap.Child(at, "latencyCapSpanOhm"), "a value above latencyCapThresholdOhm", v["latencyCapSpanOhm"].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            return null;
        }
        return new FlashAdcModel(new FlashAdc(v["referenceReadVoltageV"], v["powerBreakLowOhm"], v["powerBreakHighOhm"],
            v["powerLinearWPerOhm"], v["powerLinearOffsetW"], v["powerLogMidWPerLnOhm"], v["powerLogMidOffsetW"],
            v["powerLogHighWPerLnOhm"], v["powerLogHighOffsetW"], v["latencyBreakOhm"], v["latencyLogSPerLnOhm"], v["latencyLogOffsetS"],
            v["latencyLinearSPerOhm"], v["latencyLinearOffsetS"], v["latencyCapThresholdOhm"], v["latencyCapSpanOhm"], v["latencyCapStepS"],
            v["latencyReferenceCapF"], v["gateCapNF"], v["gateCapPF"], v["comparatorAreaM2"]));
    }
}
