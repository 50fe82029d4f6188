using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dse.Crossbar;

/// <summary>How the ADC's input range is set (DESIGN §6 step 7).</summary>
public enum AdcRangeMode
{
    /// <summary>The largest possible bitline current, <c>rows x Vread x Gmax</c>.</summary>
    FullScale,
    /// <summary>A quantile of the partial sums seen on a calibration batch; larger values clip.</summary>
    Calibrated,
}

/// <summary>
/// The transfer function of a column ADC, in conductance-level units: an analog partial sum
/// <c>I / (Vread x dG)</c> (dG = one level step) becomes a code <c>0 .. 2^B - 1</c> with step
/// <c>range / (2^B - 1)</c>, values beyond the range clip; the code is mapped back to level units, the known
/// Gmin offset (<c>active rows x Gmin / dG</c>) subtracted and the result rounded to whole levels (not clamped at 0).
/// </summary>
/// <remarks>DESIGN §6 step 7. With 1-bit input planes and fullScale range this is lossless when
/// <c>B >= ceil(log2(rows (2^cellBits - 1) + 1))</c> and the step in level units,
/// <c>rows Gmax / ((2^B - 1) dG)</c>, is below 1.</remarks>
public readonly struct AdcTransfer
{
    private readonly float _step, _invStep, _maxCode, _gMinLevels;

    /// <summary>ADC resolution in bits.</summary>
    public int Bits { get; }

    /// <summary>Input range in level units (the analog value of the top code).</summary>
    public double RangeLevels { get; }

    /// <summary>Creates the transfer function.</summary>
    /// <param name="bits">B. Range: 1..16.</param>
    /// <param name="rangeLevels">Input range in level units, &gt; 0.</param>
    /// <param name="gMinLevels">Gmin / dG: the analog contribution of one active cell at level 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">On a bit count outside 1..16 or a non-positive range.</exception>
    public AdcTransfer(int bits, double rangeLevels, double gMinLevels)
    {
        if (bits < 1 || bits > 16) throw new ArgumentOutOfRangeException(nameof(bits), bits, "Range: 1 <= adcBits <= 16.");
        if (!(rangeLevels > 0) || double.IsInfinity(rangeLevels)) throw new ArgumentOutOfRangeException(nameof(rangeLevels), rangeLevels, "The ADC range must be positive and finite.");
        Bits = bits;
        RangeLevels = rangeLevels;
        _maxCode = (1 << bits) - 1;
        _step = (float)(rangeLevels / _maxCode);
        _invStep = 1f / _step;
        _gMinLevels = (float)gMinLevels;
    }

    /// <summary>
    /// Full-scale range of a block of <paramref name="rows"/> rows in level units: <c>rows x Gmax / dG</c>.
    /// </summary>
    public static double FullScaleLevels(int rows, int cellBits, double gMinS, double gMaxS)
        => rows * gMaxS / ((gMaxS - gMinS) / ((1 << cellBits) - 1));

    /// <summary>
    /// The fewest ADC bits for which the fullScale conversion of 1-bit input planes is exact: the step in level
    /// units, <c>rows Gmax / ((2^B - 1) dG)</c>, below 1 (at most 1 when Gmin = 0).
    /// </summary>
    /// <remarks>DESIGN §6 gives <c>ceil(log2(rows (2^cellBits - 1) + 1))</c>, which ignores the Gmin offset inside the
    /// full-scale range; it is exact only when Gmin = 0 and suffices for high ON/OFF ratios (e.g. 17, 100 at
    /// the usual rows) but not for low ones (STT-MRAM, 2.8).</remarks>
    public static int LosslessBits(int rows, int cellBits, double gMinS, double gMaxS)
    {
        double fullScale = FullScaleLevels(rows, cellBits, gMinS, gMaxS);
        for (int bits = 1; bits < 31; bits++)
        {
            double step = fullScale / ((1L << bits) - 1);
            if (step < 1 || (gMinS == 0 && step <= 1)) return bits;
        }
        return 31;
    }

    /// <summary>Converts one analog partial sum of a block with <paramref name="activeRows"/> active wordlines to whole levels.</summary>
    public int Convert(float analog, int activeRows)
    {
        float code = MathF.Min(MathF.Max(MathF.Round(analog * _invStep), 0f), _maxCode);
        return (int)MathF.Round(code * _step - activeRows * _gMinLevels);
    }

    /// <summary>
    /// Converts every analog partial sum of <paramref name="analog"/> (one input plane, one column group, one block) and adds
    /// <c>levels &lt;&lt; shift</c> to <paramref name="accumulator"/>, or subtracts it when <paramref name="negative"/>: the
    /// shift-and-add with the plane and slice weight <c>+-2^shift</c>. Vectorised; the same numbers as <see cref="Convert"/>.
    /// </summary>
    internal void ConvertShiftAccumulate(ReadOnlySpan<float> analog, int activeRows, int shift, bool negative, Span<int> accumulator)
    {
        int n = analog.Length, i = 0;
        float offset = activeRows * _gMinLevels;
        ref float src = ref MemoryMarshal.GetReference(analog);
        ref int dst = ref MemoryMarshal.GetReference(accumulator);
        if (Vector512.IsHardwareAccelerated)
        {
            var off = Vector512.Create(offset);
            var invStep = Vector512.Create(_invStep);
            var step = Vector512.Create(_step);
            var max = Vector512.Create(_maxCode);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var code = Vector512.Min(Vector512.Max(Vector512.Round(Vector512.LoadUnsafe(ref src, (nuint)i) * invStep), Vector512<float>.Zero), max);
                var level = code * step - off;
                var levels = Vector512.ShiftLeft(Avx512F.IsSupported ? Avx512F.ConvertToVector512Int32(level) : Vector512.ConvertToInt32(Vector512.Round(level)), shift);
                var acc = Vector512.LoadUnsafe(ref dst, (nuint)i);
                (negative ? acc - levels : acc + levels).StoreUnsafe(ref dst, (nuint)i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var off = Vector256.Create(offset);
            var invStep = Vector256.Create(_invStep);
            var step = Vector256.Create(_step);
            var max = Vector256.Create(_maxCode);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var code = Vector256.Min(Vector256.Max(Vector256.Round(Vector256.LoadUnsafe(ref src, (nuint)i) * invStep), Vector256<float>.Zero), max);
                var level = code * step - off;
                var levels = Vector256.ShiftLeft(Avx.IsSupported ? Avx.ConvertToVector256Int32(level) : Vector256.ConvertToInt32(Vector256.Round(level)), shift);
                var acc = Vector256.LoadUnsafe(ref dst, (nuint)i);
                (negative ? acc - levels : acc + levels).StoreUnsafe(ref dst, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            int levels = Convert(analog[i], activeRows) << shift;
            accumulator[i] += negative ? -levels : levels;
        }
    }
}
