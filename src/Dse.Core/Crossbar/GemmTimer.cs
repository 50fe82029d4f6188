using System.Diagnostics;

namespace Dse.Crossbar;

/// <summary>One GEMM shape measured: <c>[M, K] x [K, N]</c>.</summary>
/// <param name="M">Rows of A and C (input bit-plane rows of a chunk).</param>
/// <param name="K">Inner dimension (the fine row block).</param>
/// <param name="N">Columns (physical bitlines).</param>
/// <param name="PathGflops">Managed kernel, one thread, on each vector path this machine accelerates (widest first; the first is the one the engine runs).</param>
/// <param name="BlasGflops">cblas_sgemm, one thread; null when no BLAS is loaded.</param>
/// <param name="FixedPointGops">The 8-bit fixed-point kernel (<c>mc.arithmetic int8</c>), one thread, B packed once, on each of its
/// vector paths this machine runs (widest first): 2 M N K operations per second / 1e9.</param>
public sealed record GemmTiming(int M, int K, int N, IReadOnlyList<(KernelPath Path, double Gflops)> PathGflops, double? BlasGflops,
    IReadOnlyList<(KernelPath Path, double Gops)> FixedPointGops)
{
    /// <summary>The managed kernel the engine runs (the widest path).</summary>
    public double ManagedGflops => PathGflops[0].Gflops;
}

/// <summary>
/// Times the engine's GEMM kernels on given shapes, one thread: the managed kernel (<see cref="Gemm"/>) on each vector path,
/// <c>cblas_sgemm</c> (<see cref="BlasGemm"/>) when loaded and the 8-bit fixed-point kernel (<see cref="FixedPointGemm"/>): the numbers
/// behind <c>dse bench</c>'s kernel table.
/// </summary>
public static class GemmTimer
{
    /// <summary>Times <c>C = A B</c> with 0/1 A on each shape, one thread, for the managed kernel on each path and (when loaded) BLAS.</summary>
    /// <param name="shapes">(M, K, N) triples.</param>
    /// <param name="paths">Managed kernel paths to time; null: the one the engine runs.</param>
    /// <param name="secondsPerRepetition">Length of each of the 5 timed repetitions; the best is kept.</param>
    /// <returns>One timing per shape.</returns>
    public static IReadOnlyList<GemmTiming> Measure(IEnumerable<(int M, int K, int N)> shapes, IReadOnlyList<KernelPath>? paths = null, double secondsPerRepetition = 0.3)
    {
        var result = new List<GemmTiming>();
        foreach (var (m, k, n) in shapes)
        {
            var rng = new Random(1);
            var a = new float[m * k];
            var b = new float[k * n];
            var c = new float[m * n];
            for (int i = 0; i < a.Length; i++) a[i] = rng.Next(2);
            for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() * 3);
            var managed = (paths ?? [Gemm.BestPath]).Select(path => (path, Gflops(() => Gemm.MultiplyManaged(path, a, k, b, n, c, n, m, n, k), m, n, k, secondsPerRepetition))).ToList();
            double? blas = BlasGemm.IsAvailable ? Gflops(() => BlasGemm.Multiply(a, k, b, n, c, n, m, n, k), m, n, k, secondsPerRepetition) : null;
            float step = FixedPointGemm.Step(b, n, k, n);
            var fixedPoint = FixedPointGemm.AcceleratedPaths.Where(path => path != KernelPath.Scalar).Select(path =>
            {
                var packed = new byte[FixedPointGemm.PackedLength(path, k, n)];
                FixedPointGemm.Pack(path, b, n, k, n, step, packed);
                return (path, Gflops(() => FixedPointGemm.Multiply(path, a, k, packed, step, c, n, m, n, k), m, n, k, secondsPerRepetition));
            }).ToList();
            result.Add(new GemmTiming(m, k, n, managed, blas, fixedPoint));
        }
        return result;
    }

    private static double Gflops(Action gemm, int m, int n, int k, double seconds)
    {
        gemm();
        double best = 0;
        for (int rep = 0; rep < 5; rep++)
        {
            var clock = Stopwatch.StartNew();
            long calls = 0;
            do { gemm(); calls++; } while (clock.Elapsed.TotalSeconds < seconds);
            best = Math.Max(best, 2.0 * m * n * k * calls / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }
}
