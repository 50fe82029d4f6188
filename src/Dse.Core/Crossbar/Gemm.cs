using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace Dse.Crossbar;

/// <summary>A vector width of the managed kernels (<see cref="Gemm"/>), widest first.</summary>
public enum KernelPath
{
    /// <summary>AVX-512: 16 float lanes.</summary>
    Vector512,
    /// <summary>AVX2 (and AVX-512 machines with it disabled): 8 lanes.</summary>
    Vector256,
    /// <summary>Arm AdvSIMD, or SSE on x86: 4 lanes.</summary>
    Vector128,
    /// <summary>No vectors.</summary>
    Scalar,
}

/// <summary>Which single-precision GEMM implementation the engine's crossbar MMMs run on.</summary>
public enum GemmBackend
{
    /// <summary>The managed kernel of <see cref="Gemm"/> (Vector512 or Vector256 register-blocked, packed B panels).</summary>
    Managed,
    /// <summary><c>cblas_sgemm</c> of the system's OpenBLAS, loaded at run time (see <see cref="BlasGemm"/>).</summary>
    Blas,
    /// <summary>
    /// The programmed conductances' products (<see cref="PackedMatrix"/>) with 8-bit fixed-point conductances on
    /// <see cref="FixedPointGemm"/> (the sweep option <c>"mc": { "arithmetic": "int8" }</c>); every other product, e.g. the
    /// noiseless reference sums, on the managed float kernel.
    /// </summary>
    Int8,
}

/// <summary>
/// Single-precision matrix multiply <c>C = A B</c> (row-major, leading dimensions given) for the crossbar
/// partial sums: A the input bit-planes of a row block, B the programmed conductances of that block.
/// </summary>
/// <remarks>
/// Managed kernel: B is packed panel by panel (<c>kDim x NR</c> contiguous, zero-padded at the right edge), and an
/// <c>MR x NR</c> register tile of C accumulates over k: 8 x 32 on <see cref="Vector512{T}"/> (16 accumulators of 32
/// registers), 6 x 16 on <see cref="Vector256{T}"/> (12 of AVX2's 16), 8 x 8 on <see cref="Vector128{T}"/> (AdvSIMD's 32), else scalar;
/// one driver and micro-kernels written once over the vector width (<see cref="ILanes{TF, TI}"/>). Every element of C is the same chain
/// <c>c = fma(a[k], b[k], c)</c> for k ascending from <c>c = 0</c> on every path (tile, edge, vector width), so results do
/// not depend on the shape of the call, the hardware's vector width or threading. With 0/1 inputs each step is an exact
/// add of <c>b[k]</c> or nothing, i.e. C is the float sum of the selected conductances in ascending row order.
/// <para><see cref="Multiply"/> dispatches to <see cref="BlasGemm"/> when asked for <see cref="GemmBackend.Blas"/> (a per-run choice, never process state).</para>
/// </remarks>
public static class Gemm
{

    [ThreadStatic] private static float[]? t_panel;

    /// <summary>The backend a run asks for by name (<c>managed</c> or <c>blas</c>): <see cref="GemmBackend.Blas"/> only when OpenBLAS loaded.</summary>
    /// <param name="name">The tool setting <c>Gemm</c> (environment <c>DSE_GEMM</c>).</param>
    /// <remarks>The managed kernel is the default: on the engine's shapes (K = the fine row block, 64) it measured 1.9x the
    /// GFLOP/s of Debian's OpenBLAS 0.3.21 (1.1-1.3x without <c>OPENBLAS_CORETYPE</c>) on the development machine, and it does not
    /// depend on what is installed. <c>dse bench</c> prints both on the machine at hand.</remarks>
    public static GemmBackend BackendNamed(string name) =>
        string.Equals(name, "blas", StringComparison.OrdinalIgnoreCase) && BlasGemm.IsAvailable ? GemmBackend.Blas : GemmBackend.Managed;

    /// <summary>Short description of a backend for logs and <c>summary.json</c>, e.g. <c>"blas (libopenblas.so.0)"</c> or <c>"managed (Vector512)"</c>.</summary>
    public static string Describe(GemmBackend backend) => backend switch
    {
        GemmBackend.Blas => $"blas ({BlasGemm.LibraryName})",
        GemmBackend.Int8 => $"int8 ({FixedPointGemm.BestPath}; other products managed {ManagedKernelName})",
        _ => $"managed ({ManagedKernelName})",
    };

    /// <summary>The managed kernel this machine runs: <c>Vector512</c>, <c>Vector256</c>, <c>Vector128</c> or <c>Scalar</c>.</summary>
    public static string ManagedKernelName => BestPath.ToString();

    /// <summary>The widest kernel path this machine accelerates (the one <see cref="MultiplyManaged(ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, int, int, int)"/> runs).</summary>
    public static KernelPath BestPath => AcceleratedPaths[0];

    /// <summary>Every kernel path this machine accelerates, widest first, then <see cref="KernelPath.Scalar"/> (for <c>dse bench</c>).</summary>
    public static IReadOnlyList<KernelPath> AcceleratedPaths { get; } =
        new[] { (KernelPath.Vector512, Vector512.IsHardwareAccelerated), (KernelPath.Vector256, Vector256.IsHardwareAccelerated),
            (KernelPath.Vector128, Vector128.IsHardwareAccelerated), (KernelPath.Scalar, true) }.Where(p => p.Item2).Select(p => p.Item1).ToArray();

    /// <summary>
    /// <c>C[m, n] = sum_k A[i, k] B[k, j]</c> for <c>i &lt; m</c>, <c>j &lt; n</c>, <c>k &lt; kDim</c>; C is overwritten. Runs on <paramref name="backend"/>.
    /// </summary>
    /// <param name="backend">The GEMM implementation.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>, at least <c>(m-1) lda + kDim</c> long.</param>
    /// <param name="lda">Leading dimension of A (elements between rows).</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Leading dimension of B.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="kDim">Columns of A, rows of B.</param>
    /// <exception cref="ArgumentException">When a span is too short for the given shape.</exception>
    public static void Multiply(GemmBackend backend, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int kDim)
    {
        if (backend == GemmBackend.Blas) BlasGemm.Multiply(a, lda, b, ldb, c, ldc, m, n, kDim);
        else MultiplyManaged(a, lda, b, ldb, c, ldc, m, n, kDim);
    }

    /// <summary>Same contract as <see cref="Multiply"/>, always on the managed kernel.</summary>
    /// <exception cref="ArgumentException">When a span is too short for the given shape.</exception>
    public static void MultiplyManaged(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int kDim) =>
        MultiplyManaged(BestPath, a, lda, b, ldb, c, ldc, m, n, kDim);

    /// <summary>Same contract as <see cref="Multiply"/>, on the managed kernel's <paramref name="path"/> (same numbers on every path).</summary>
    /// <exception cref="ArgumentException">When a span is too short for the given shape, or the path is not accelerated here.</exception>
    public static void MultiplyManaged(KernelPath path, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int kDim)
    {
        CheckShape(a.Length, lda, b.Length, ldb, c.Length, ldc, m, n, kDim);
        if (!AcceleratedPaths.Contains(path)) throw new ArgumentException($"The {path} kernel path is not accelerated on this machine.", nameof(path));
        if (m == 0 || n == 0) return;
        if (kDim == 0)
        {
            for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        switch (path)
        {
            case KernelPath.Vector512: MultiplyLanes<Lanes512, Vector512<float>, Vector512<int>>(a, lda, b, ldb, c, ldc, m, n, kDim, MicroRows(path)); break;
            case KernelPath.Vector256: MultiplyLanes<Lanes256, Vector256<float>, Vector256<int>>(a, lda, b, ldb, c, ldc, m, n, kDim, MicroRows(path)); break;
            case KernelPath.Vector128: MultiplyLanes<Lanes128, Vector128<float>, Vector128<int>>(a, lda, b, ldb, c, ldc, m, n, kDim, MicroRows(path)); break;
            default: MultiplyScalar(a, lda, b, ldb, c, ldc, m, n, kDim); break;
        }
    }

    /// <summary>Rows of the micro-kernel's register tile on a vector path: 8 with 32 vector registers (AVX-512, AdvSIMD), 6 with 16.</summary>
    internal static int MicroRows(KernelPath path) => path == KernelPath.Vector512 || (path == KernelPath.Vector128 && ArmBase.IsSupported) ? 8 : 6;

    internal static void CheckShape(int aLength, int lda, int bLength, int ldb, int cLength, int ldc, int m, int n, int kDim)
    {
        if (m < 0 || n < 0 || kDim < 0) throw new ArgumentException("GEMM dimensions must not be negative.");
        if (m == 0 || n == 0) return;
        if ((kDim > 0 && (lda < kDim || aLength < (long)(m - 1) * lda + kDim || ldb < n || bLength < (long)(kDim - 1) * ldb + n))
            || ldc < n || cLength < (long)(m - 1) * ldc + n)
            throw new ArgumentException("A span or leading dimension is too short for the given GEMM shape.");
    }

    /// <summary>
    /// Copies columns <c>[j0, j0 + width)</c> of B into <c>panel[k * nr + jj]</c> (<c>nr</c> = two vectors), zero-padding to
    /// <c>nr</c>; a full panel row is two vector loads and stores (a 128-byte <c>CopyTo</c> per row cost 6% of a sweep in calls).
    /// </summary>
    private static void Pack<L, TF, TI>(ReadOnlySpan<float> b, int ldb, int j0, int width, int kDim, Span<float> panel)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
    {
        int nr = 2 * L.Count;
        if (width == nr)
        {
            for (int k = 0; k < kDim; k++)
            {
                int src = k * ldb + j0, dst = k * nr;
                L.Store(L.Load(b, src), panel, dst);
                L.Store(L.Load(b, src + L.Count), panel, dst + L.Count);
            }
            return;
        }
        for (int k = 0; k < kDim; k++)
        {
            var dst = panel.Slice(k * nr, nr);
            b.Slice(k * ldb + j0, width).CopyTo(dst);
            dst[width..].Clear();
        }
    }

    private static float[] PanelBuffer(int length)
    {
        var panel = t_panel;
        if (panel is null || panel.Length < length) t_panel = panel = new float[Math.Max(length, 64 * 32)];
        return panel;
    }

    /// <summary>
    /// The vector paths: B packed in panels two vectors wide, an <c>MR x 2</c>-vector register tile of C per micro-kernel call:
    /// MR = 8 where the ISA has 32 vector registers (AVX-512, AdvSIMD: 16 accumulators), MR = 6 with 16 (AVX2: 12 accumulators,
    /// two B vectors and a broadcast, as BLIS's Haswell kernel).
    /// </summary>
    private static void MultiplyLanes<L, TF, TI>(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int kDim, int mr)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
    {
        int nr = 2 * L.Count;
        var panel = PanelBuffer(kDim * nr);
        Span<float> tile = stackalloc float[mr * nr];
        for (int j0 = 0; j0 < n; j0 += nr)
        {
            Pack<L, TF, TI>(b, ldb, j0, Math.Min(nr, n - j0), kDim, panel);
            MultiplyPanel<L, TF, TI>(a, lda, panel, c, ldc, m, n, kDim, mr, j0, tile);
        }
    }

    /// <summary><see cref="MultiplyLanes{L, TF, TI}"/> on B packed beforehand (<see cref="PackedMatrix"/>): the same panels, kernels and numbers.</summary>
    internal static void MultiplyPacked<L, TF, TI>(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> panels, Span<float> c, int ldc, int m, int n, int kDim, int mr)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
    {
        int nr = 2 * L.Count;
        Span<float> tile = stackalloc float[mr * nr];
        for (int j0 = 0; j0 < n; j0 += nr) MultiplyPanel<L, TF, TI>(a, lda, panels.Slice(j0 * kDim, kDim * nr), c, ldc, m, n, kDim, mr, j0, tile);
    }

    /// <summary>Packs all of B, panel after panel (<c>kDim x nr</c> each), into <paramref name="panels"/>.</summary>
    internal static void PackAll<L, TF, TI>(ReadOnlySpan<float> b, int ldb, int n, int kDim, Span<float> panels)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
    {
        int nr = 2 * L.Count;
        for (int j0 = 0; j0 < n; j0 += nr) Pack<L, TF, TI>(b, ldb, j0, Math.Min(nr, n - j0), kDim, panels.Slice(j0 * kDim, kDim * nr));
    }

    /// <summary>Columns <c>[j0, j0 + nr)</c> of C from one packed panel of B: the micro-kernel over every <paramref name="mr"/>-row tile of A.</summary>
    private static void MultiplyPanel<L, TF, TI>(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> panel, Span<float> c, int ldc, int m, int n, int kDim, int mr, int j0, Span<float> tile)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
    {
        int nr = 2 * L.Count, width = Math.Min(nr, n - j0);
        for (int i0 = 0; i0 < m; i0 += mr)
        {
            int rows = Math.Min(mr, m - i0);
            bool direct = rows == mr && width == nr;
            var target = direct ? c[(i0 * ldc + j0)..] : tile;
            int ldt = direct ? ldc : nr;
            ref float ai = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), i0 * lda);
            if (rows == 8) KernelTile<L, TF, TI, Yes>(ref ai, lda, panel, target, ldt, kDim);
            else if (rows == 6) KernelTile<L, TF, TI, No>(ref ai, lda, panel, target, ldt, kDim);
            else for (int i = 0; i < rows; i++) Kernel1x2<L, TF, TI>(ref Unsafe.Add(ref ai, i * lda), panel, target[(i * ldt)..], kDim);
            if (!direct)
                for (int i = 0; i < rows; i++) tile.Slice(i * nr, width).CopyTo(c.Slice((i0 + i) * ldc + j0, width));
        }
    }

    /// <summary>The register tile: 8 rows x 2 vectors when <typeparamref name="TEight"/> is on (32 vector registers: AVX-512,
    /// AdvSIMD), else 6 rows (AVX2's 16); the JIT drops rows 6 and 7 from the 6-row kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelTile<L, TF, TI, TEight>(ref float a, int lda, ReadOnlySpan<float> p, Span<float> c, int ldc, int kDim)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged where TEight : struct, IFlag
    {
        TF c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        TF c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        ref float a1 = ref Unsafe.Add(ref a, lda);
        ref float a2 = ref Unsafe.Add(ref a1, lda);
        ref float a3 = ref Unsafe.Add(ref a2, lda);
        ref float a4 = ref Unsafe.Add(ref a3, lda);
        ref float a5 = ref Unsafe.Add(ref a4, lda);
        ref float a6 = ref TEight.On ? ref Unsafe.Add(ref a5, lda) : ref a5;
        ref float a7 = ref TEight.On ? ref Unsafe.Add(ref a6, lda) : ref a5;
        for (int k = 0, pk = 0; k < kDim; k++, pk += 2 * L.Count)
        {
            var b0 = L.Load(p, pk);
            var b1 = L.Load(p, pk + L.Count);
            var x = L.Broadcast(Unsafe.Add(ref a, k));
            c00 = L.FusedMultiplyAdd(x, b0, c00); c01 = L.FusedMultiplyAdd(x, b1, c01);
            x = L.Broadcast(Unsafe.Add(ref a1, k));
            c10 = L.FusedMultiplyAdd(x, b0, c10); c11 = L.FusedMultiplyAdd(x, b1, c11);
            x = L.Broadcast(Unsafe.Add(ref a2, k));
            c20 = L.FusedMultiplyAdd(x, b0, c20); c21 = L.FusedMultiplyAdd(x, b1, c21);
            x = L.Broadcast(Unsafe.Add(ref a3, k));
            c30 = L.FusedMultiplyAdd(x, b0, c30); c31 = L.FusedMultiplyAdd(x, b1, c31);
            x = L.Broadcast(Unsafe.Add(ref a4, k));
            c40 = L.FusedMultiplyAdd(x, b0, c40); c41 = L.FusedMultiplyAdd(x, b1, c41);
            x = L.Broadcast(Unsafe.Add(ref a5, k));
            c50 = L.FusedMultiplyAdd(x, b0, c50); c51 = L.FusedMultiplyAdd(x, b1, c51);
            if (!TEight.On) continue;
            x = L.Broadcast(Unsafe.Add(ref a6, k));
            c60 = L.FusedMultiplyAdd(x, b0, c60); c61 = L.FusedMultiplyAdd(x, b1, c61);
            x = L.Broadcast(Unsafe.Add(ref a7, k));
            c70 = L.FusedMultiplyAdd(x, b0, c70); c71 = L.FusedMultiplyAdd(x, b1, c71);
        }
        L.Store(c00, c, 0); L.Store(c01, c, L.Count);
        L.Store(c10, c, ldc); L.Store(c11, c, ldc + L.Count);
        L.Store(c20, c, 2 * ldc); L.Store(c21, c, 2 * ldc + L.Count);
        L.Store(c30, c, 3 * ldc); L.Store(c31, c, 3 * ldc + L.Count);
        L.Store(c40, c, 4 * ldc); L.Store(c41, c, 4 * ldc + L.Count);
        L.Store(c50, c, 5 * ldc); L.Store(c51, c, 5 * ldc + L.Count);
        if (!TEight.On) return;
        L.Store(c60, c, 6 * ldc); L.Store(c61, c, 6 * ldc + L.Count);
        L.Store(c70, c, 7 * ldc); L.Store(c71, c, 7 * ldc + L.Count);
    }

    private static void Kernel1x2<L, TF, TI>(ref float a, ReadOnlySpan<float> p, Span<float> c, int kDim)
        where L : struct, ILanes<TF, TI> where TF : unmanaged where TI : unmanaged
    {
        TF c0 = default, c1 = default;
        for (int k = 0, pk = 0; k < kDim; k++, pk += 2 * L.Count)
        {
            var x = L.Broadcast(Unsafe.Add(ref a, k));
            c0 = L.FusedMultiplyAdd(x, L.Load(p, pk), c0);
            c1 = L.FusedMultiplyAdd(x, L.Load(p, pk + L.Count), c1);
        }
        L.Store(c0, c, 0); L.Store(c1, c, L.Count);
    }

    private static void MultiplyScalar(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int kDim)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int k = 0; k < kDim; k++) sum = MathF.FusedMultiplyAdd(a[i * lda + k], b[k * ldb + j], sum);
                c[i * ldc + j] = sum;
            }
    }
}
