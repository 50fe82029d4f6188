using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Dse.Devices;

namespace Dse.Crossbar;

/// <summary>How the ADC's input range is set (docs/models.md).</summary>
public enum AdcRangeMode
{
    /// <summary>The largest possible bitline current, <c>rows x Vread x Gmax</c>.</summary>
    FullScale,
    /// <summary>
    /// Per programmed chip, a quantile of the partial sums the ADCs see on a calibration batch of queries disjoint from the
    /// scored ones (noisy sums, after the analog reference subtraction when there is one); larger values clip.
    /// </summary>
    Calibrated,
}

/// <summary>How each column's gain is set before its ADC.</summary>
public enum AdcGain
{
    /// <summary>Every column at its raw gain: IR drop and the column's programming spread scale its partial sums as they are.</summary>
    None,

    /// <summary>
    /// Per programmed chip, each column's gain is measured on the calibration batch against the nominal response (the target
    /// levels through ideal wires, plus the nominal zero when no reference column removes it in analog) and trimmed before its
    /// ADC, as CIM macros trim their columns: every partial sum of the column is multiplied by <c>sum nominal / sum measured</c>
    /// over the batch, per row block.
    /// </summary>
    Calibrated,
}

/// <summary>
/// How the ADC zero (the analog value of an all-level-0 partial sum, the Gmin current of the active rows) is removed.
/// </summary>
/// <remarks>See docs/models.md, 'ADC'. <see cref="ReferenceColumn"/> is the recommended default: NeuroSim's inference model
/// (DNN_NeuroSim V1.4, <c>Inference_pytorch/modules/quantization_cpu_np_infer.py</c>, the dummy crossbar <c>dummyP</c>) drives a
/// dummy column with the same input bits as every array and subtracts its output from the partial sums, so the removed zero
/// follows the cells of the chip rather than a nominal Gmin. NeuroSim converts the dummy column separately and subtracts the
/// codes; this mode subtracts the currents before one conversion, as a replica-column (current-mirror) reference does.</remarks>
public enum AdcReference
{
    /// <summary>The nominal zero, <c>active rows x Gmin / dG</c>, subtracted digitally after conversion.</summary>
    Nominal,
    /// <summary>
    /// One dummy column of level-0 (Gmin) cells per array, programmed with the same variation model and driven by the same
    /// wordlines; its current is subtracted in the analog domain before the ADC.
    /// </summary>
    ReferenceColumn,
    /// <summary>
    /// Per programmed chip, every column's zero (its offset per active row and its comparator offset) is measured on a
    /// calibration batch of queries and subtracted digitally after conversion.
    /// </summary>
    Calibrated,
}


/// <summary>
/// The transfer function of a column ADC, in conductance-level units: an analog partial sum
/// <c>I / (Vread x dG)</c> (dG = one level step) becomes a code <c>clamp(round(x / step + e), 0, 2^B - 1)</c> with step
/// <c>range / (2^B - 1)</c> and <c>e</c> the comparator offset and noise in LSB (0 for an ideal converter); the code is mapped
/// back to level units, the digital zero subtracted and the result rounded to whole levels (not clamped at 0).
/// </summary>
/// <remarks>See docs/models.md, 'ADC'. With 1-bit input planes, <c>e = 0</c> and the fullScale range this is lossless when the
/// step in level units is below 1 (<see cref="LosslessBits"/>).</remarks>
public readonly struct AdcTransfer
{
    private readonly float _step, _invStep, _maxCode;

    /// <summary>ADC resolution in bits.</summary>
    public int Bits { get; }

    /// <summary>Input range in level units (the analog value of the top code).</summary>
    public double RangeLevels { get; }

    /// <summary>One LSB in level units: <c>RangeLevels / (2^Bits - 1)</c>.</summary>
    public float StepLevels => _step;

    /// <summary>Creates the transfer function.</summary>
    /// <param name="bits">B. Range: <see cref="AdcResolution.Bits"/>.</param>
    /// <param name="rangeLevels">Input range in level units, &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">On a bit count outside <see cref="AdcResolution.Bits"/> or a non-positive range.</exception>
    public AdcTransfer(int bits, double rangeLevels)
    {
        AdcResolution.Bits.Check(bits, nameof(bits), "adcBits");
        if (!(rangeLevels > 0) || double.IsInfinity(rangeLevels)) throw new ArgumentOutOfRangeException(nameof(rangeLevels), rangeLevels, "The ADC range must be positive and finite.");
        Bits = bits;
        RangeLevels = rangeLevels;
        _maxCode = (1 << bits) - 1;
        _step = (float)(rangeLevels / _maxCode);
        _invStep = 1f / _step;
    }

    /// <summary>
    /// Full-scale range of a block of <paramref name="rows"/> rows in level units: the largest current the ADC can see,
    /// <c>rows x Gmax / dG</c> when the zero is removed digitally, <c>rows x (Gmax - Gmin) / dG = rows (2^cellBits - 1)</c>
    /// when a reference column's current is subtracted before the ADC (<paramref name="reference"/>; default nominal).
    /// </summary>
    public static double FullScaleLevels(int rows, int cellBits, double gMinS, double gMaxS, AdcReference reference = AdcReference.Nominal)
    {
        int top = (1 << cellBits) - 1;
        return reference == AdcReference.ReferenceColumn ? (double)rows * top : rows * gMaxS / ((gMaxS - gMinS) / top);
    }

    /// <summary>
    /// The fewest ADC bits for which the fullScale conversion of 1-bit input planes is exact on noiseless cells: the step in
    /// level units, <c>FullScaleLevels / (2^B - 1)</c>, below 1 (at most 1 when the range holds no Gmin offset).
    /// </summary>
    /// <remarks>With a reference column, or Gmin = 0, this is <c>ceil(log2(rows (2^cellBits - 1) + 1))</c>; with the zero removed
    /// digitally the Gmin offset inside the range asks for more at low ON/OFF ratios (STT-MRAM, 2.8).</remarks>
    public static int LosslessBits(int rows, int cellBits, double gMinS, double gMaxS, AdcReference reference = AdcReference.Nominal)
    {
        double fullScale = FullScaleLevels(rows, cellBits, gMinS, gMaxS, reference);
        bool exactAtOne = gMinS == 0 || reference == AdcReference.ReferenceColumn;
        for (int bits = 1; bits < 31; bits++)
        {
            double step = fullScale / ((1L << bits) - 1);
            if (step < 1 || (exactAtOne && step <= 1)) return bits;
        }
        return 31;
    }

    /// <summary>The code <c>clamp(round(analog / step + errorLsb), 0, 2^B - 1)</c> of one analog partial sum.</summary>
    /// <param name="analog">The analog partial sum, level units.</param>
    /// <param name="errorLsb">Comparator offset plus noise of this conversion, LSB (0: ideal converter).</param>
    public float Code(float analog, float errorLsb = 0f) => MathF.Min(MathF.Max(MathF.Round(analog * _invStep + errorLsb), 0f), _maxCode);

    /// <summary>Converts one analog partial sum to whole levels: <c>round(Code x step - zeroLevels)</c>.</summary>
    /// <param name="analog">The analog partial sum, level units.</param>
    /// <param name="zeroLevels">The digital zero subtracted after conversion, level units.</param>
    /// <param name="errorLsb">Comparator offset plus noise of this conversion, LSB (0: ideal converter).</param>
    public int Convert(float analog, float zeroLevels, float errorLsb = 0f) => (int)MathF.Round(Code(analog, errorLsb) * _step - zeroLevels);

    /// <summary>The conversion constants <c>(1 / step, step, 2^B - 1)</c> for the fused ADC stage.</summary>
    internal (float InvStep, float Step, float MaxCode) Parameters => (_invStep, _step, _maxCode);
}
