using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dse.Crossbar;

/// <summary>
/// The ADC stage's kernels: the reference currents subtracted from a partial-sum row, and every analog partial sum of a column
/// group converted by every ADC resolution of a chip and shift-and-added into that resolution's accumulator.
/// </summary>
/// <remarks>Every number is the one <see cref="AdcTransfer.Convert"/> gives for <c>analog</c> with
/// <c>zeroLevels = zero + activeRows x zeroPerRow[i] + zeroLsb[i] x step</c>: <c>levels = round(code x step - zeroLevels)</c>, and the
/// plane and slice weight <c>+-2^e</c> multiplies the whole-level float exactly before the conversion to an integer. Terms that are 0
/// (no comparator error, no digital zero) are skipped, which changes no number (<c>x - 0 = x</c>): the conversion is compiled once
/// per kind of run (<see cref="IFlag"/>), so its loop carries no branch. Written once against
/// <see cref="ILanes{TF, TI}"/> and compiled for the widest vectors the machine accelerates (512, 256 or 128 bits), with a scalar
/// tail.</remarks>
internal static class AdcStage
{
    /// <summary>The vector width the stage runs on.</summary>
    public static KernelPath Path => Vector512.IsHardwareAccelerated ? KernelPath.Vector512 : Vector256.IsHardwareAccelerated ? KernelPath.Vector256 : KernelPath.Vector128;

    /// <summary>
    /// Converts <paramref name="analog"/> (one input plane, one column group, one row block) with every ADC of
    /// <paramref name="adcs"/> and adds <c>weight x levels</c> to that ADC's accumulator at <paramref name="offset"/>.
    /// </summary>
    /// <param name="adcs">The chip's ADCs of this rows value, one per resolution.</param>
    /// <param name="analog">Analog partial sums as the ADCs see them (a reference column's current already subtracted), level units.</param>
    /// <param name="errorLsb">Comparator offset plus noise per conversion, LSB; empty for an ideal converter.</param>
    /// <param name="zero">Digital zero common to all columns, level units.</param>
    /// <param name="zeroPerRow">Per-column digital zero per active row, level units; empty when none.</param>
    /// <param name="zeroLsb">Per-column digital zero in LSB (a calibrated comparator offset); empty exactly when <paramref name="zeroPerRow"/> is.</param>
    /// <param name="activeRows">Active wordlines of the block for this input plane.</param>
    /// <param name="weight">The plane and slice weight, <c>+-2^e</c>.</param>
    /// <param name="accumulators">Shift-and-add accumulators, one per ADC.</param>
    /// <param name="offset">Index in every accumulator of the run's first column.</param>
    public static void ConvertShiftAccumulate(ReadOnlySpan<AdcTransfer> adcs, ReadOnlySpan<float> analog, ReadOnlySpan<float> errorLsb,
        float zero, ReadOnlySpan<float> zeroPerRow, ReadOnlySpan<float> zeroLsb, int activeRows, int weight, ReadOnlySpan<int[]> accumulators, int offset)
    {
        var run = new Run(zero, activeRows, weight, !errorLsb.IsEmpty, !zeroPerRow.IsEmpty);
        int done = Vector512.IsHardwareAccelerated ? Convert<Lanes512, Vector512<float>, Vector512<int>>(adcs, analog, errorLsb, zeroPerRow, zeroLsb, run, accumulators, offset)
            : Vector256.IsHardwareAccelerated ? Convert<Lanes256, Vector256<float>, Vector256<int>>(adcs, analog, errorLsb, zeroPerRow, zeroLsb, run, accumulators, offset)
            : Convert<Lanes128, Vector128<float>, Vector128<int>>(adcs, analog, errorLsb, zeroPerRow, zeroLsb, run, accumulators, offset);
        for (int b = 0; b < adcs.Length; b++)
            for (int i = done; i < analog.Length; i++)
            {
                var adc = adcs[b];
                float code = adc.Code(analog[i], run.HasError ? errorLsb[i] : 0f);
                float level = run.HasZero ? (code - zeroLsb[i]) * adc.StepLevels - zero - run.ActiveRows * zeroPerRow[i] : code * adc.StepLevels - zero;
                accumulators[b][offset + i] += (int)MathF.Round(level) * weight;
            }
    }

    /// <summary>
    /// What the ADCs see with reference columns: data columns <c>0 .. p - 1</c> of one partial-sum row <c>[p + ceil(p / span)]</c>,
    /// each minus the current of its reference column <c>p + j / span</c>, into <paramref name="into"/> (the same float
    /// subtraction the conversion would do; one vector loop per reference run, as these runs are short).
    /// </summary>
    /// <param name="row">Partial sums of the data columns, then of the reference columns, level units.</param>
    /// <param name="p">Data columns.</param>
    /// <param name="span">Data columns per reference column, &gt;= 1.</param>
    /// <param name="into">At least <paramref name="p"/> long.</param>
    /// <returns>The first <paramref name="p"/> values of <paramref name="into"/>.</returns>
    public static ReadOnlySpan<float> SubtractReferences(ReadOnlySpan<float> row, int p, int span, Span<float> into)
    {
        if (into.Length < p || row.Length < p + (p + span - 1) / span) throw new ArgumentException("A span is too short for the row.", nameof(into));
        if (Vector512.IsHardwareAccelerated) SubtractReferences<Lanes512, Vector512<float>, Vector512<int>>(row, p, span, into);
        else if (Vector256.IsHardwareAccelerated) SubtractReferences<Lanes256, Vector256<float>, Vector256<int>>(row, p, span, into);
        else SubtractReferences<Lanes128, Vector128<float>, Vector128<int>>(row, p, span, into);
        return into[..p];
    }

    private static void SubtractReferences<L, TF, TI>(ReadOnlySpan<float> row, int p, int span, Span<float> into)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
    {
        for (int c0 = 0, j = p; c0 < p; c0 += span, j++)
        {
            int end = Math.Min(p, c0 + span), c = c0;
            float reference = row[j];
            var referenceV = L.Broadcast(reference);
            for (; c <= end - L.Count; c += L.Count) L.Store(L.Subtract(L.Load(row, c), referenceV), into, c);
            for (; c < end; c++) into[c] = row[c] - reference;
        }
    }

    private readonly record struct Run(float Zero, float ActiveRows, float Weight, bool HasError, bool HasZero);

    /// <summary>The run in whole vectors on width <typeparamref name="L"/>, compiled once per kind of run (comparator error or not; the
    /// zero per column, a common zero or none) so the loop carries no branch; returns how many columns were converted (0 for a run
    /// shorter than a vector).</summary>
    private static int Convert<L, TF, TI>(ReadOnlySpan<AdcTransfer> adcs, ReadOnlySpan<float> analog, ReadOnlySpan<float> errorLsb,
        ReadOnlySpan<float> zeroPerRow, ReadOnlySpan<float> zeroLsb, Run run, ReadOnlySpan<int[]> accumulators, int offset)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
        => (run.HasError, run.HasZero, run.Zero != 0f) switch
        {
            (false, false, false) => Convert<L, TF, TI, No, No, No>(adcs, analog, errorLsb, zeroPerRow, zeroLsb, run, accumulators, offset),
            (false, false, true) => Convert<L, TF, TI, No, No, Yes>(adcs, analog, errorLsb, zeroPerRow, zeroLsb, run, accumulators, offset),
            (true, false, false) => Convert<L, TF, TI, Yes, No, No>(adcs, analog, errorLsb, zeroPerRow, zeroLsb, run, accumulators, offset),
            (true, false, true) => Convert<L, TF, TI, Yes, No, Yes>(adcs, analog, errorLsb, zeroPerRow, zeroLsb, run, accumulators, offset),
            (false, true, _) => Convert<L, TF, TI, No, Yes, Yes>(adcs, analog, errorLsb, zeroPerRow, zeroLsb, run, accumulators, offset),
            (true, true, _) => Convert<L, TF, TI, Yes, Yes, Yes>(adcs, analog, errorLsb, zeroPerRow, zeroLsb, run, accumulators, offset),
        };

    /// <summary>
    /// The run in whole vectors, the last one overlapping its predecessor with the columns converted before masked out, so
    /// nothing is read or written outside the spans.
    /// </summary>
    /// <typeparam name="L">The vector width's operations.</typeparam>
    /// <typeparam name="TF">The float vector.</typeparam>
    /// <typeparam name="TI">The int vector.</typeparam>
    /// <typeparam name="TError">Whether a comparator error is added.</typeparam>
    /// <typeparam name="TColumnZero">Whether each column has its own zero (calibrated zero).</typeparam>
    /// <typeparam name="TZero">Whether the common zero is subtracted (always with <typeparamref name="TColumnZero"/>).</typeparam>
    private static int Convert<L, TF, TI, TError, TColumnZero, TZero>(ReadOnlySpan<AdcTransfer> adcs, ReadOnlySpan<float> analog, ReadOnlySpan<float> errorLsb,
        ReadOnlySpan<float> zeroPerRow, ReadOnlySpan<float> zeroLsb, Run run, ReadOnlySpan<int[]> accumulators, int offset)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
        where TError : struct, IFlag where TColumnZero : struct, IFlag where TZero : struct, IFlag
    {
        int length = analog.Length, full = length - length % L.Count;
        if (full == 0) return 0;
        var (zero, rows, weight) = (L.Broadcast(run.Zero), L.Broadcast(run.ActiveRows), L.Broadcast(run.Weight));
        var lastLanes = L.LastLanes(length - full);
        for (int b = 0; b < adcs.Length; b++)
        {
            var (inv, st, max) = adcs[b].Parameters;
            var (invStep, step, maxCode) = (L.Broadcast(inv), L.Broadcast(st), L.Broadcast(max));
            var acc = accumulators[b].AsSpan(offset, length);
            for (int i = 0; i < full; i += L.Count)
                L.Store(L.AddInt(L.LoadInt(acc, i), Levels<L, TF, TI, TError, TColumnZero, TZero>(analog, errorLsb, zeroPerRow, zeroLsb, i, invStep, step, maxCode, zero, rows, weight)), acc, i);
            if (full == length) continue;
            int last = length - L.Count;
            var levels = Levels<L, TF, TI, TError, TColumnZero, TZero>(analog, errorLsb, zeroPerRow, zeroLsb, last, invStep, step, maxCode, zero, rows, weight);
            L.Store(L.AddInt(L.LoadInt(acc, last), L.AndInt(levels, lastLanes)), acc, last);
        }
        return length;
    }

    /// <summary><c>weight x round(code x step - zeroLevels)</c> of the vector of columns at <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TI Levels<L, TF, TI, TError, TColumnZero, TZero>(ReadOnlySpan<float> analog, ReadOnlySpan<float> errorLsb, ReadOnlySpan<float> zeroPerRow,
        ReadOnlySpan<float> zeroLsb, int i, TF invStep, TF step, TF maxCode, TF zero, TF rows, TF weight)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
        where TError : struct, IFlag where TColumnZero : struct, IFlag where TZero : struct, IFlag
    {
        var y = L.Multiply(L.Load(analog, i), invStep);
        var code = L.Clamp(L.Round(TError.On ? L.Add(y, L.Load(errorLsb, i)) : y), maxCode);
        var level = TColumnZero.On
            ? L.Subtract(L.Subtract(L.Multiply(L.Subtract(code, L.Load(zeroLsb, i)), step), zero), L.Multiply(rows, L.Load(zeroPerRow, i)))
            : TZero.On ? L.Subtract(L.Multiply(code, step), zero) : L.Multiply(code, step);
        return L.ToInt32(L.Multiply(L.Round(level), weight));
    }
}

/// <summary>A compile-time switch of a generic kernel: the JIT drops the branches of the value it does not have.</summary>
internal interface IFlag
{
    static abstract bool On { get; }
}

internal readonly struct Yes : IFlag
{
    public static bool On => true;
}

internal readonly struct No : IFlag
{
    public static bool On => false;
}
