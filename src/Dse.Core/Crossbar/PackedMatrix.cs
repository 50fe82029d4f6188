using System.Runtime.Intrinsics;

namespace Dse.Crossbar;

/// <summary>
/// The right operand B <c>[kDim, n]</c> of many products <c>C = A B</c> that differ only in A, packed once into the managed
/// kernel's panels (<see cref="Gemm"/>): the engine's programmed conductances, which every chunk of queries and the calibration
/// batch of a chip read. Each product gives exactly the numbers of <see cref="Gemm.Multiply"/> on the unpacked B (same panels,
/// same kernels); with the BLAS backend or without vectors it keeps a reference to B and calls <see cref="Gemm.Multiply"/>.
/// With <see cref="GemmBackend.Int8"/> B is quantised to 8-bit codes once, here, and every product runs on
/// <see cref="FixedPointGemm"/>.
/// </summary>
/// <remarks>Reusable: <see cref="Pack"/> again for the next B (the panel buffer grows, never shrinks).</remarks>
public sealed class PackedMatrix
{
    private float[] _panels = [];
    private byte[] _codes = [];
    private float _step;
    private float[] _source = [];
    private int _offset, _ldb;
    private GemmBackend _backend;

    /// <summary>Rows of B (the products' inner dimension).</summary>
    public int Rows { get; private set; }

    /// <summary>Columns of B and of every C.</summary>
    public int Columns { get; private set; }

    private static KernelPath Path => Gemm.BestPath;

    /// <summary>Packs <c>B[k, j] = b[offset + k ldb + j]</c>, <c>k &lt; kDim</c>, <c>j &lt; n</c>, for products on <paramref name="backend"/>.</summary>
    /// <param name="backend">The GEMM implementation the products run on.</param>
    /// <param name="b">Storage of B, row-major; kept by reference with the BLAS backend (do not change it before the products).</param>
    /// <param name="offset">Index of <c>B[0, 0]</c> in <paramref name="b"/>.</param>
    /// <param name="ldb">Leading dimension of B, &gt;= n.</param>
    /// <param name="kDim">Rows of B, &gt;= 1.</param>
    /// <param name="n">Columns of B, &gt;= 1.</param>
    /// <exception cref="ArgumentException">When <paramref name="b"/> is too short for the shape or a dimension is not positive.</exception>
    public void Pack(GemmBackend backend, float[] b, int offset, int ldb, int kDim, int n)
    {
        if (kDim < 1 || n < 1 || ldb < n || offset < 0 || b.Length - offset < (long)(kDim - 1) * ldb + n)
            throw new ArgumentException("B is too short for the given shape, or a dimension is not positive.", nameof(b));
        (_backend, _source, _offset, _ldb, Rows, Columns) = (backend, b, offset, ldb, kDim, n);
        if (backend == GemmBackend.Int8)
        {
            var path = FixedPointGemm.BestPath;
            int bytes = FixedPointGemm.PackedLength(path, kDim, n);
            if (_codes.Length < bytes) _codes = new byte[bytes];
            _step = FixedPointGemm.Step(b.AsSpan(offset), ldb, kDim, n);
            FixedPointGemm.Pack(path, b.AsSpan(offset), ldb, kDim, n, _step, _codes);
            return;
        }
        if (backend == GemmBackend.Blas || Path == KernelPath.Scalar) return;
        int nr = 2 * Width, length = (n + nr - 1) / nr * nr * kDim;
        if (_panels.Length < length) _panels = new float[length];
        var source = b.AsSpan(offset);
        switch (Path)
        {
            case KernelPath.Vector512: Gemm.PackAll<Lanes512, Vector512<float>, Vector512<int>>(source, ldb, n, kDim, _panels); break;
            case KernelPath.Vector256: Gemm.PackAll<Lanes256, Vector256<float>, Vector256<int>>(source, ldb, n, kDim, _panels); break;
            default: Gemm.PackAll<Lanes128, Vector128<float>, Vector128<int>>(source, ldb, n, kDim, _panels); break;
        }
    }

    /// <summary><c>C[m, Columns] = A[m, Rows] B</c>; C is overwritten.</summary>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Leading dimension of A, &gt;= <see cref="Rows"/>.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Leading dimension of C, &gt;= <see cref="Columns"/>.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <exception cref="ArgumentException">When a span is too short for the shape, or nothing was packed.</exception>
    public void Multiply(ReadOnlySpan<float> a, int lda, Span<float> c, int ldc, int m)
    {
        if (Rows == 0) throw new ArgumentException("Nothing was packed.", nameof(a));
        var b = _source.AsSpan(_offset);
        if (_backend == GemmBackend.Int8)
        {
            Gemm.CheckShape(a.Length, lda, b.Length, _ldb, c.Length, ldc, m, Columns, Rows);
            FixedPointGemm.Multiply(FixedPointGemm.BestPath, a, lda, _codes, _step, c, ldc, m, Columns, Rows);
            return;
        }
        if (_backend == GemmBackend.Blas || Path == KernelPath.Scalar)
        {
            Gemm.Multiply(_backend, a, lda, b, _ldb, c, ldc, m, Columns, Rows);
            return;
        }
        Gemm.CheckShape(a.Length, lda, b.Length, _ldb, c.Length, ldc, m, Columns, Rows);
        if (m == 0) return;
        int mr = Gemm.MicroRows(Path);
        switch (Path)
        {
            case KernelPath.Vector512: Gemm.MultiplyPacked<Lanes512, Vector512<float>, Vector512<int>>(a, lda, _panels, c, ldc, m, Columns, Rows, mr); break;
            case KernelPath.Vector256: Gemm.MultiplyPacked<Lanes256, Vector256<float>, Vector256<int>>(a, lda, _panels, c, ldc, m, Columns, Rows, mr); break;
            default: Gemm.MultiplyPacked<Lanes128, Vector128<float>, Vector128<int>>(a, lda, _panels, c, ldc, m, Columns, Rows, mr); break;
        }
    }

    private static int Width => Path switch { KernelPath.Vector512 => 16, KernelPath.Vector256 => 8, _ => 4 };
}
