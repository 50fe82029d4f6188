using Dse.Crossbar;
using Xunit.Abstractions;

namespace Dse.Tests.Crossbar;

public class GemmTests(ITestOutputHelper output)
{
    public static TheoryData<int, int, int> OddShapes => new()
    {
        { 1, 1, 1 }, { 5, 17, 3 }, { 8, 32, 64 }, { 13, 50, 7 }, { 9, 33, 65 }, { 17, 70, 64 }, { 16, 64, 1 }, { 31, 97, 130 },
        { 8, 32, 512 }, { 13, 50, 600 }, { 7, 33, 257 }, // longer than any crossbar's column of the shipped sweeps
    };

    private static (float[] A, float[] B, int Lda, int Ldb, int Ldc) Operands(int m, int n, int k)
    {
        var rng = new Random(m * 100 + n);
        int lda = k + 2, ldb = n + 3, ldc = n + 1;
        var a = Enumerable.Range(0, m * lda).Select(_ => (float)rng.Next(0, 2)).ToArray();
        var b = Enumerable.Range(0, k * ldb).Select(_ => (float)(rng.NextDouble() * 4)).ToArray();
        return (a, b, lda, ldb, ldc);
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void MatchesNaiveProductOnOddShapes(int m, int n, int k)
    {
        var (a, b, lda, ldb, ldc) = Operands(m, n, k);
        var c = new float[m * ldc];
        Gemm.Multiply(GemmBackend.Managed, a, lda, b, ldb, c, ldc, m, n, k);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
                for (int t = 0; t < k; t++) expected += a[i * lda + t] * b[t * ldb + j];
                Assert.True(Math.Abs(expected - c[i * ldc + j]) <= 1e-5 * (1 + Math.Abs(expected)), $"C[{i},{j}] = {c[i * ldc + j]}, expected {expected}");
            }
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void ManagedKernelIsTheAscendingFmaChainOnEveryTileEdgeAndVectorPath(int m, int n, int k)
    {
        var (a, b, lda, ldb, ldc) = Operands(m, n, k);
        foreach (var path in Gemm.AcceleratedPaths)
        {
            var c = Enumerable.Repeat(float.NaN, m * ldc).ToArray(); // C is overwritten, never read
            Gemm.MultiplyManaged(path, a, lda, b, ldb, c, ldc, m, n, k);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    float expected = 0;
                    for (int t = 0; t < k; t++) expected = MathF.FusedMultiplyAdd(a[i * lda + t], b[t * ldb + j], expected);
                    Assert.True(expected == c[i * ldc + j], $"{path}: C[{i},{j}] = {c[i * ldc + j]}, expected {expected}");
                }
        }
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void PackedOperandGivesTheUnpackedProductBitForBit(int m, int n, int k)
    {
        var (a, b, lda, ldb, ldc) = Operands(m, n, k);
        var packed = new PackedMatrix();
        packed.Pack(GemmBackend.Managed, new float[7].Concat(b).ToArray(), 7, ldb, k, n);
        var expected = new float[m * ldc];
        Gemm.Multiply(GemmBackend.Managed, a, lda, b, ldb, expected, ldc, m, n, k);
        for (int repeat = 0; repeat < 2; repeat++) // reused: the same B serves several products
        {
            var c = Enumerable.Repeat(float.NaN, m * ldc).ToArray();
            packed.Multiply(a, lda, c, ldc, m);
            for (int i = 0; i < m; i++) Array.Fill(c, 0f, i * ldc + n, ldc - n); // the padding between rows is not C's
            Assert.Equal(expected, c);
        }
        Assert.Throws<ArgumentException>(() => packed.Multiply(a, lda, new float[(m - 1) * ldc + n - 1], ldc, m));
        Assert.Throws<ArgumentException>(() => new PackedMatrix().Pack(GemmBackend.Managed, b, 0, ldb, k + 1, n));
        Assert.Throws<ArgumentException>(() => new PackedMatrix().Multiply(a, lda, new float[m * ldc], ldc, m));
    }

    [Fact]
    public void RejectsTooShortSpans()
    {
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyManaged(new float[3], 2, new float[4], 2, new float[4], 2, 2, 2, 2));
    }

    /// <summary>
    /// BLAS and the managed kernel on the engine's shapes (0/1 bit-planes times conductances in level units, K = 64): states
    /// which path ran, and how far the two are apart when both are present.
    /// </summary>
    [Fact]
    public void BlasAgreesWithManagedKernelOrReportsItsAbsence()
    {
        output.WriteLine($"managed kernel: {Gemm.ManagedKernelName}; engine backend by default: {Gemm.Describe(GemmBackend.Managed)}");
        if (!BlasGemm.IsAvailable)
        {
            output.WriteLine("BLAS path: not run (no libopenblas.so.0 / libcblas.so.3 on this machine); managed kernel checked against the FMA chain above");
            Assert.Throws<InvalidOperationException>(() => BlasGemm.Multiply(new float[1], 1, new float[1], 1, new float[1], 1, 1, 1, 1));
            return;
        }
        const int m = 128, n = 3584, k = 64;
        var rng = new Random(5);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)rng.Next(0, 2)).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)(rng.Next(0, 4) + 0.06 + 0.3 * (rng.NextDouble() - 0.5))).ToArray();
        var managed = new float[m * n];
        var blas = new float[m * n];
        Gemm.MultiplyManaged(a, k, b, n, managed, n, m, n, k);
        BlasGemm.Multiply(a, k, b, n, blas, n, m, n, k);
        int differing = 0;
        double maxRel = 0;
        for (int i = 0; i < managed.Length; i++)
        {
            if (managed[i] != blas[i]) differing++;
            maxRel = Math.Max(maxRel, Math.Abs(managed[i] - blas[i]) / Math.Max(1e-30, Math.Abs(managed[i])));
        }
        output.WriteLine($"BLAS path: ran ({BlasGemm.LibraryName}); {differing} of {managed.Length} elements differ, max relative difference {maxRel:E2}");
        Assert.True(maxRel <= k * 6e-8, $"BLAS and managed differ by {maxRel:E2} relative");
    }
}
