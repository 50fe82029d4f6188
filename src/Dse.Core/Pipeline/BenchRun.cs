using System.Diagnostics;
using System.Globalization;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Pareto;

namespace Dse.Pipeline;

/// <summary>What <c>dse bench</c> times.</summary>
/// <param name="SpecPath">Sweep to time; null: <c>sweeps/large.json</c> (with <paramref name="Search"/>, <c>sweeps/default.json</c>) found by <see cref="BenchRun.FindSweep"/>.</param>
/// <param name="Quick">Time the sweep on its first device only instead of in full (and the cost-only screen on its subset).</param>
/// <param name="Threads">Worker threads. Range: &gt;= 1.</param>
/// <param name="Memory">Measure the peak RSS of whole <c>dse sweep</c> processes instead (<see cref="BenchRun.Memory"/>).</param>
/// <param name="Search">Time <c>dse search</c> against the <c>dse sweep</c> it searches instead (<see cref="BenchRun.Search"/>).</param>
public sealed record BenchRequest(string? SpecPath, bool Quick, int Threads, bool Memory, bool Search);

/// <summary>One timed sweep of <c>dse bench</c>.</summary>
/// <param name="Points">Points computed.</param>
/// <param name="WallS">Wall time, seconds.</param>
/// <param name="Times">The engine's thread-seconds per phase and its useful MMM FLOPs.</param>
public sealed record BenchSweep(int Points, double WallS, EngineTimes Times);

/// <summary>A sweep run in full and as a race (<see cref="BenchRun.Race"/>).</summary>
/// <param name="Full">The full run: every point all its trials.</param>
/// <param name="Raced">The race.</param>
/// <param name="Race">What the race ran: chips against the full run's.</param>
/// <param name="FullOnRaced">How the raced front covers the full run's front.</param>
/// <param name="RacedOnFull">How the full run's front covers the raced front.</param>
public sealed record BenchRace(BenchSweep Full, BenchSweep Raced, RaceSummary Race, FrontAgreement FullOnRaced, FrontAgreement RacedOnFull);

/// <summary>This process's memory right after the timed sweep.</summary>
/// <param name="PeakWorkingSetBytes">Peak working set of the process, bytes.</param>
/// <param name="GcHeapBytes">GC heap size at the last collection, bytes.</param>
/// <param name="AllocatedBytes">Bytes allocated on the managed heap since the process started.</param>
/// <param name="Collections">Collections of generation 0, 1 and 2.</param>
public sealed record BenchMemory(long PeakWorkingSetBytes, long GcHeapBytes, long AllocatedBytes, IReadOnlyList<int> Collections);

/// <summary>The cost-only screen's throughput.</summary>
/// <param name="Name">The screen's sweep name.</param>
/// <param name="Points">Points costed and formatted.</param>
/// <param name="Bytes">Bytes of their JSON lines and CSV rows (not written).</param>
/// <param name="WallS">Wall time, seconds.</param>
/// <param name="CpuS">CPU time of this process over the screen, seconds.</param>
public sealed record BenchCostScreen(string Name, int Points, long Bytes, double WallS, double CpuS);

/// <summary>A <c>dse</c> child process measured.</summary>
/// <param name="PeakBytes">Peak resident set (VmHWM), bytes.</param>
/// <param name="CpuS">User + system CPU time, seconds.</param>
/// <param name="WallS">Wall time, seconds.</param>
public sealed record ChildProcessUse(long PeakBytes, double CpuS, double WallS);

/// <summary>One sweep of the memory comparison.</summary>
/// <param name="Name">The sweep's name and its overrides.</param>
/// <param name="Points">Points in its run folder.</param>
/// <param name="Use">The <c>dse sweep</c> process's peak RSS and times.</param>
public sealed record BenchMemoryRun(string Name, int Points, ChildProcessUse Use);

/// <summary>The per-slice search against the sweep it searches, each a child process.</summary>
/// <param name="Sweep">The <c>dse sweep</c>.</param>
/// <param name="Search">The <c>dse search</c> on its run.</param>
public sealed record BenchSearch(ChildProcessUse Sweep, ChildProcessUse Search);

/// <summary>
/// <c>dse bench</c>: on one machine, the GEMM kernels (<see cref="GemmTimer"/>), a sweep's design points per second with the engine's
/// counters, the same sweep with ideal wires, and the cost-only screen's throughput; or the peak RSS of whole <c>dse sweep</c>
/// processes (<see cref="Memory"/>); or the CPU time of <c>dse search</c> against its sweep (<see cref="Search"/>). Each step is a
/// method returning what it measured, so that a caller can report each as it ends.
/// </summary>
public sealed class BenchRun
{
    /// <summary>
    /// The overrides that make the memory comparison's larger sweep: every ADC cost model and five ADC-sharing factors. Both axes
    /// are cost-only (no Monte Carlo of their own), so on <c>sweeps/large.json</c> (2 ADC models, the periphery's one factor) they
    /// give ten times the points for the same Monte-Carlo work: what grows is what the run keeps per point.
    /// </summary>
    public static IReadOnlyList<(string Key, string Value)> MemoryVariant { get; } =
    [
        ("adcModel", "[" + string.Join(",", AdcModelSet.Names.Select(n => $"\"{n}\"")) + "]"),
        ("colsPerAdc", "[1,2,4,8,16]"),
    ];

    /// <summary>Chips per point in both sweeps of the memory comparison (light: memory does not depend on it).</summary>
    public const int MemoryTrials = 4;

    /// <summary>The engine's GEMM shapes timed, (M, K, N); the third is the engine's (<see cref="EngineKernel"/>).</summary>
    public static IReadOnlyList<(int M, int K, int N)> GemmShapes { get; } = [(128, 64, 1024), (128, 64, 2048), (128, 64, 3584), (256, 2048, 512)];

    private readonly BenchRequest request;
    private readonly DeviceLibrary library;
    private readonly string dseAssembly;
    private readonly PreparedSweep? prepared;

    private BenchRun(BenchRequest request, string specPath, SweepSpec spec, DeviceLibrary library, GemmBackend backend, string dseAssembly, PreparedSweep? prepared)
    {
        (this.request, SpecPath, Spec, this.library, Backend, this.dseAssembly, this.prepared) = (request, specPath, spec, library, backend, dseAssembly, prepared);
    }

    /// <summary>The sweep file timed.</summary>
    public string SpecPath { get; }

    /// <summary>The sweep as its file gives it (every device, also with <see cref="BenchRequest.Quick"/>).</summary>
    public SweepSpec Spec { get; }

    /// <summary>The sweep's first device, the only one timed with <see cref="BenchRequest.Quick"/>.</summary>
    public string FirstDevice => Spec.Space.Values(DesignAxes.Device)[0];

    /// <summary>Points of the timed sweep (0 for the memory and search comparisons, which run their sweeps as child processes).</summary>
    public int Points => prepared?.Points.Count ?? 0;

    /// <summary>The GEMM backend the engine runs (the tool setting <c>Gemm</c>).</summary>
    public GemmBackend Backend { get; }

    /// <summary>The engine's GEMM, e.g. <c>managed (Vector512)</c>, <c>int8 (...)</c> for a sweep with <c>mc.arithmetic int8</c>.</summary>
    public string EngineGemm => Gemm.Describe(Spec.Mc.Arithmetic == MmmArithmetic.Int8 ? GemmBackend.Int8 : Backend);

    /// <summary>The vector path of the engine's ADC stage.</summary>
    public static KernelPath AdcStagePath => MonteCarloEngine.AdcStagePath;

    /// <summary>The BLAS library loaded; null when none.</summary>
    public static string? BlasLibrary => BlasGemm.LibraryName;

    /// <summary>The managed kernel paths timed: each vector path this machine accelerates, widest first.</summary>
    public static IReadOnlyList<KernelPath> KernelPaths { get; } = [.. Gemm.AcceleratedPaths.Where(p => p != KernelPath.Scalar)];

    /// <summary>Finds the sweep, loads it and, for the kernel and sweep timing, prepares it (its first device only with <see cref="BenchRequest.Quick"/>).</summary>
    /// <param name="request">What to time.</param>
    /// <param name="libraryNear">The device library for a sweep file (its folder is searched first).</param>
    /// <param name="gemm">The tool setting <c>Gemm</c> (<see cref="Gemm.BackendNamed"/>).</param>
    /// <param name="dseAssembly">The <c>dse</c> assembly, run by <c>dotnet</c> for the child processes when this process is <c>dotnet</c> rather than the <c>dse</c> executable.</param>
    /// <exception cref="InputException">No sweep file given or found, or an invalid sweep.</exception>
    public static BenchRun Open(BenchRequest request, Func<string, DeviceLibrary> libraryNear, string gemm, string dseAssembly)
    {
        string specPath = request.SpecPath ?? FindSweep(request.Search ? "default.json" : "large.json") ?? throw new InputException(new InputError("command line", "SPEC", null,
            "a sweep file (sweeps/large.json was not found above the working directory)", "none"));
        var library = libraryNear(specPath);
        var spec = SweepSpecLoader.Load(specPath, library: library);
        PreparedSweep? prepared = null;
        if (!request.Memory && !request.Search)
            prepared = PreparedSweep.From(request.Quick ? SweepSpecLoader.Load(specPath, [("devices", $"[\"{spec.Space.Values(DesignAxes.Device)[0]}\"]")], library) : spec);
        return new BenchRun(request, specPath, spec, library, Gemm.BackendNamed(gemm), dseAssembly, prepared);
    }

    /// <summary>Times the kernels on <see cref="GemmShapes"/> (<see cref="KernelPaths"/>, BLAS, the fixed-point kernel), one thread, about 1.5 s per kernel and shape.</summary>
    public static IReadOnlyList<GemmTiming> Kernels() => GemmTimer.Measure(GemmShapes, KernelPaths);

    /// <summary>
    /// The kernel a sweep thread runs on the engine's shape (the third of <paramref name="kernels"/>: a chunk of 128 bit-plane rows times
    /// one fine row block of every physical column), GFLOP/s or GOP/s, and whether it is the int8 fixed-point kernel.
    /// </summary>
    /// <param name="kernels">The timings of <see cref="Kernels"/>.</param>
    public (double Gflops, bool Int8) EngineKernel(IReadOnlyList<GemmTiming> kernels)
    {
        var engineShape = kernels[2];
        bool int8 = Spec.Mc.Arithmetic == MmmArithmetic.Int8 && engineShape.FixedPointGops.Count > 0;
        return (int8 ? engineShape.FixedPointGops[0].Gops
            : Backend == GemmBackend.Blas && engineShape.BlasGflops is double blas ? blas : engineShape.ManagedGflops, int8);
    }

    /// <summary>Runs the prepared sweep, nothing kept, with the engine's counters.</summary>
    /// <exception cref="InvalidOperationException">For the memory or search comparison, which prepare no sweep.</exception>
    public BenchSweep Sweep() => Time(prepared ?? throw new InvalidOperationException("The memory and search comparisons time no sweep in this process."));

    /// <summary>This process's peak working set and GC figures.</summary>
    public static BenchMemory ProcessMemory()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return new BenchMemory(self.PeakWorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes, GC.GetTotalAllocatedBytes(), [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)]);
    }

    /// <summary>
    /// The same sweep again with <c>wireResistanceScale</c> [0] (ideal wires: one set of partial sums for every crossbar size), to set
    /// against <see cref="Sweep"/> with the sweep's own wires (IR drop; default scale 1): what simulating IR drop costs.
    /// </summary>
    /// <returns>The ideal-wire sweep; null when the sweep has ideal wires only.</returns>
    public BenchSweep? IdealWires()
    {
        if (Spec.Space.Values(DesignAxes.WireResistanceScale).All(s => s == 0)) return null;
        IReadOnlyList<(string, string)> overrides = request.Quick ? [("devices", $"[\"{FirstDevice}\"]"), ("wireResistanceScale", "[0]")] : [("wireResistanceScale", "[0]")];
        return Time(PreparedSweep.From(SweepSpecLoader.Load(SpecPath, overrides, library)));
    }

    /// <summary>
    /// The sweep run in full and as a race (<c>mc.racing</c> with the sweep's racing settings, else the defaults), one after the other
    /// in this process after an untimed warm-up of both (the first device's points at two rungs' trials): chips, wall times and how the two
    /// Pareto fronts cover each other (<see cref="FrontAgreement"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">For the memory or search comparison, which prepare no sweep.</exception>
    /// <exception cref="InputException">When the sweep cannot race (see <c>mc.racing</c> in docs/sweep-files.md).</exception>
    public BenchRace Race()
    {
        var sweep = prepared ?? throw new InvalidOperationException("The memory and search comparisons time no sweep in this process.");
        var spec = sweep.Spec;
        var fullSpec = spec with { Mc = spec.Mc with { Racing = null } };
        var racedSpec = spec.Mc.Racing is not null ? spec : SweepSpecLoader.Load(SpecPath, request.Quick ? [("devices", $"[\"{FirstDevice}\"]"), ("mc.racing", "true")] : [("mc.racing", "true")], library);
        // Warm-up (JIT and tiering of the engine and of both explorers), so that the first run timed does not pay it: the first
        // device's points in full and raced, at two rungs' trials.
        int warmTrials = Math.Min(racedSpec.Mc.Trials, 2 * racedSpec.Mc.MinTrials);
        foreach (var warmSpec in new[] { fullSpec with { Mc = fullSpec.Mc with { Trials = warmTrials } }, racedSpec with { Mc = racedSpec.Mc with { Trials = warmTrials } } })
        {
            var warm = PreparedSweep.From(warmSpec);
            Explorer.Run(new SweepContext(warm), warm.Points.Where(p => p.Device.Name == FirstDevice).ToList(), new CountingSink(), new RunOptions(request.Threads, Gemm: Backend));
        }
        var (full, fullPoints) = TimeKept(PreparedSweep.From(fullSpec));
        var (raced, racedPoints) = TimeKept(PreparedSweep.From(racedSpec));
        var objectives = spec.Objectives;
        var fullFront = ParetoFront.Compute(fullPoints.ToArray(), objectives);
        var racedFront = ParetoFront.Compute(racedPoints.Where(p => p.Finished).ToArray(), objectives);
        return new BenchRace(full.Sweep, raced.Sweep, raced.Result.Race!,
            FrontAgreement.Of(fullFront, racedFront, objectives), FrontAgreement.Of(racedFront, fullFront, objectives));
    }

    private ((BenchSweep Sweep, SweepResult Result), List<PointResult>) TimeKept(PreparedSweep sweep)
    {
        var kept = new KeepingSink();
        var counters = new EngineCounters();
        var result = Explorer.Run(sweep, kept, new RunOptions(request.Threads, Gemm: Backend, Counters: counters));
        return ((new BenchSweep(result.PointsComputed, result.WallTime.TotalSeconds, counters.Snapshot()), result), kept.Points);
    }

    private BenchSweep Time(PreparedSweep sweep)
    {
        var counters = new EngineCounters();
        var result = Explorer.Run(sweep, new CountingSink(), new RunOptions(request.Threads, Gemm: Backend, Counters: counters));
        return new BenchSweep(result.PointsComputed, result.WallTime.TotalSeconds, counters.Snapshot());
    }

    /// <summary>
    /// The cost-only throughput: <c>sweeps/cost-screen.json</c> (with <see cref="BenchRequest.Quick"/> its subset at virtualTokens 4 and 8,
    /// storedPrompts 64) through <see cref="CostScreen"/>, every point costed and formatted as its JSON line and CSV row, nothing written to disk.
    /// </summary>
    /// <param name="libraryNear">The device library for the screen's file.</param>
    /// <returns>The throughput; null when <c>sweeps/cost-screen.json</c> is not found.</returns>
    public BenchCostScreen? CostScreenThroughput(Func<string, DeviceLibrary> libraryNear)
    {
        if (FindSweep("cost-screen.json") is not { } path) return null;
        IReadOnlyList<(string, string)> subset = request.Quick ? [("virtualTokens", "[4,8]"), ("storedPrompts", "[64]")] : [];
        var screen = PreparedSweep.From(SweepSpecLoader.Load(path, subset, libraryNear(path)));
        var sink = new CountingScreenSink();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = CostScreen.Run(screen, sink, new RunOptions(request.Threads));
        return new BenchCostScreen(screen.Spec.Name, result.PointsComputed, sink.Bytes, result.Sweep.WallTime.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>
    /// The memory comparison: <c>dse sweep</c> run as a child process on the sweep and on <see cref="MemoryVariant"/> of it (both at
    /// <see cref="MemoryTrials"/> trials), each one's peak RSS (VmHWM); the goal for their ratio is at most 1.2.
    /// </summary>
    /// <param name="log">Receives a line before each sweep starts; null: none.</param>
    /// <param name="measured">Receives each sweep as it ends; null: none.</param>
    /// <returns>The sweep and its variant.</returns>
    /// <exception cref="InvalidOperationException">A child failed, or <c>/proc</c> is not readable (not Linux).</exception>
    public IReadOnlyList<BenchMemoryRun> Memory(Action<string>? log, Action<BenchMemoryRun>? measured)
    {
        var inv = CultureInfo.InvariantCulture;
        IReadOnlyList<(string Key, string Value)> trials = [("mc.trials", MemoryTrials.ToString(inv))];
        var root = Directory.CreateTempSubdirectory("dse-bench-memory-").FullName;
        try
        {
            var runs = new List<BenchMemoryRun>();
            foreach (var (name, sets) in new[] { (Spec.Name, trials), ($"{Spec.Name}, 10x points ({string.Join(", ", MemoryVariant.Select(v => $"{v.Key} {v.Value}"))})", [.. trials, .. MemoryVariant]) })
            {
                log?.Invoke($"running dse sweep {SpecPath} on {name}...");
                string outDir = Path.Combine(root, runs.Count.ToString(inv));
                var use = RunChild([.. SweepArguments(sets, outDir)]);
                runs.Add(new BenchMemoryRun(name, Runs.RunStore.CountPoints(outDir), use));
                measured?.Invoke(runs[^1]);
            }
            return runs;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The per-slice search's cost: <c>dse sweep</c> of the sweep and <c>dse search</c> on its run folder (candidate resolutions 3..9),
    /// each a child process; the goal for the ratio of their CPU times is under 2.
    /// </summary>
    /// <param name="log">Receives a line before each child starts; null: none.</param>
    /// <exception cref="InvalidOperationException">A child failed, or <c>/proc</c> is not readable (not Linux).</exception>
    public BenchSearch Search(Action<string>? log)
    {
        var root = Directory.CreateTempSubdirectory("dse-bench-search-").FullName;
        try
        {
            string run = Path.Combine(root, "run");
            log?.Invoke($"running dse sweep {SpecPath}...");
            var sweep = RunChild([.. SweepArguments([], run)]);
            log?.Invoke($"running dse search on it...");
            var search = RunChild(["search", run, "--out", Path.Combine(root, "search"), "--threads", request.Threads.ToString(CultureInfo.InvariantCulture), "--quiet"]);
            return new BenchSearch(sweep, search);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The arguments of a quiet <c>dse sweep</c> of the sweep with overrides <paramref name="sets"/> into <paramref name="outDir"/>.</summary>
    private IEnumerable<string> SweepArguments(IEnumerable<(string Key, string Value)> sets, string outDir)
    {
        yield return "sweep";
        yield return SpecPath;
        foreach (var (key, value) in sets)
        {
            yield return "--set";
            yield return $"{key}={value}";
        }
        foreach (var a in new[] { "--out", outDir, "--threads", request.Threads.ToString(CultureInfo.InvariantCulture), "--quiet" }) yield return a;
    }

    /// <summary>
    /// Runs this <c>dse</c> (the executable, or <c>dotnet dse.dll</c>) with <paramref name="arguments"/> and returns its peak resident
    /// set in bytes (<c>VmHWM</c> of <c>/proc/PID/status</c>, a high-water mark), its CPU time in seconds (user + system ticks of
    /// <c>/proc/PID/stat</c>) and wall time, read every 10 ms until the child exits (the last read is at most 10 ms before its exit,
    /// when it writes its last lines).
    /// </summary>
    /// <exception cref="InvalidOperationException">The child failed (non-zero exit) or <c>/proc</c> is not readable (not Linux).</exception>
    private ChildProcessUse RunChild(IReadOnlyList<string> arguments)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this dse is unknown.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(dseAssembly);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {self}.");
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        string status = $"/proc/{child.Id}/status", stat = $"/proc/{child.Id}/stat";
        var clock = Stopwatch.StartNew();
        long peak = 0, ticks = 0;
        while (!child.WaitForExit(10))
        {
            try
            {
                foreach (var line in File.ReadLines(status))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        peak = Math.Max(peak, 1024 * long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
                // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15 (proc(5)).
                string text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException) { } // the child exited between the check and the read
        }
        output.Wait();
        if (child.ExitCode != 0) throw new InvalidOperationException($"dse {string.Join(' ', arguments)} exited with {child.ExitCode}: {errors.Result}");
        if (peak == 0) throw new InvalidOperationException($"No VmHWM read from {status}: the comparison needs Linux /proc.");
        return new ChildProcessUse(peak, ticks / (double)ClockTicksPerSecond, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Linux's <c>USER_HZ</c>, the unit of the CPU times in <c>/proc/PID/stat</c> (100 on every Linux ABI .NET runs on).</summary>
    private const int ClockTicksPerSecond = 100;

    /// <summary>Counts the bytes of a cost-only screen and keeps none.</summary>
    private sealed class CountingScreenSink : ICostScreenSink
    {
        public long Bytes { get; private set; }
        public void Write(CostScreenBatch batch) => Bytes += batch.JsonLines.Length + batch.CsvRows.Length;
    }

    /// <summary>Counts points and keeps none of them.</summary>
    private sealed class KeepingSink : IPointSink
    {
        public List<PointResult> Points { get; } = [];
        public void Add(PointResult point) => Points.Add(point);
    }

    private sealed class CountingSink : IPointSink
    {
        public int Count { get; private set; }
        public void Add(PointResult point) => Count++;
    }

    /// <summary><c>sweeps/NAME</c>, found walking up from the working directory, else from the installed <c>dse</c>; null when absent.</summary>
    public static string? FindSweep(string name)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "sweeps", name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
