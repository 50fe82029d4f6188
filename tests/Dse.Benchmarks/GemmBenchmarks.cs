using BenchmarkDotNet.Attributes;
using Dse.Crossbar;

namespace Dse.Benchmarks;

/// <summary>
/// The crossbar MMM on the engine's shapes: a chunk of M = 128 input bit-plane rows (0/1) times one fine row block
/// (K = 64) of N physical columns, managed kernel next to <c>cblas_sgemm</c> (skipped when OpenBLAS is absent).
/// GFLOP/s = <c>2 M N K / mean time</c>. <see cref="Packed"/> times the product as the engine runs it: B packed once per chip
/// (<see cref="PackedMatrix"/>) and reused by every chunk, where <see cref="Managed"/> packs it on every call.
/// <see cref="Int8Packed"/> is the same product with 8-bit fixed-point conductances (<c>mc.arithmetic int8</c>).
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private readonly PackedMatrix _packed = new(), _int8 = new();

    /// <summary>Physical columns (bitlines): 1024, 2048 and 3584 are the default sweep's widths.</summary>
    [Params(1024, 2048, 3584)]
    public int N { get; set; }

    /// <summary>Bit-plane rows per chunk.</summary>
    public const int M = 128;

    /// <summary>The fine row block.</summary>
    public const int K = 64;

    /// <summary>Fills A with 0/1 and B with conductance-like values in level units.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = Enumerable.Range(0, M * K).Select(_ => (float)rng.Next(2)).ToArray();
        _b = Enumerable.Range(0, K * N).Select(_ => (float)(rng.NextDouble() * 3)).ToArray();
        _c = new float[M * N];
        _packed.Pack(GemmBackend.Managed, _b, 0, N, K, N);
        _int8.Pack(GemmBackend.Int8, _b, 0, N, K, N);
    }

    /// <summary>The managed kernel (an 8 x 32 register tile on Vector512, 6 x 16 on Vector256), packing B on every call.</summary>
    [Benchmark(Baseline = true)]
    public void Managed() => Gemm.MultiplyManaged(_a, K, _b, N, _c, N, M, N, K);

    /// <summary>The managed kernel on B packed in advance.</summary>
    [Benchmark]
    public void Packed() => _packed.Multiply(_a, K, _c, N, M);

    /// <summary>The 8-bit fixed-point kernel (<see cref="FixedPointGemm"/>: 6 x 32 16-bit sums on AVX2, 8 x 64 on AVX-512) on B
    /// quantised and packed in advance.</summary>
    [Benchmark]
    public void Int8Packed() => _int8.Multiply(_a, K, _c, N, M);

    /// <summary>OpenBLAS <c>cblas_sgemm</c>, one thread; does nothing when no BLAS is installed.</summary>
    [Benchmark]
    public void Blas()
    {
        if (BlasGemm.IsAvailable) BlasGemm.Multiply(_a, K, _b, N, _c, N, M, N, K);
    }
}
