using System.Runtime.InteropServices;

namespace Dse.Crossbar;

/// <summary>
/// <c>cblas_sgemm</c> of the system's OpenBLAS, loaded at run time with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>
/// (<c>libopenblas.so.0</c>, then <c>libopenblas.so</c>, <c>libcblas.so.3</c>); absent, <see cref="IsAvailable"/> is false and
/// the engine runs the managed kernel. On Debian: <c>apt-get install libopenblas0-pthread</c>.
/// </summary>
/// <remarks>
/// OpenBLAS is limited to one thread (<c>openblas_set_num_threads(1)</c>) on load: the engine parallelises over trials itself.
/// Its summation order over k is its own (it may split and reorder the k loop), so C can differ from the managed kernel's
/// by float rounding: the same multiset of conductances added in another order.
/// </remarks>
public static unsafe class BlasGemm
{
    private const int CblasRowMajor = 101, CblasNoTrans = 111;
    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;

    /// <summary>True when a CBLAS library was found and exports <c>cblas_sgemm</c>.</summary>
    public static bool IsAvailable { get; }

    /// <summary>The file name of the loaded library, or null.</summary>
    public static string? LibraryName { get; }

    static BlasGemm()
    {
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libcblas.so.3" })
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm)) continue;
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads))
                ((delegate* unmanaged<int, void>)setThreads)(1);
            s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            LibraryName = name;
            IsAvailable = true;
            return;
        }
    }

    /// <summary>
    /// <c>C[m, n] = A[m, kDim] B[kDim, n]</c>, row-major with the given leading dimensions; C is overwritten.
    /// </summary>
    /// <param name="a">A, row-major, leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Leading dimension of A.</param>
    /// <param name="b">B, row-major, leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Leading dimension of B.</param>
    /// <param name="c">C, row-major, leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="kDim">Columns of A, rows of B.</param>
    /// <exception cref="InvalidOperationException">When no BLAS library is loaded.</exception>
    /// <exception cref="ArgumentException">When a span is too short for the given shape.</exception>
    public static void Multiply(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int kDim)
    {
        if (!IsAvailable) throw new InvalidOperationException("No CBLAS library (libopenblas.so.0) was found.");
        Gemm.CheckShape(a.Length, lda, b.Length, ldb, c.Length, ldc, m, n, kDim);
        if (m == 0 || n == 0) return;
        if (kDim == 0)
        {
            for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
            s_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, kDim, 1f, pa, lda, pb, ldb, 0f, pc, ldc);
    }
}
