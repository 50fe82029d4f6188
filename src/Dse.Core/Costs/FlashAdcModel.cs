using System.Runtime.CompilerServices;
using Dse.Devices;

namespace Dse.Costs;

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
    public const string ModelName = FlashAdc.Key;

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
        double rCol = column.GColS > 0 ? 1 / column.GColS : double.PositiveInfinity;
        double power = comparators * ComparatorPowerW(rCol, column.ReadVoltageV) + ReferencePowerW(bits, column);
        return comparators * switching + power * t;
    }

    /// <summary>
    /// Power of the reference columns, watts: <c>sum_{i=1}^{L-3} (L - 1) p(R_i') / L</c>, a loop of up to 1,021 logarithms that depends
    /// only on the parameters, the resolution and the column's Gmax, rows and Vread (a sweep asks for a few dozen of them); remembered per
    /// thread in a direct-mapped table of <see cref="ReferencePowerSlots"/> entries, so a value is the loop's, bit for bit.
    /// </summary>
    private double ReferencePowerW(int bits, AdcColumn column)
    {
        var table = t_referencePower ??= new ReferencePower[ReferencePowerSlots];
        ref var entry = ref table[(uint)HashCode.Combine(RuntimeHelpers.GetHashCode(parameters), bits, column.GOnCellS, column.Rows, column.ReadVoltageV)
            % ReferencePowerSlots];
        if (ReferenceEquals(entry.Parameters, parameters) && entry.Bits == bits && entry.GOnCellS == column.GOnCellS && entry.Rows == column.Rows
            && entry.ReadVoltageV == column.ReadVoltageV)
            return entry.PowerW;
        double levels = Math.Pow(2, bits), comparators = levels - 1, powerW = 0;
        for (int i = 1; i <= levels - 3; i++)
            powerW += comparators * ComparatorPowerW(ReferenceOhm(i, levels, column), column.ReadVoltageV) / levels;
        entry = new ReferencePower(parameters, bits, column.GOnCellS, column.Rows, column.ReadVoltageV, powerW);
        return powerW;
    }

    private const int ReferencePowerSlots = 256;

    [ThreadStatic] private static ReferencePower[]? t_referencePower;

    private readonly record struct ReferencePower(FlashAdc? Parameters, int Bits, double GOnCellS, int Rows, double ReadVoltageV, double PowerW);

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
