using Dse.Crossbar;

namespace Dse.Tests.Crossbar;

public class FixedPointGemmTests
{
    public static TheoryData<int, int, int> OddShapes => new()
    {
        { 1, 1, 1 }, { 5, 17, 3 }, { 6, 32, 64 }, { 8, 64, 64 }, { 13, 70, 63 }, { 9, 33, 65 }, { 17, 130, 128 }, { 7, 33, 129 },
        { 12, 40, 300 }, { 16, 64, 256 }, // several 128-row chunks
    };

    private static (float[] A, float[] B, int Lda, int Ldb, int Ldc) Operands(int m, int n, int k)
    {
        var rng = new Random(m * 100 + n + k);
        int lda = k + 2, ldb = n + 3, ldc = n + 1;
        var a = Enumerable.Range(0, m * lda).Select(_ => (float)rng.Next(0, 2)).ToArray();
        var b = Enumerable.Range(0, k * ldb).Select(_ => (float)(rng.NextDouble() * 3.6)).ToArray();
        return (a, b, lda, ldb, ldc);
    }

    /// <summary>The definition, independent of the packing and the kernels: integer sums of 128 rows at a time, each scaled
    /// and added in float, chunk after chunk.</summary>
    private static float Reference(float[] a, int lda, float[] b, int ldb, float step, int i, int j, int k)
    {
        float sum = 0;
        for (int t0 = 0; t0 < k; t0 += 128)
        {
            int chunk = 0;
            for (int t = t0; t < Math.Min(k, t0 + 128); t++)
                chunk += (int)a[i * lda + t] * Math.Min(255, (int)MathF.Round(b[t * ldb + j] * (1f / step)));
            sum = t0 == 0 ? chunk * step : sum + chunk * step;
        }
        return sum;
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void EveryPathGivesTheDefinitionBitForBit(int m, int n, int k)
    {
        var (a, b, lda, ldb, ldc) = Operands(m, n, k);
        float step = FixedPointGemm.Step(b, ldb, k, n);
        foreach (var path in FixedPointGemm.AcceleratedPaths)
        {
            var packed = Enumerable.Repeat((byte)0xAB, FixedPointGemm.PackedLength(path, k, n)).ToArray(); // Pack overwrites all of it
            FixedPointGemm.Pack(path, b, ldb, k, n, step, packed);
            var c = Enumerable.Repeat(float.NaN, m * ldc).ToArray();
            FixedPointGemm.Multiply(path, a, lda, packed, step, c, ldc, m, n, k);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    float expected = Reference(a, lda, b, ldb, step, i, j, k);
                    Assert.True(expected == c[i * ldc + j], $"{path}: C[{i},{j}] = {c[i * ldc + j]}, expected {expected}");
                }
        }
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void DiffersFromTheFloatProductByAtMostHalfAStepPerActiveRow(int m, int n, int k)
    {
        var (a, b, lda, ldb, ldc) = Operands(m, n, k);
        var packed = new PackedMatrix();
        packed.Pack(GemmBackend.Int8, b, 0, ldb, k, n);
        var c = new float[m * ldc];
        packed.Multiply(a, lda, c, ldc, m);
        float step = FixedPointGemm.Step(b, ldb, k, n);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double exact = 0;
                int active = 0;
                for (int t = 0; t < k; t++)
                {
                    exact += a[i * lda + t] * b[t * ldb + j];
                    active += (int)a[i * lda + t];
                }
                Assert.True(Math.Abs(c[i * ldc + j] - exact) <= active * step / 2 + 1e-5 * (1 + exact), $"C[{i},{j}] = {c[i * ldc + j]}, exact {exact}");
            }
    }

    [Fact]
    public void HandComputedProduct()
    {
        // B's largest conductance 2.55 gives the step 0.01: codes [[0, 255], [100, 50]], and A = [1 1] sums 100 and 305 codes.
        float[] b = [0f, 2.55f, 1.0f, 0.5f];
        float step = FixedPointGemm.Step(b, 2, 2, 2);
        Assert.Equal(2.55f / 255, step);
        var packed = new PackedMatrix();
        packed.Pack(GemmBackend.Int8, b, 0, 2, 2, 2);
        var c = new float[2];
        packed.Multiply([1f, 1f], 2, c, 2, 1);
        Assert.Equal(100 * step, c[0]);
        Assert.Equal(305 * step, c[1]);
        Assert.Equal(1.0, c[0], 6);
        Assert.Equal(3.05, c[1], 6);
    }

    [Fact]
    public void StepIsOneForZerosAndRejectsNegativeOrNonFiniteConductances()
    {
        Assert.Equal(1f, FixedPointGemm.Step(new float[6], 3, 2, 3));
        Assert.Equal(1f, FixedPointGemm.Step([1e-40f, 0f], 2, 1, 2)); // a subnormal step would make 1 / step infinite
        Assert.Throws<ArgumentException>(() => FixedPointGemm.Step([1f, -0.5f], 2, 1, 2));
        Assert.Throws<ArgumentException>(() => FixedPointGemm.Step([1f, float.NaN], 2, 1, 2));
        Assert.Throws<ArgumentException>(() => FixedPointGemm.Step([1f, float.PositiveInfinity], 2, 1, 2));
    }

    [Fact]
    public void ShortSpansAndUnavailablePathsAreRejected()
    {
        var packed = new byte[FixedPointGemm.PackedLength(KernelPath.Scalar, 4, 3)];
        Assert.Throws<ArgumentException>(() => FixedPointGemm.Pack(KernelPath.Scalar, new float[11], 3, 4, 3, 1f, packed));
        Assert.Throws<ArgumentException>(() => FixedPointGemm.Multiply(KernelPath.Scalar, new float[7], 4, packed, 1f, new float[6], 3, 2, 3, 4));
        Assert.Throws<ArgumentException>(() => FixedPointGemm.Multiply(KernelPath.Vector128, new float[8], 4, packed, 1f, new float[6], 3, 2, 3, 4));
    }
}
