using System.CommandLine;
using System.Globalization;
using Dse.Crossbar;
using Dse.Cli.Settings;
using Dse.Pipeline;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse bench [SPEC.json] [--quick] [--threads N]</c>: in one run on one machine, the GFLOP/s of the managed MMM kernel and
/// of <c>cblas_sgemm</c> (when OpenBLAS is installed) on the engine's GEMM shapes, their ratio, the design points per
/// second of a sweep (default <c>sweeps/large.json</c>; <c>--quick</c> its first device only), the sweep's useful MMM
/// FLOPs over its wall time, peak memory, and the cost-only screen's design points per second (<c>sweeps/cost-screen.json</c>).
/// <c>--race</c> instead runs the sweep in full and as a race and compares them. <c>--memory</c> instead measures the peak RSS of whole <c>dse sweep</c> processes (sweep and reports) on the sweep and on a
/// variant with ten times the points, and prints their ratio.
/// </summary>
public static class BenchCommand
{
    /// <summary>Parsed options.</summary>
    /// <param name="SpecPath">Sweep to time; null: <c>sweeps/large.json</c> found from the working directory.</param>
    /// <param name="Quick">Time the sweep on its first device only (a fifth of <c>sweeps/large.json</c>) instead of in full.</param>
    /// <param name="Threads">Worker threads for the sweep.</param>
    /// <param name="Memory">Measure the peak RSS of <c>dse sweep</c> on the sweep and on ten times its points instead (<see cref="BenchRun.MemoryVariant"/>).</param>
    /// <param name="Search">Time <c>dse search</c> (per-slice ADC search) against the <c>dse sweep</c> it searches instead (default spec
    /// <c>sweeps/default.json</c>).</param>
    /// <param name="Race">Run the sweep in full and as a race (<c>mc.racing</c>) instead, and compare chips, wall times and fronts.</param>
    public sealed record Options(string? SpecPath, bool Quick, int Threads, bool Memory = false, bool Search = false, bool Race = false);

    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Sweep to time (default: sweeps/large.json).", Arity = ArgumentArity.ZeroOrOne };
        var quick = new Option<bool>("--quick") { Description = "Time the sweep on its first device only." };
        var threads = new Option<int>("--threads") { Description = "Worker threads for the sweep.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var memory = new Option<bool>("--memory")
        {
            Description = $"Instead: peak RSS of whole 'dse sweep' processes (sweep and reports, mc.trials {BenchRun.MemoryTrials}) on the sweep and on ten times its points (every adcModel, colsPerAdc [1,2,4,8,16]), and their ratio. Runs two sweeps (a few minutes on 2 cores).",
        };
        var search = new Option<bool>("--search")
        {
            Description = "Instead: CPU time of 'dse search' (per-slice ADC resolutions, 3..9 bits) against the 'dse sweep' it searches, both as child processes (default SPEC: sweeps/default.json).",
        };
        var race = new Option<bool>("--race")
        {
            Description = "Instead: run the sweep in full and as a race (mc.racing, its settings or the defaults) in this process, and print chips, wall times and how the two Pareto fronts cover each other (default SPEC: sweeps/large.json).",
        };
        var command = new Command("bench", "Print MMM kernel GFLOP/s (managed and cblas_sgemm), sweep design points per second and peak memory.")
        {
            spec, quick, threads, memory, search, race,
        };
        command.SetAction(parse => Run(new Options(parse.GetValue(spec), parse.GetValue(quick), parse.GetValue(threads), parse.GetValue(memory), parse.GetValue(search), parse.GetValue(race)),
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
        var bench = BenchRun.Open(new BenchRequest(options.SpecPath, options.Quick, options.Threads, options.Memory, options.Search), settings.Library, settings.Gemm,
            typeof(BenchCommand).Assembly.Location);
        if (options.Memory) return PrintMemory(bench, options, stdout, stderr);
        if (options.Search) return PrintSearch(bench, options, stdout, stderr);
        if (options.Race) return PrintRace(bench, options, stdout, stderr);

        var inv = CultureInfo.InvariantCulture;
        var paths = BenchRun.KernelPaths;
        stderr.WriteLine($"timing the MMM kernels (about {4 * (paths.Count + 1) * 1.5:F0} s)...");
        stdout.WriteLine($"engine GEMM backend: {bench.EngineGemm}; ADC stage: {BenchRun.AdcStagePath}; BLAS: {BenchRun.BlasLibrary ?? "not found"}");
        stdout.WriteLine("managed kernel GFLOP/s on each vector path this machine accelerates (x cblas_sgemm), one thread:");
        stdout.WriteLine(string.Create(inv, $"{"M",6} {"K",5} {"N",6} {string.Concat(paths.Select(p => $"{p,22}"))} {"BLAS",8}"));
        var gemm = BenchRun.Kernels();
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

        stderr.WriteLine($"running {bench.SpecPath}: {bench.Points} points...");
        var sweep = bench.Sweep();
        double wall = sweep.WallS;
        double sweepGflops = sweep.Times.MmmFlops / wall / 1e9;
        var (engineKernel, int8) = bench.EngineKernel(gemm);
        var memory = BenchRun.ProcessMemory();

        stdout.WriteLine();
        var spec = bench.Spec;
        string trials = spec.Mc.TargetCiHalfWidth is null ? $"{spec.Mc.Trials} trials" : $"adaptive trials <= {spec.Mc.Trials}";
        stdout.WriteLine($"sweep {spec.Name}{(options.Quick ? " (--quick: " + bench.FirstDevice + " only)" : "")}: {sweep.Points} points, {trials}, {options.Threads} threads");
        stdout.WriteLine(string.Create(inv, $"  wall {wall:F1} s, {sweep.Points / wall:F1} design points/s"));
        string vsBlas = gemm[2].BlasGflops is double bb ? string.Create(inv, $", {sweepGflops / (options.Threads * bb):F2} x ({options.Threads} x cblas_sgemm {bb:F1})") : "";
        stdout.WriteLine(string.Create(inv, $"  useful MMM FLOPs {sweep.Times.MmmFlops / 1e12:F3} T -> {sweepGflops:F1} GFLOP/s over the wall time = {sweepGflops / (options.Threads * engineKernel):F2} x ({options.Threads} threads x engine kernel{(int8 ? " int8" : "")} {engineKernel:F1}){vsBlas}"));
        double busy = sweep.Times.BusySeconds;
        stdout.WriteLine(string.Create(inv, $"  engine thread-seconds {busy:F1} of {wall * options.Threads:F1} available: {Phases(sweep.Times)}"));
        stdout.WriteLine(string.Create(inv, $"  peak working set {memory.PeakWorkingSetBytes / 1048576.0:F0} MiB; GC heap {memory.GcHeapBytes / 1048576.0:F0} MiB, allocated {memory.AllocatedBytes / 1048576.0:F0} MiB in total, {memory.Collections[0]}/{memory.Collections[1]}/{memory.Collections[2]} gen0/1/2 collections"));
        stdout.WriteLine(IdealWiresLine(bench.IdealWires(), wall, busy));
        stdout.WriteLine(CostScreenLine(bench.CostScreenThroughput(settings.Library), options));
        return ExitCodes.Success;
    }

    /// <summary>The ideal-wire sweep (<see cref="BenchRun.IdealWires"/>) against the timed one with the sweep's own wires: what simulating IR drop costs.</summary>
    private static string IdealWiresLine(BenchSweep? ideal, double wiredWallS, double wiredBusyS)
    {
        if (ideal is null) return "IR drop: the sweep has ideal wires only (wireResistanceScale 0), not compared";
        double wall = ideal.WallS, busy = ideal.Times.BusySeconds;
        return string.Create(CultureInfo.InvariantCulture, $"  IR drop: with the sweep's wires (above) wall {wiredWallS:F1} s, engine {wiredBusyS:F1} thread-s; ideal wires (wireResistanceScale 0) " +
            $"wall {wall:F1} s, engine {busy:F1} thread-s ({Phases(ideal.Times)}): IR drop costs {wiredWallS / wall:F2}x wall, {wiredBusyS / busy:F2}x engine");
    }

    /// <summary>Each engine phase's thread-seconds and share of the busy time (their sum), e.g. <c>gemm 78.9 s (54 %), adc 48.9 s (33 %)</c>.</summary>
    private static string Phases(EngineTimes times) =>
        string.Join(", ", Enum.GetValues<EnginePhase>().Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p.ToString().ToLowerInvariant()} {times.Seconds(p):F1} s ({times.Seconds(p) / times.BusySeconds:P0})")));

    /// <summary>The cost-only throughput line (<see cref="BenchRun.CostScreenThroughput"/>).</summary>
    private static string CostScreenLine(BenchCostScreen? screen, Options options)
    {
        if (screen is null) return "cost-only screen: sweeps/cost-screen.json not found, not timed";
        return string.Create(CultureInfo.InvariantCulture,
            $"cost-only screen {screen.Name}{(options.Quick ? " (--quick subset)" : "")}: {screen.Points} points costed and formatted (JSON line + CSV row, {screen.Bytes / 1048576.0:F0} MiB, not written) " +
            $"in {screen.WallS:F1} s = {screen.Points / screen.WallS:F0} points/s on {options.Threads} threads ({screen.CpuS:F1} CPU s, {screen.Points / screen.CpuS:F0} points per CPU second)");
    }

    /// <summary>Prints the memory comparison (<see cref="BenchRun.Memory"/>): each sweep's peak RSS and their ratio.</summary>
    private static int PrintMemory(BenchRun bench, Options options, TextWriter stdout, TextWriter stderr)
    {
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"peak RSS of the whole 'dse sweep' process (sweep, then reports), mc.trials {BenchRun.MemoryTrials}, {options.Threads} threads:");
        var runs = bench.Memory(stderr.WriteLine, r =>
            stdout.WriteLine(string.Create(inv, $"  {r.Name}: {r.Points} points, peak RSS {r.Use.PeakBytes / 1048576.0:F0} MiB, {r.Use.WallS:F0} s")));
        stdout.WriteLine(string.Create(inv, $"  ratio for {(double)runs[1].Points / Math.Max(1, runs[0].Points):F1}x the points: {(double)runs[1].Use.PeakBytes / runs[0].Use.PeakBytes:F2} (goal: at most 1.2)"));
        return ExitCodes.Success;
    }

    /// <summary>Prints the full run against the race (<see cref="BenchRun.Race"/>).</summary>
    private static int PrintRace(BenchRun bench, Options options, TextWriter stdout, TextWriter stderr)
    {
        var inv = CultureInfo.InvariantCulture;
        stderr.WriteLine($"running {bench.SpecPath} ({bench.Points} points) in full, then as a race...");
        var r = bench.Race();
        var race = r.Race;
        stdout.WriteLine($"race of {bench.SpecPath}{(options.Quick ? " (--quick: " + bench.FirstDevice + " only)" : "")}: engine {bench.EngineGemm}, ADC stage {BenchRun.AdcStagePath}, {options.Threads} threads");
        stdout.WriteLine(string.Create(inv, $"  full run: {r.Full.Points} points, {race.FullPointTrials} point-trials, {race.FullChipTrials} chips programmed, {race.FullReadTrials} reads, wall {r.Full.WallS:F1} s"));
        stdout.WriteLine(string.Create(inv, $"            engine thread-seconds {r.Full.Times.BusySeconds:F1}: {Phases(r.Full.Times)}"));
        stdout.WriteLine(string.Create(inv, $"  race:     {r.Raced.Points} points, {race.PointTrials} point-trials ({(double)race.PointTrials / race.FullPointTrials:P1}), {race.ChipTrials} chips programmed ({(double)race.ChipTrials / race.FullChipTrials:P1}), {race.ReadTrials} reads ({(double)race.ReadTrials / race.FullReadTrials:P1}), wall {r.Raced.WallS:F1} s ({r.Raced.WallS / r.Full.WallS:P1})"));
        stdout.WriteLine(string.Create(inv, $"            engine thread-seconds {r.Raced.Times.BusySeconds:F1}: {Phases(r.Raced.Times)}"));
        stdout.WriteLine($"  rungs {string.Join("/", race.Rungs)}: retired {string.Join("/", race.RetiredPerRung)}, {race.Finished} ran to the end");
        stdout.WriteLine(Agreement("full front", "raced", r.FullOnRaced));
        stdout.WriteLine(Agreement("raced front", "full", r.RacedOnFull));
        return ExitCodes.Success;
    }

    private static string Agreement(string name, string other, Dse.Pareto.FrontAgreement a)
        => $"  {name}: {a.Designs} designs, {a.OnOther} on the {other} front, {a.WithinCi} within their CI of a design there, {a.Missing.Count} neither" +
            (a.Missing.Count > 0 ? ": " + string.Join(", ", a.Missing) : "");

    /// <summary>Prints the per-slice search's CPU time against its sweep's (<see cref="BenchRun.Search"/>).</summary>
    private static int PrintSearch(BenchRun bench, Options options, TextWriter stdout, TextWriter stderr)
    {
        var inv = CultureInfo.InvariantCulture;
        var (sweep, search) = bench.Search(stderr.WriteLine);
        stdout.WriteLine(string.Create(inv, $"per-slice ADC search of {bench.SpecPath} ({options.Threads} threads): sweep {sweep.CpuS:F1} CPU s ({sweep.WallS:F1} s wall), ") +
            string.Create(inv, $"search {search.CpuS:F1} CPU s ({search.WallS:F1} s wall): {search.CpuS / sweep.CpuS:F2}x the sweep's CPU time (goal: under 2)"));
        return ExitCodes.Success;
    }
}
