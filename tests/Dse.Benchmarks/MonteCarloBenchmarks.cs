using BenchmarkDotNet.Attributes;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Search;
using Dse.Workloads;

namespace Dse.Benchmarks;

/// <summary>
/// One Monte-Carlo job of the default sweep's shape (16 OVTs x 16 tokens, d = 256, 64 queries of 8 tokens, 8-bit operands,
/// 1-bit cells, rows 64/128/256, ADC 4/5/6/8 bits) on one device for 4 trials, on one thread.
/// </summary>
[MemoryDiagnoser]
public class MonteCarloBenchmarks
{
    private MonteCarloJob? _job;

    /// <summary>Builds the job (workload, quantisation and cell mapping are not timed).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var workload = SyntheticWorkload.Generate(new SyntheticWorkloadOptions(Prompts: 16, Dim: 256, Tokens: 16, Queries: 64, QueryTokens: 8,
            Regime: SyntheticRegime.VocabInit, Seed: 1));
        var problem = new RetrievalProblem(workload.Store, workload.Queries, SsaOptions.Default, SsaMapping.DigitalPooling);
        var ops = new QuantizedOperands(problem, 8, 8, ClippingPolicy.MaxAbs);
        var cells = CellArray.Map(ops.Stored, 1, SignedMapping.Differential);
        var device = DeviceLoader.Resolve("rram1", DeviceLoader.FindDeviceModelsDir(AppContext.BaseDirectory), null);
        _job = new MonteCarloJob(ops, cells, [new CrossbarVariant(device, 10)], [64, 128, 256], [4, 5, 6, 8], AdcRangeMode.FullScale,
            0.999, 4, 4, 1, 64);
    }

    /// <summary>Four trials: programming, GEMMs, ADC, shift-and-add and scoring.</summary>
    [Benchmark]
    public MonteCarloCounts FourTrials() => MonteCarloEngine.Run(_job!, 1);
}
