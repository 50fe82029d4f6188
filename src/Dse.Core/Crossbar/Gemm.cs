using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dse.Crossbar;

/// <summary>
/// Single-precision matrix multiply <c>C = A B</c> (row-major, leading dimensions given) for the crossbar
/// partial sums: A the input bit-planes of a row block, B the programmed conductances of that block.
/// </summary>
/// <remarks>Register-blocked 4 x 16 micro-kernel on <see cref="Vector256{T}"/>, panels of B kept in L1;
/// summation order over k is fixed (ascending), so results do not depend on threading.</remarks>
public static class Gemm
{
    private const int MicroRows = 4;
    private const int MicroCols = 16;

    /// <summary>
    /// <c>C[m, n] = sum_k A[i, k] B[k, j]</c> for <c>i &lt; m</c>, <c>j &lt; n</c>, <c>k &lt; kDim</c>; C is overwritten.
    /// </summary>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>, at least <c>(m-1) lda + kDim</c> long.</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="lda">Leading dimension of A (elements between rows).</param>
    /// <param name="ldb">Leading dimension of B.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="kDim">Columns of A, rows of B.</param>
    /// <exception cref="ArgumentException">When a span is too short for the given shape.</exception>
    public static void Multiply(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int kDim)
    {
        if (m == 0 || n == 0) return;
        if (a.Length < (m - 1) * lda + kDim || b.Length < (kDim - 1) * ldb + n || c.Length < (m - 1) * ldc + n)
            throw new ArgumentException("A span is too short for the given GEMM shape.");
        if (kDim == 0)
        {
            for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= n - MicroCols; j += MicroCols)
            {
                int i = 0;
                for (; i <= m - MicroRows; i += MicroRows) Kernel4x16(ref ra, lda, ref rb, ldb, ref rc, ldc, i, j, kDim);
                for (; i < m; i++) Kernel1x16(ref ra, lda, ref rb, ldb, ref rc, ldc, i, j, kDim);
            }
        }
        for (int i = 0; i < m; i++)
            for (int jj = j; jj < n; jj++)
            {
                float sum = 0;
                for (int k = 0; k < kDim; k++) sum += Unsafe.Add(ref ra, i * lda + k) * Unsafe.Add(ref rb, k * ldb + jj);
                Unsafe.Add(ref rc, i * ldc + jj) = sum;
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel4x16(ref float a, int lda, ref float b, int ldb, ref float c, int ldc, int i, int j, int kDim)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        ref float a0 = ref Unsafe.Add(ref a, i * lda);
        ref float a1 = ref Unsafe.Add(ref a0, lda);
        ref float a2 = ref Unsafe.Add(ref a1, lda);
        ref float a3 = ref Unsafe.Add(ref a2, lda);
        ref float bj = ref Unsafe.Add(ref b, j);
        for (int k = 0; k < kDim; k++)
        {
            ref float bk = ref Unsafe.Add(ref bj, k * ldb);
            var b0 = Vector256.LoadUnsafe(ref bk);
            var b1 = Vector256.LoadUnsafe(ref bk, 8);
            var x = Vector256.Create(Unsafe.Add(ref a0, k));
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref a1, k));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref a2, k));
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref a3, k));
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
        }
        ref float ci = ref Unsafe.Add(ref c, i * ldc + j);
        c00.StoreUnsafe(ref ci); c01.StoreUnsafe(ref ci, 8);
        ci = ref Unsafe.Add(ref ci, ldc);
        c10.StoreUnsafe(ref ci); c11.StoreUnsafe(ref ci, 8);
        ci = ref Unsafe.Add(ref ci, ldc);
        c20.StoreUnsafe(ref ci); c21.StoreUnsafe(ref ci, 8);
        ci = ref Unsafe.Add(ref ci, ldc);
        c30.StoreUnsafe(ref ci); c31.StoreUnsafe(ref ci, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel1x16(ref float a, int lda, ref float b, int ldb, ref float c, int ldc, int i, int j, int kDim)
    {
        Vector256<float> c0 = default, c1 = default;
        ref float ai = ref Unsafe.Add(ref a, i * lda);
        ref float bj = ref Unsafe.Add(ref b, j);
        for (int k = 0; k < kDim; k++)
        {
            ref float bk = ref Unsafe.Add(ref bj, k * ldb);
            var x = Vector256.Create(Unsafe.Add(ref ai, k));
            c0 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref bk), c0);
            c1 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref bk, 8), c1);
        }
        ref float ci = ref Unsafe.Add(ref c, i * ldc + j);
        c0.StoreUnsafe(ref ci); c1.StoreUnsafe(ref ci, 8);
    }
}
