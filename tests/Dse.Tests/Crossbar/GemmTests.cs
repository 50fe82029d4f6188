using Dse.Crossbar;

namespace Dse.Tests.Crossbar;

public class GemmTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 17, 3)]
    [InlineData(8, 32, 64)]
    [InlineData(13, 50, 7)]
    public void MatchesNaiveProductOnOddShapes(int m, int n, int k)
    {
        var rng = new Random(m * 100 + n);
        int lda = k + 2, ldb = n + 3, ldc = n + 1;
        var a = Enumerable.Range(0, m * lda).Select(_ => (float)rng.Next(0, 2)).ToArray();
        var b = Enumerable.Range(0, k * ldb).Select(_ => (float)(rng.NextDouble() * 4)).ToArray();
        var c = new float[m * ldc];
        Gemm.Multiply(a, lda, b, ldb, c, ldc, m, n, k);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
                for (int t = 0; t < k; t++) expected += a[i * lda + t] * b[t * ldb + j];
                Assert.True(Math.Abs(expected - c[i * ldc + j]) <= 1e-5 * (1 + Math.Abs(expected)), $"C[{i},{j}] = {c[i * ldc + j]}, expected {expected}");
            }
    }
}
