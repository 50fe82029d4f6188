using BenchmarkDotNet.Attributes;
using Dse.Crossbar;

namespace Dse.Benchmarks;

/// <summary>
/// The ADC stage's kernel on one partial-sum row of the default sweep at 1 bit per cell and 8 virtual tokens (2,048 data columns:
/// 16 column groups, 8 slices x 2 signs, of 128 stored vectors, so no group has a scalar or overlapped tail), converted at 4, 5, 6
/// and 8 bits with a reference column per 64 columns and comparator offset plus noise, as the engine calls it: the reference
/// currents subtracted in one pass over the row, then one call per column group. Conversions per second = <c>4 x 2048 / time</c>;
/// on a shared machine the Min column is the steadier statistic. Run with
/// <c>DOTNET_EnableAVX512=0</c> for the AVX2 path (on .NET 10 <c>DOTNET_EnableAVX512F=0</c> leaves AVX-512 on).
/// </summary>
[MemoryDiagnoser, MinColumn]
public class AdcStageBenchmarks
{
    private const int Columns = 2048, GroupWidth = 128, Span = 64;
    private readonly AdcTransfer[] _adcs = [new(4, 60.0), new(5, 60.0), new(6, 60.0), new(8, 60.0)];
    private float[] _analog = [], _shifted = new float[Columns], _error = [];
    private int[][] _accumulators = [];

    /// <summary>Partial sums of about 0..80 levels and their reference columns (after the data columns), errors of about 0.5 LSB.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _analog = Enumerable.Range(0, Columns + (Columns + Span - 1) / Span).Select(_ => (float)(rng.NextDouble() * 80)).ToArray();
        _error = Enumerable.Range(0, Columns).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _accumulators = _adcs.Select(_ => new int[GroupWidth]).ToArray();
    }

    /// <summary>One partial-sum row: the reference currents subtracted, then every group converted at every resolution and shift-and-added.</summary>
    [Benchmark]
    public void OneRow()
    {
        var shifted = AdcStage.SubtractReferences(_analog, Columns, Span, _shifted);
        for (int c0 = 0; c0 < Columns; c0 += GroupWidth)
            AdcStage.ConvertShiftAccumulate(_adcs, shifted.Slice(c0, GroupWidth), _error.AsSpan(c0, GroupWidth), 0f, default, default, 64, 4, _accumulators, 0);
    }
}
