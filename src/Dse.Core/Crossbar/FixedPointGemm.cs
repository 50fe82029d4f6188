using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dse.Crossbar;

/// <summary>
/// The crossbar MMM with 8-bit fixed-point conductances (the sweep option <c>"mc": { "arithmetic": "int8" }</c>):
/// <c>C = A Q s</c>, where A is 0/1 input bit-planes <c>[m, kDim]</c>, B &gt;= 0 (conductances), <c>Q = round(B / s)</c> is B
/// quantised to integers in [0, 255] and <c>s = max B / 255</c> is one step for the whole of B. Each integer sum <c>sum_k A[i, k] Q[k, j]</c> is exact,
/// so results do not depend on the order of the sum, the vector width or the thread count; the numbers differ from the float
/// path (<see cref="Gemm"/>) by the quantisation of each conductance (at most s / 2 per cell, 0.2% of the largest).
/// </summary>
/// <remarks>
/// Kernels: B is packed in panels two vectors of 16-bit sums wide (32 columns on AVX2, 64 on AVX-512) with each pair of
/// consecutive k interleaved, so one <c>vpmaddubsw</c> multiplies two rows of 16 (32) columns of codes by a broadcast pair of input
/// bits and adds the pairs: 32 (64) multiply-adds per instruction, four times the float kernel's. The 16-bit sums of a register
/// tile (6 x 32 on AVX2, 8 x 64 on AVX-512) cannot overflow within 128 k (64 pairs of at most 2 x 255); longer products are summed
/// in chunks of 128 k, each chunk's sum scaled and added to C in float, chunk after chunk. Without AVX2 a scalar loop gives the same
/// numbers.
/// </remarks>
public static class FixedPointGemm
{
    /// <summary>Largest quantised conductance.</summary>
    public const int MaxCode = 255;

    /// <summary>k per chunk whose 16-bit sums cannot overflow: 64 pairs of at most 2 x <see cref="MaxCode"/>.</summary>
    public const int ChunkK = 128;

    [ThreadStatic] private static byte[]? t_inputs;

    /// <summary>The widest fixed-point kernel this machine runs: <see cref="KernelPath.Vector512"/> (AVX-512 BW),
    /// <see cref="KernelPath.Vector256"/> (AVX2) or <see cref="KernelPath.Scalar"/>.</summary>
    public static KernelPath BestPath => AcceleratedPaths[0];

    /// <summary>Every fixed-point kernel this machine runs, widest first, then <see cref="KernelPath.Scalar"/>: all give the same numbers.</summary>
    public static IReadOnlyList<KernelPath> AcceleratedPaths { get; } =
        new[] { (KernelPath.Vector512, Avx512BW.IsSupported && Vector512.IsHardwareAccelerated), (KernelPath.Vector256, Avx2.IsSupported),
            (KernelPath.Scalar, true) }.Where(p => p.Item2).Select(p => p.Item1).ToArray();

    /// <summary>Columns per packed panel on <paramref name="path"/>.</summary>
    public static int PanelColumns(KernelPath path) => path switch { KernelPath.Vector512 => 64, KernelPath.Vector256 => 32, _ => 1 };

    /// <summary>The quantisation step s of B: <c>max B / 255</c>, or 1 when that is 0 or subnormal (B all zeros or all below
    /// about 3e-36, which then quantise to 0).</summary>
    /// <exception cref="ArgumentException">When B holds a negative number, a NaN or an infinity.</exception>
    public static float Step(ReadOnlySpan<float> b, int ldb, int kDim, int n)
    {
        float max = 0, min = 0;
        for (int k = 0; k < kDim; k++)
        {
            var row = b.Slice(k * ldb, n);
            max = MathF.Max(max, TensorPrimitives.Max(row));
            min = MathF.Min(min, TensorPrimitives.Min(row));
        }
        if (!float.IsFinite(max) || !(min >= 0)) throw new ArgumentException("B must hold finite numbers >= 0 (conductances).", nameof(b));
        return float.IsNormal(max / MaxCode) ? max / MaxCode : 1f;
    }

    /// <summary>Length of the packed B of <c>[kDim, n]</c> on <paramref name="path"/>, bytes.</summary>
    public static int PackedLength(KernelPath path, int kDim, int n)
    {
        int nr = PanelColumns(path), pairs = (kDim + 1) / 2;
        return (n + nr - 1) / nr * nr * pairs * 2;
    }

    /// <summary>
    /// Quantises <c>B[k, j] = b[k ldb + j]</c> (<c>[kDim, n]</c>) with step <paramref name="step"/> into <paramref name="packed"/>:
    /// panels of <see cref="PanelColumns"/> columns, within a panel pair after pair of k, within a pair the two halves of the panel,
    /// within a half column after column, each column's two k adjacent; zero-padded at the right edge and after an odd kDim.
    /// On the scalar path (one column per panel) this is Q transposed, <c>[n, kDim rounded up to even]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When a span is too short for the shape or a dimension is not positive.</exception>
    public static void Pack(KernelPath path, ReadOnlySpan<float> b, int ldb, int kDim, int n, float step, Span<byte> packed)
    {
        if (kDim < 1 || n < 1 || ldb < n || b.Length < (long)(kDim - 1) * ldb + n || packed.Length < PackedLength(path, kDim, n))
            throw new ArgumentException("A span is too short for the given shape, or a dimension is not positive.");
        int nr = PanelColumns(path), half = Math.Max(1, nr / 2), pairs = (kDim + 1) / 2;
        float inverse = 1f / step;
        packed[..PackedLength(path, kDim, n)].Clear();
        for (int j0 = 0; j0 < n; j0 += nr)
        {
            var panel = packed.Slice(j0 * pairs * 2, nr * pairs * 2);
            int width = Math.Min(nr, n - j0);
            int k = 0;
            if (width == nr && nr >= 16 && Vector256.IsHardwareAccelerated)
                for (; k + 1 < kDim; k += 2) PackPair(b.Slice(k * ldb + j0), ldb, inverse, nr, panel.Slice(k / 2 * nr * 2, nr * 2));
            for (; k < kDim; k++)
            {
                var row = b.Slice(k * ldb + j0, width);
                int pairAt = k / 2 * nr * 2 + (k & 1);
                for (int jj = 0; jj < width; jj++) panel[nr == 1 ? k : pairAt + jj / half * nr + jj % half * 2] = Quantise(row[jj], inverse);
            }
        }
    }

    /// <summary>Rows k and k + 1 of a full panel (<paramref name="nr"/> columns from <c>rows[0]</c> and <c>rows[ldb]</c>) into their
    /// <c>2 nr</c> bytes, eight columns at a time: the two codes of a column as one 16-bit lane, low byte row k (as <see cref="Quantise"/>).</summary>
    private static void PackPair(ReadOnlySpan<float> rows, int ldb, float inverse, int nr, Span<byte> pair)
    {
        ref float row0 = ref MemoryMarshal.GetReference(rows);
        ref float row1 = ref Unsafe.Add(ref row0, ldb);
        ref byte target = ref MemoryMarshal.GetReference(pair);
        var scale = Vector256.Create(inverse);
        var max = Vector256.Create((float)MaxCode);
        int half = nr / 2;
        for (int jj = 0; jj < nr; jj += 8)
        {
            var low = Vector256.ConvertToInt32(Vector256.Min(Vector256.Round(Vector256.LoadUnsafe(ref row0, (nuint)jj) * scale), max));
            var high = Vector256.ConvertToInt32(Vector256.Min(Vector256.Round(Vector256.LoadUnsafe(ref row1, (nuint)jj) * scale), max));
            var codes = (low | Vector256.ShiftLeft(high, 8)).AsUInt32();
            Vector128.Narrow(codes.GetLower(), codes.GetUpper()).AsByte().StoreUnsafe(ref target, (nuint)(jj / half * nr + jj % half * 2));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Quantise(float value, float inverse) => (byte)Math.Min((int)MathF.Round(value * inverse), MaxCode);

    /// <summary>
    /// <c>C[m, n] = (A Q) s</c> with Q packed by <see cref="Pack"/> on the same <paramref name="path"/>; C is overwritten.
    /// </summary>
    /// <param name="path">The kernel; <see cref="KernelPath.Vector512"/> and <see cref="KernelPath.Vector256"/> only where
    /// <see cref="BestPath"/> allows them, any machine runs <see cref="KernelPath.Scalar"/>.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>; every element 0 or 1.</param>
    /// <param name="lda">Leading dimension of A, &gt;= kDim.</param>
    /// <param name="packed">Q from <see cref="Pack"/>.</param>
    /// <param name="step">s, the step <see cref="Pack"/> quantised with.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Leading dimension of C, &gt;= n.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="kDim">Columns of A, rows of B, &gt;= 1.</param>
    /// <exception cref="ArgumentException">When a span is too short for the shape, or the path is not one of <see cref="AcceleratedPaths"/>.</exception>
    public static void Multiply(KernelPath path, ReadOnlySpan<float> a, int lda, ReadOnlySpan<byte> packed, float step, Span<float> c, int ldc, int m, int n, int kDim)
    {
        if (!AcceleratedPaths.Contains(path)) throw new ArgumentException($"The {path} fixed-point kernel does not run on this machine.", nameof(path));
        if (m < 0 || n < 0 || kDim < 1 || lda < kDim || ldc < n || (m > 0 && n > 0 && (a.Length < (long)(m - 1) * lda + kDim
            || c.Length < (long)(m - 1) * ldc + n || packed.Length < PackedLength(path, kDim, n))))
            throw new ArgumentException("A span or leading dimension is too short for the given fixed-point GEMM shape.");
        if (m == 0 || n == 0) return;
        int pairs = (kDim + 1) / 2, ldi = pairs * 2;
        var inputs = InputBuffer(m * ldi);
        for (int i = 0; i < m; i++)
        {
            ToBytes(a.Slice(i * lda, kDim), inputs.AsSpan(i * ldi, kDim));
            if ((kDim & 1) != 0) inputs[i * ldi + kDim] = 0;
        }
        switch (path)
        {
            case KernelPath.Vector512: MultiplyLanes<Int8Lanes512, Vector512<byte>, Vector512<sbyte>, Vector512<short>>(inputs, ldi, packed, step, c, ldc, m, n, pairs, 8); break;
            case KernelPath.Vector256: MultiplyLanes<Int8Lanes256, Vector256<byte>, Vector256<sbyte>, Vector256<short>>(inputs, ldi, packed, step, c, ldc, m, n, pairs, 6); break;
            default: MultiplyScalar(inputs, ldi, packed, step, c, ldc, m, n, kDim); break;
        }
    }

    /// <summary>The 0/1 floats of one row of A as bytes, 32 at a time where the machine has 256-bit vectors.</summary>
    private static void ToBytes(ReadOnlySpan<float> row, Span<byte> bytes)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float source = ref MemoryMarshal.GetReference(row);
            ref byte target = ref MemoryMarshal.GetReference(bytes);
            for (; k + 32 <= row.Length; k += 32)
            {
                var low = Vector256.Narrow(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref source, (nuint)k)),
                    Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref source, (nuint)k + 8)));
                var high = Vector256.Narrow(Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref source, (nuint)k + 16)),
                    Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref source, (nuint)k + 24)));
                Vector256.Narrow(low.AsUInt16(), high.AsUInt16()).StoreUnsafe(ref target, (nuint)k);
            }
        }
        for (; k < row.Length; k++) bytes[k] = (byte)row[k];
    }

    private static byte[] InputBuffer(int length)
    {
        var buffer = t_inputs;
        if (buffer is null || buffer.Length < length) t_inputs = buffer = new byte[Math.Max(length, 128 * 256)];
        return buffer;
    }

    private static void MultiplyScalar(byte[] inputs, int ldi, ReadOnlySpan<byte> packed, float step, Span<float> c, int ldc, int m, int n, int kDim)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                var q = packed.Slice(j * ldi, ldi);
                float sum = 0;
                for (int k0 = 0; k0 < kDim; k0 += ChunkK)
                {
                    int chunk = 0;
                    for (int k = k0; k < Math.Min(kDim, k0 + ChunkK); k++) chunk += inputs[i * ldi + k] * q[k];
                    float scaled = chunk * step;
                    sum = k0 == 0 ? scaled : sum + scaled;
                }
                c[i * ldc + j] = sum;
            }
    }

    private static void MultiplyLanes<L, TB, TP, TS>(byte[] inputs, int ldi, ReadOnlySpan<byte> packed, float step, Span<float> c, int ldc, int m, int n, int pairs, int mr)
        where L : struct, IInt8Lanes<TB, TP, TS> where TB : unmanaged where TP : unmanaged where TS : unmanaged
    {
        int nr = 2 * L.Columns;
        Span<float> tile = stackalloc float[mr * nr];
        ref sbyte a = ref Unsafe.As<byte, sbyte>(ref MemoryMarshal.GetArrayDataReference(inputs));
        for (int j0 = 0; j0 < n; j0 += nr)
        {
            ref byte panel = ref Unsafe.AsRef(in packed[j0 * pairs * 2]);
            int width = Math.Min(nr, n - j0);
            for (int i0 = 0; i0 < m; i0 += mr)
            {
                int rows = Math.Min(mr, m - i0);
                bool direct = rows == mr && width == nr;
                var target = direct ? c[(i0 * ldc + j0)..] : tile;
                int ldt = direct ? ldc : nr;
                ref sbyte ai = ref Unsafe.Add(ref a, i0 * ldi);
                for (int q0 = 0; q0 < pairs; q0 += ChunkK / 2)
                {
                    int q1 = Math.Min(pairs, q0 + ChunkK / 2);
                    bool add = q0 > 0;
                    if (rows == 8) KernelTile<L, TB, TP, TS, Yes>(ref ai, ldi, ref panel, nr, q0, q1, step, add, target, ldt);
                    else if (rows == 6) KernelTile<L, TB, TP, TS, No>(ref ai, ldi, ref panel, nr, q0, q1, step, add, target, ldt);
                    else for (int i = 0; i < rows; i++) Kernel1x2<L, TB, TP, TS>(ref Unsafe.Add(ref ai, i * ldi), ref panel, nr, q0, q1, step, add, target[(i * ldt)..]);
                }
                if (!direct)
                    for (int i = 0; i < rows; i++) tile.Slice(i * nr, width).CopyTo(c.Slice((i0 + i) * ldc + j0, width));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TP Pair<L, TB, TP, TS>(ref sbyte row, int q)
        where L : struct, IInt8Lanes<TB, TP, TS> where TB : unmanaged where TP : unmanaged where TS : unmanaged
        => L.BroadcastPair(Unsafe.ReadUnaligned<short>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref row, 2 * q))));

    /// <summary>The register tile: 8 rows x 2 vectors when <typeparamref name="TEight"/> is on (AVX-512's 32 registers), else 6 rows
    /// (AVX2's 16); the JIT drops rows 6 and 7 from the 6-row kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelTile<L, TB, TP, TS, TEight>(ref sbyte a, int lda, ref byte p, int nr, int q0, int q1, float step, bool add, Span<float> c, int ldc)
        where L : struct, IInt8Lanes<TB, TP, TS> where TB : unmanaged where TP : unmanaged where TS : unmanaged where TEight : struct, IFlag
    {
        TS c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        TS c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        ref sbyte a1 = ref Unsafe.Add(ref a, lda);
        ref sbyte a2 = ref Unsafe.Add(ref a1, lda);
        ref sbyte a3 = ref Unsafe.Add(ref a2, lda);
        ref sbyte a4 = ref Unsafe.Add(ref a3, lda);
        ref sbyte a5 = ref Unsafe.Add(ref a4, lda);
        ref sbyte a6 = ref TEight.On ? ref Unsafe.Add(ref a5, lda) : ref a5;
        ref sbyte a7 = ref TEight.On ? ref Unsafe.Add(ref a6, lda) : ref a5;
        for (int q = q0; q < q1; q++)
        {
            var b0 = L.LoadPanel(ref p, q * 2 * nr);
            var b1 = L.LoadPanel(ref p, q * 2 * nr + nr);
            var x = Pair<L, TB, TP, TS>(ref a, q);
            c00 = L.MultiplyAddPairs(c00, x, b0); c01 = L.MultiplyAddPairs(c01, x, b1);
            x = Pair<L, TB, TP, TS>(ref a1, q);
            c10 = L.MultiplyAddPairs(c10, x, b0); c11 = L.MultiplyAddPairs(c11, x, b1);
            x = Pair<L, TB, TP, TS>(ref a2, q);
            c20 = L.MultiplyAddPairs(c20, x, b0); c21 = L.MultiplyAddPairs(c21, x, b1);
            x = Pair<L, TB, TP, TS>(ref a3, q);
            c30 = L.MultiplyAddPairs(c30, x, b0); c31 = L.MultiplyAddPairs(c31, x, b1);
            x = Pair<L, TB, TP, TS>(ref a4, q);
            c40 = L.MultiplyAddPairs(c40, x, b0); c41 = L.MultiplyAddPairs(c41, x, b1);
            x = Pair<L, TB, TP, TS>(ref a5, q);
            c50 = L.MultiplyAddPairs(c50, x, b0); c51 = L.MultiplyAddPairs(c51, x, b1);
            if (!TEight.On) continue;
            x = Pair<L, TB, TP, TS>(ref a6, q);
            c60 = L.MultiplyAddPairs(c60, x, b0); c61 = L.MultiplyAddPairs(c61, x, b1);
            x = Pair<L, TB, TP, TS>(ref a7, q);
            c70 = L.MultiplyAddPairs(c70, x, b0); c71 = L.MultiplyAddPairs(c71, x, b1);
        }
        StoreRow<L, TB, TP, TS>(c00, c01, step, add, c, 0);
        StoreRow<L, TB, TP, TS>(c10, c11, step, add, c, ldc);
        StoreRow<L, TB, TP, TS>(c20, c21, step, add, c, 2 * ldc);
        StoreRow<L, TB, TP, TS>(c30, c31, step, add, c, 3 * ldc);
        StoreRow<L, TB, TP, TS>(c40, c41, step, add, c, 4 * ldc);
        StoreRow<L, TB, TP, TS>(c50, c51, step, add, c, 5 * ldc);
        if (!TEight.On) return;
        StoreRow<L, TB, TP, TS>(c60, c61, step, add, c, 6 * ldc);
        StoreRow<L, TB, TP, TS>(c70, c71, step, add, c, 7 * ldc);
    }

    private static void Kernel1x2<L, TB, TP, TS>(ref sbyte a, ref byte p, int nr, int q0, int q1, float step, bool add, Span<float> c)
        where L : struct, IInt8Lanes<TB, TP, TS> where TB : unmanaged where TP : unmanaged where TS : unmanaged
    {
        TS c0 = default, c1 = default;
        for (int q = q0; q < q1; q++)
        {
            var x = Pair<L, TB, TP, TS>(ref a, q);
            c0 = L.MultiplyAddPairs(c0, x, L.LoadPanel(ref p, q * 2 * nr));
            c1 = L.MultiplyAddPairs(c1, x, L.LoadPanel(ref p, q * 2 * nr + nr));
        }
        StoreRow<L, TB, TP, TS>(c0, c1, step, add, c, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<L, TB, TP, TS>(TS sums0, TS sums1, float step, bool add, Span<float> c, int at)
        where L : struct, IInt8Lanes<TB, TP, TS> where TB : unmanaged where TP : unmanaged where TS : unmanaged
    {
        ref float target = ref Unsafe.Add(ref MemoryMarshal.GetReference(c), at);
        L.StoreScaled(sums0, step, add, ref target);
        L.StoreScaled(sums1, step, add, ref Unsafe.Add(ref target, L.Columns));
    }
}

/// <summary>The vector operations of <see cref="FixedPointGemm"/>'s kernels at one register width (as <see cref="ILanes{TF, TI}"/>).</summary>
/// <typeparam name="TB">Vector of quantised conductances (bytes).</typeparam>
/// <typeparam name="TP">Vector of input bits (0/1, signed bytes).</typeparam>
/// <typeparam name="TS">Vector of 16-bit sums, one per column.</typeparam>
internal interface IInt8Lanes<TB, TP, TS> where TB : unmanaged where TP : unmanaged where TS : unmanaged
{
    /// <summary>Columns per vector of sums.</summary>
    static abstract int Columns { get; }
    /// <summary>The pair of input bytes <paramref name="pair"/> in every 16-bit lane.</summary>
    static abstract TP BroadcastPair(short pair);
    /// <summary>The vector of codes at <c>panel + offset</c>; the caller guarantees the range.</summary>
    static abstract TB LoadPanel(ref byte panel, int offset);
    /// <summary><c>sums + b[2j] x[2j] + b[2j+1] x[2j+1]</c> per 16-bit lane j (no overflow within <see cref="FixedPointGemm.ChunkK"/>).</summary>
    static abstract TS MultiplyAddPairs(TS sums, TP x, TB b);
    /// <summary>Stores <c>float(sums) step</c> (plus what is there when <paramref name="add"/>) at <paramref name="target"/>.</summary>
    static abstract void StoreScaled(TS sums, float step, bool add, ref float target);
}

/// <summary><see cref="IInt8Lanes{TB, TP, TS}"/> on AVX2.</summary>
internal readonly struct Int8Lanes256 : IInt8Lanes<Vector256<byte>, Vector256<sbyte>, Vector256<short>>
{
    public static int Columns => Vector256<short>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<sbyte> BroadcastPair(short pair) => Vector256.Create(pair).AsSByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<byte> LoadPanel(ref byte panel, int offset) => Vector256.LoadUnsafe(ref panel, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<short> MultiplyAddPairs(Vector256<short> sums, Vector256<sbyte> x, Vector256<byte> b) => sums + Avx2.MultiplyAddAdjacent(b, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreScaled(Vector256<short> sums, float step, bool add, ref float target)
    {
        var (lower, upper) = Vector256.Widen(sums);
        var s = Vector256.Create(step);
        var low = Vector256.ConvertToSingle(lower) * s;
        var high = Vector256.ConvertToSingle(upper) * s;
        if (add)
        {
            low += Vector256.LoadUnsafe(ref target);
            high += Vector256.LoadUnsafe(ref target, 8);
        }
        low.StoreUnsafe(ref target);
        high.StoreUnsafe(ref target, 8);
    }
}

/// <summary><see cref="IInt8Lanes{TB, TP, TS}"/> on AVX-512 BW.</summary>
internal readonly struct Int8Lanes512 : IInt8Lanes<Vector512<byte>, Vector512<sbyte>, Vector512<short>>
{
    public static int Columns => Vector512<short>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<sbyte> BroadcastPair(short pair) => Vector512.Create(pair).AsSByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<byte> LoadPanel(ref byte panel, int offset) => Vector512.LoadUnsafe(ref panel, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<short> MultiplyAddPairs(Vector512<short> sums, Vector512<sbyte> x, Vector512<byte> b) => sums + Avx512BW.MultiplyAddAdjacent(b, x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreScaled(Vector512<short> sums, float step, bool add, ref float target)
    {
        var (lower, upper) = Vector512.Widen(sums);
        var s = Vector512.Create(step);
        var low = Vector512.ConvertToSingle(lower) * s;
        var high = Vector512.ConvertToSingle(upper) * s;
        if (add)
        {
            low += Vector512.LoadUnsafe(ref target);
            high += Vector512.LoadUnsafe(ref target, 16);
        }
        low.StoreUnsafe(ref target);
        high.StoreUnsafe(ref target, 16);
    }
}
