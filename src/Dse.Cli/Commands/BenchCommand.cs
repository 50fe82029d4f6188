using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dse.Crossbar;
using Dse.Cli.Settings;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Pipeline;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse bench [SPEC.json] [--quick] [--threads N]</c>: in one run on one machine, the GFLOP/s of the managed MMM kernel and
/// of <c>cblas_sgemm</c> (when OpenBLAS is installed) on the engine's GEMM shapes, their ratio, the design points per
/// second of a sweep (default <c>sweeps/large.json</c>; <c>--quick</c> its first device only), the sweep's useful MMM
/// FLOPs over its wall time, peak memory, and the cost-only screen's design points per second (<c>sweeps/cost-screen.json</c>).
/// <c>--memory</c> instead measures the peak RSS of whole <c>dse sweep</c> processes (sweep and reports) on the sweep and on a
/// variant with ten times the points, and prints their ratio.
/// </summary>
public static class BenchCommand
{
    /// <summary>Parsed options.</summary>
    /// <param name="SpecPath">Sweep to time; null: <c>sweeps/large.json</c> found from the working directory.</param>
    /// <param name="Quick">Time the sweep on its first device only (a fifth of <c>sweeps/large.json</c>) instead of in full.</param>
    /// <param name="Threads">Worker threads for the sweep.</param>
    /// <param name="Memory">Measure the peak RSS of <c>dse sweep</c> on the sweep and on ten times its points instead (<see cref="MemoryVariant"/>).</param>
    /// <param name="Search">Time <c>dse search</c> (per-slice ADC search) against the <c>dse sweep</c> it searches instead (default spec
    /// <c>sweeps/default.json</c>).</param>
    public sealed record Options(string? SpecPath, bool Quick, int Threads, bool Memory = false, bool Search = false);

    /// <summary>
    /// The overrides that make the memory comparison's larger sweep: every ADC cost model and five ADC-sharing factors. Both axes
    /// are cost-only (no Monte Carlo of their own), so on <c>sweeps/large.json</c> (2 ADC models, the periphery's one factor) they
    /// give ten times the points for the same Monte-Carlo work: what grows is what the run keeps per point.
    /// </summary>
    public static IReadOnlyList<(string Key, string Value)> MemoryVariant { get; } =
    [
        ("adcModel", "[" + string.Join(",", Dse.Devices.AdcModelSet.Names.Select(n => $"\"{n}\"")) + "]"),
        ("colsPerAdc", "[1,2,4,8,16]"),
    ];

    /// <summary>Chips per point in both sweeps of the memory comparison (light: memory does not depend on it).</summary>
    public const int MemoryTrials = 4;

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

    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Sweep to time (default: sweeps/large.json).", Arity = ArgumentArity.ZeroOrOne };
        var quick = new Option<bool>("--quick") { Description = "Time the sweep on its first device only." };
        var threads = new Option<int>("--threads") { Description = "Worker threads for the sweep.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var memory = new Option<bool>("--memory")
        {
            Description = $"Instead: peak RSS of whole 'dse sweep' processes (sweep and reports, mc.trials {MemoryTrials}) on the sweep and on ten times its points (every adcModel, colsPerAdc [1,2,4,8,16]), and their ratio. Runs two sweeps (a few minutes on 2 cores).",
        };
        var search = new Option<bool>("--search")
        {
            Description = "Instead: CPU time of 'dse search' (per-slice ADC resolutions, 3..9 bits) against the 'dse sweep' it searches, both as child processes (default SPEC: sweeps/default.json).",
        };
        var command = new Command("bench", "Print MMM kernel GFLOP/s (managed and cblas_sgemm), sweep design points per second and peak memory.")
        {
            spec, quick, threads, memory, search,
        };
        command.SetAction(parse => Run(new Options(parse.GetValue(spec), parse.GetValue(quick), parse.GetValue(threads), parse.GetValue(memory), parse.GetValue(search)),
            stdout, stderr, settings()));
        return command;
    }

    /// <summary>Runs the benchmark and prints the table. The sweep is validated before anything is timed.</summary>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    /// <exception cref="Dse.Diagnostics.InputException">A missing or invalid sweep file.</exception>
    public static int Run(Options options, TextWriter stdout, TextWriter stderr, DseSettings settings)
    {
        if (options.Threads < 1)
            throw new Dse.Diagnostics.InputException(new Dse.Diagnostics.InputError("command line", "--threads", null, "an integer >= 1", options.Threads.ToString(CultureInfo.InvariantCulture)));
        string specPath = options.SpecPath ?? FindSweep(options.Search ? "default.json" : "large.json") ?? throw new Dse.Diagnostics.InputException(new Dse.Diagnostics.InputError("command line", "SPEC", null,
            "a sweep file (sweeps/large.json was not found above the working directory)", "none"));
        var library = settings.Library(specPath);
        var spec = SweepSpecLoader.Load(specPath, library: library);
        if (options.Memory) return RunMemory(specPath, spec, options, stdout, stderr);
        if (options.Search) return RunSearch(specPath, options, stdout, stderr);
        string firstDevice = spec.Space.Values(DesignAxes.Device)[0];
        if (options.Quick) spec = SweepSpecLoader.Load(specPath, [("devices", $"[\"{firstDevice}\"]")], library);
        var prepared = PreparedSweep.From(spec);

        var inv = CultureInfo.InvariantCulture;
        var paths = Gemm.AcceleratedPaths.Where(p => p != KernelPath.Scalar).ToArray();
        stderr.WriteLine($"timing the MMM kernels (about {4 * (paths.Length + 1) * 1.5:F0} s)...");
        var backend = Gemm.BackendNamed(settings.Gemm);
        stdout.WriteLine($"engine GEMM backend: {Gemm.Describe(spec.Mc.Arithmetic == MmmArithmetic.Int8 ? GemmBackend.Int8 : backend)}; ADC stage: {MonteCarloEngine.AdcStagePath}; BLAS: {BlasGemm.LibraryName ?? "not found"}");
        stdout.WriteLine("managed kernel GFLOP/s on each vector path this machine accelerates (x cblas_sgemm), one thread:");
        stdout.WriteLine(string.Create(inv, $"{"M",6} {"K",5} {"N",6} {string.Concat(paths.Select(p => $"{p,22}"))} {"BLAS",8}"));
        var gemm = MeasureGemm([(128, 64, 1024), (128, 64, 2048), (128, 64, 3584), (256, 2048, 512)], paths);
        foreach (var t in gemm)
        {
            string Cell((KernelPath Path, double Gflops) p) => t.BlasGflops is double b ? string.Create(inv, $"{p.Gflops,13:F1} ({p.Gflops / b:F2}x)") : string.Create(inv, $"{p.Gflops,22:F1}");
            stdout.WriteLine(string.Create(inv, $"{t.M,6} {t.K,5} {t.N,6} {string.Concat(t.PathGflops.Select(p => $"{Cell(p),22}"))} {(t.BlasGflops is double blasGflops ? blasGflops.ToString("F1", inv) : "-"),8}"));
        }
        var fixedPaths = gemm[0].FixedPointGops.Select(p => p.Path).ToArray();
        if (fixedPaths.Length > 0)
        {
            stdout.WriteLine("int8 fixed-point kernel (mc.arithmetic int8) GOP/s on each of its vector paths (x cblas_sgemm), one thread, B packed once:");
            stdout.WriteLine(string.Create(inv, $"{"M",6} {"K",5} {"N",6} {string.Concat(fixedPaths.Select(p => $"{p,22}"))}"));
            foreach (var t in gemm)
                stdout.WriteLine(string.Create(inv, $"{t.M,6} {t.K,5} {t.N,6} {string.Concat(t.FixedPointGops.Select(p => $"{(t.BlasGflops is double b ? string.Create(inv, $"{p.Gops,13:F1} ({p.Gops / b:F2}x)") : p.Gops.ToString("F1", inv)),22}"))}"));
        }
        else stdout.WriteLine("int8 fixed-point kernel: no vector path on this machine (mc.arithmetic int8 runs its scalar loop)");

        stderr.WriteLine($"running {specPath}: {prepared.Points.Count} points...");
        var sink = new CountingSink();
        var counters = new EngineCounters();
        var result = Explorer.Run(prepared, sink, new RunOptions(options.Threads, Gemm: backend, Counters: counters));
        double wall = result.WallTime.TotalSeconds;
        double sweepGflops = counters.MmmFlops / wall / 1e9;
        // The engine's shape: a chunk of 128 bit-plane rows times one fine row block of every physical column.
        var engineShape = gemm[2];
        bool int8 = spec.Mc.Arithmetic == MmmArithmetic.Int8 && engineShape.FixedPointGops.Count > 0;
        double engineKernel = int8 ? engineShape.FixedPointGops[0].Gops
            : backend == GemmBackend.Blas && engineShape.BlasGflops is double bl ? bl : engineShape.ManagedGflops;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var gc = GC.GetGCMemoryInfo();

        stdout.WriteLine();
        string trials = spec.Mc.TargetCiHalfWidth is null ? $"{spec.Mc.Trials} trials" : $"adaptive trials <= {spec.Mc.Trials}";
        stdout.WriteLine($"sweep {spec.Name}{(options.Quick ? " (--quick: " + firstDevice + " only)" : "")}: {result.PointsComputed} points, {trials}, {options.Threads} threads");
        stdout.WriteLine(string.Create(inv, $"  wall {wall:F1} s, {result.PointsComputed / wall:F1} design points/s"));
        string vsBlas = engineShape.BlasGflops is double bb ? string.Create(inv, $", {sweepGflops / (options.Threads * bb):F2} x ({options.Threads} x cblas_sgemm {bb:F1})") : "";
        stdout.WriteLine(string.Create(inv, $"  useful MMM FLOPs {counters.MmmFlops / 1e12:F3} T -> {sweepGflops:F1} GFLOP/s over the wall time = {sweepGflops / (options.Threads * engineKernel):F2} x ({options.Threads} threads x engine kernel{(int8 ? " int8" : "")} {engineKernel:F1}){vsBlas}"));
        double busy = Enum.GetValues<EnginePhase>().Sum(counters.Seconds);
        stdout.WriteLine(string.Create(inv, $"  engine thread-seconds {busy:F1} of {wall * options.Threads:F1} available: {Phases(counters, busy)}"));
        stdout.WriteLine(string.Create(inv, $"  peak working set {self.PeakWorkingSet64 / 1048576.0:F0} MiB; GC heap {gc.HeapSizeBytes / 1048576.0:F0} MiB, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB in total, {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} gen0/1/2 collections"));
        stdout.WriteLine(IdealWiresLine(specPath, spec, library, options, backend, wall, busy));
        stdout.WriteLine(CostScreenLine(settings, options));
        return ExitCodes.Success;
    }

    /// <summary>
    /// The same sweep again with <c>wireResistanceScale</c> [0] (ideal wires: one set of partial sums for every crossbar size), against
    /// the run above with the sweep's own wires (IR drop; default scale 1): what simulating IR drop costs.
    /// </summary>
    private static string IdealWiresLine(string specPath, SweepSpec spec, Dse.Devices.DeviceLibrary library, Options options, GemmBackend backend, double wiredWallS, double wiredBusyS)
    {
        var inv = CultureInfo.InvariantCulture;
        if (spec.Space.Values(DesignAxes.WireResistanceScale).All(s => s == 0)) return "IR drop: the sweep has ideal wires only (wireResistanceScale 0), not compared";
        IReadOnlyList<(string, string)> overrides = options.Quick
            ? [("devices", $"[\"{spec.Space.Values(DesignAxes.Device)[0]}\"]"), ("wireResistanceScale", "[0]")]
            : [("wireResistanceScale", "[0]")];
        var prepared = PreparedSweep.From(SweepSpecLoader.Load(specPath, overrides, library));
        var counters = new EngineCounters();
        var result = Explorer.Run(prepared, new CountingSink(), new RunOptions(options.Threads, Gemm: backend, Counters: counters));
        double wall = result.WallTime.TotalSeconds, busy = Enum.GetValues<EnginePhase>().Sum(counters.Seconds);
        return string.Create(inv, $"  IR drop: with the sweep's wires (above) wall {wiredWallS:F1} s, engine {wiredBusyS:F1} thread-s; ideal wires (wireResistanceScale 0) " +
            $"wall {wall:F1} s, engine {busy:F1} thread-s ({Phases(counters, busy)}): IR drop costs {wiredWallS / wall:F2}x wall, {wiredBusyS / busy:F2}x engine");
    }

    /// <summary>Each engine phase's thread-seconds and share of <paramref name="busy"/> (their sum), e.g. <c>gemm 78.9 s (54 %), adc 48.9 s (33 %)</c>.</summary>
    private static string Phases(EngineCounters counters, double busy) =>
        string.Join(", ", Enum.GetValues<EnginePhase>().Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.ToString().ToLowerInvariant()} {counters.Seconds(p):F1} s ({counters.Seconds(p) / busy:P0})")));

    /// <summary>
    /// The cost-only throughput line: <c>sweeps/cost-screen.json</c> (with <c>--quick</c> its 96,768-point subset at virtualTokens 4 and 8,
    /// storedPrompts 64) through <see cref="CostScreen.Run"/>, every point costed and formatted as its JSON line and CSV row, nothing written to disk.
    /// </summary>
    private static string CostScreenLine(DseSettings settings, Options options)
    {
        if (FindSweep("cost-screen.json") is not { } path) return "cost-only screen: sweeps/cost-screen.json not found, not timed";
        IReadOnlyList<(string, string)> subset = options.Quick ? [("virtualTokens", "[4,8]"), ("storedPrompts", "[64]")] : [];
        var prepared = PreparedSweep.From(SweepSpecLoader.Load(path, subset, settings.Library(path)));
        var sink = new CountingScreenSink();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = CostScreen.Run(prepared, sink, new RunOptions(options.Threads));
        double wall = result.Sweep.WallTime.TotalSeconds, cpuS = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"cost-only screen {prepared.Spec.Name}{(options.Quick ? " (--quick subset)" : "")}: {result.PointsComputed} points costed and formatted (JSON line + CSV row, {sink.Bytes / 1048576.0:F0} MiB, not written) " +
            $"in {wall:F1} s = {result.PointsComputed / wall:F0} points/s on {options.Threads} threads ({cpuS:F1} CPU s, {result.PointsComputed / cpuS:F0} points per CPU second)");
    }

    /// <summary>
    /// The memory comparison: <c>dse sweep</c> run as a child process on <paramref name="specPath"/> and on <see cref="MemoryVariant"/>
    /// of it (both at <see cref="MemoryTrials"/> trials), each one's peak RSS (VmHWM) and their ratio; the goal is at most 1.2.
    /// </summary>
    private static int RunMemory(string specPath, SweepSpec spec, Options options, TextWriter stdout, TextWriter stderr)
    {
        var inv = CultureInfo.InvariantCulture;
        IReadOnlyList<(string Key, string Value)> trials = [("mc.trials", MemoryTrials.ToString(inv))];
        stdout.WriteLine($"peak RSS of the whole 'dse sweep' process (sweep, then reports), mc.trials {MemoryTrials}, {options.Threads} threads:");
        var root = Directory.CreateTempSubdirectory("dse-bench-memory-").FullName;
        try
        {
            var runs = new List<(long PeakBytes, int Points)>();
            foreach (var (name, sets) in new[] { (spec.Name, trials), ($"{spec.Name}, 10x points ({string.Join(", ", MemoryVariant.Select(v => $"{v.Key} {v.Value}"))})", [.. trials, .. MemoryVariant]) })
            {
                stderr.WriteLine($"running dse sweep {specPath} on {name}...");
                string outDir = Path.Combine(root, runs.Count.ToString(inv));
                var clock = Stopwatch.StartNew();
                long peak = RunChild([.. SweepArguments(specPath, sets, outDir, options.Threads)]).PeakBytes;
                int points = Dse.Runs.RunStore.CountPoints(outDir);
                runs.Add((peak, points));
                stdout.WriteLine(string.Create(inv, $"  {name}: {points} points, peak RSS {peak / 1048576.0:F0} MiB, {clock.Elapsed.TotalSeconds:F0} s"));
            }
            stdout.WriteLine(string.Create(inv, $"  ratio for {(double)runs[1].Points / Math.Max(1, runs[0].Points):F1}x the points: {(double)runs[1].PeakBytes / runs[0].PeakBytes:F2} (goal: at most 1.2)"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// The per-slice search's cost: <c>dse sweep</c> of <paramref name="specPath"/> and <c>dse search</c> on its run folder (candidate
    /// resolutions 3..9), each a child process, their CPU times (user + system) and ratio; the goal is under 2.
    /// </summary>
    private static int RunSearch(string specPath, Options options, TextWriter stdout, TextWriter stderr)
    {
        var inv = CultureInfo.InvariantCulture;
        var root = Directory.CreateTempSubdirectory("dse-bench-search-").FullName;
        try
        {
            string run = Path.Combine(root, "run");
            stderr.WriteLine($"running dse sweep {specPath}...");
            var sweep = RunChild([.. SweepArguments(specPath, [], run, options.Threads)]);
            stderr.WriteLine($"running dse search on it...");
            var search = RunChild(["search", run, "--out", Path.Combine(root, "search"), "--threads", options.Threads.ToString(inv), "--quiet"]);
            stdout.WriteLine(string.Create(inv, $"per-slice ADC search of {specPath} ({options.Threads} threads): sweep {sweep.CpuS:F1} CPU s ({sweep.WallS:F1} s wall), ") +
                string.Create(inv, $"search {search.CpuS:F1} CPU s ({search.WallS:F1} s wall): {search.CpuS / sweep.CpuS:F2}x the sweep's CPU time (goal: under 2)"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
        return ExitCodes.Success;
    }

    /// <summary>The arguments of a quiet <c>dse sweep</c> of <paramref name="specPath"/> with overrides <paramref name="sets"/> into <paramref name="outDir"/>.</summary>
    private static IEnumerable<string> SweepArguments(string specPath, IEnumerable<(string Key, string Value)> sets, string outDir, int threads)
    {
        yield return "sweep";
        yield return specPath;
        foreach (var (key, value) in sets)
        {
            yield return "--set";
            yield return $"{key}={value}";
        }
        foreach (var a in new[] { "--out", outDir, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--quiet" }) yield return a;
    }

    /// <summary>
    /// Runs this <c>dse</c> (the executable, or <c>dotnet dse.dll</c>) with <paramref name="arguments"/> and returns its peak resident
    /// set in bytes (<c>VmHWM</c> of <c>/proc/PID/status</c>, a high-water mark), its CPU time in seconds (user + system ticks of
    /// <c>/proc/PID/stat</c>) and wall time, read every 10 ms until the child exits (the last read is at most 10 ms before its exit,
    /// when it writes its last lines).
    /// </summary>
    /// <exception cref="InvalidOperationException">The child failed (non-zero exit) or <c>/proc</c> is not readable (not Linux).</exception>
    private static (long PeakBytes, double CpuS, double WallS) RunChild(IReadOnlyList<string> arguments)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this dse is unknown.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
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
        return (peak, ticks / (double)ClockTicksPerSecond, clock.Elapsed.TotalSeconds);
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
    private sealed class CountingSink : IPointSink
    {
        public int Count { get; private set; }
        public void Add(PointResult point) => Count++;
    }

    /// <summary><c>sweeps/NAME</c>, found walking up from the working directory, else from the installed <c>dse</c>; null when absent.</summary>
    private static string? FindSweep(string name)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "sweeps", name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>Times <c>C = A B</c> with 0/1 A on each shape, one thread, for the managed kernel on each path and (when loaded) BLAS.</summary>
    /// <param name="shapes">(M, K, N) triples.</param>
    /// <param name="paths">Managed kernel paths to time; null: the one the engine runs.</param>
    /// <param name="secondsPerRepetition">Length of each of the 5 timed repetitions; the best is kept.</param>
    /// <returns>One timing per shape.</returns>
    public static IReadOnlyList<GemmTiming> MeasureGemm(IEnumerable<(int M, int K, int N)> shapes, IReadOnlyList<KernelPath>? paths = null, double secondsPerRepetition = 0.3)
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
