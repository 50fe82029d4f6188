using BenchmarkDotNet.Attributes;
using Dse.Devices;
using Dse.Exploration;
using Dse.Pipeline;

namespace Dse.Benchmarks;

/// <summary>
/// The cost-only path (<c>mc.trials = 0</c>): 6,048 points of <c>sweeps/cost-screen.json</c> (virtualTokens 8, storedPrompts 64,
/// ADC 6 bits) costed and formatted as JSON lines and CSV rows into memory, on one thread and on two.
/// </summary>
[MemoryDiagnoser]
public class CostScreenBenchmarks
{
    private PreparedSweep? _prepared;

    /// <summary>Threads of the screen.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Loads the sweep subset (device models, workload) and runs it once (JIT); each timed run lays out its one store again (a few ms).</summary>
    [GlobalSetup]
    public void Setup()
    {
        string models = DeviceLoader.FindDeviceModelsDir(AppContext.BaseDirectory);
        string sweep = Path.Combine(Path.GetDirectoryName(models)!, "sweeps", "cost-screen.json");
        _prepared = PreparedSweep.From(SweepSpecLoader.Load(sweep, [("virtualTokens", "[8]"), ("storedPrompts", "[64]"), ("adcBits", "[6]")], new DeviceLibrary([models])));
        CostScreen.Run(_prepared, new NullSink(), new RunOptions(1));
    }

    /// <summary>Every point: feasibility, cost model, store update and CPU baseline costs, JSON line, CSV row, incremental front (plus the store's layout).</summary>
    [Benchmark]
    public int Screen() => CostScreen.Run(_prepared!, new NullSink(), new RunOptions(Threads)).PointsComputed;

    private sealed class NullSink : ICostScreenSink
    {
        public void Write(CostScreenBatch batch) { }
    }
}
