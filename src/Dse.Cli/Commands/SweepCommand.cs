using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Cli.Settings;
using Dse.Exploration.Runs;
using Dse.Reports;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse sweep [SPEC.json] [--out DIR] [--seed N] [--set KEY=VALUE]... [--threads N] [--resume] [--force] [--shard I/N]
/// [--quiet | --verbose]</c>.
/// </summary>
public static class SweepCommand
{
    /// <summary>Parsed options.</summary>
    /// <param name="CommandLine">The arguments as typed (after <c>dse</c>).</param>
    /// <param name="SingleFile">Also write <c>report.html</c> (every page in one file, plotly.js inlined).</param>
    /// <param name="Strict">Warnings about the model files (likely unit slips) are errors.</param>
    public sealed record Options(string? SpecPath, string? OutDir, string? Seed, IReadOnlyList<string> Sets, string? Threads,
        bool Resume, bool Force, string? Shard, bool Quiet, bool Verbose, IReadOnlyList<string>? CommandLine = null, bool SingleFile = false, bool Strict = false)
    {
        /// <summary>Cost-only screen: <c>--set mc.trials=0</c> (only the analytical cost model, streamed).</summary>
        public bool CostOnly { get; init; }

        /// <summary>Screen by cost before the Monte Carlo: <c>--set screen=true</c>.</summary>
        public bool Screen { get; init; }
    }

    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, CancellationToken interrupt, Func<DseSettings> settings, IReadOnlyList<string> args)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Sweep file (JSON). Omitted: the embedded default sweep (sweeps/default.json).", Arity = ArgumentArity.ZeroOrOne };
        var outDir = new Option<string?>("--out") { Description = "Output folder (default: reports/<sweep name>/)." };
        var seed = new Option<string?>("--seed") { Description = "Override mc.seed (integer >= 0)." };
        var set = new Option<string[]>("--set") { Description = "Override a sweep key: KEY=VALUE with KEY a JSON path such as mc.trials (VALUE parsed as JSON, else a string). Repeatable." };
        var threads = new Option<string?>("--threads") { Description = "Worker threads for the Monte Carlo (default: the Threads setting, else the processor count)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out: skip points already in points.jsonl (refused if the sweep changed, unless --force)." };
        var force = new Option<bool>("--force") { Description = "Start over in a folder that holds a run, or resume although the sweep changed." };
        var shard = new Option<string?>("--shard") { Description = "Compute only shard I of N (I/N, 0 <= I < N), e.g. --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT; join shards with 'dse merge'." };
        var quiet = new Option<bool>("--quiet") { Description = "Nothing on stderr but errors." };
        var strict = new Option<bool>("--strict") { Description = "Treat warnings about the device, periphery and baseline files (values outside their typical range: likely unit slips) as errors." };
        var singleFile = new Option<bool>("--single-file") { Description = "Also write report.html: every page in one file with plotly.js inlined, to send by e-mail (about 4 MB)." };
        var verbose = new Option<bool>("--verbose") { Description = "A log line per Monte-Carlo group on stderr (instead of the progress bar)." };
        var costOnly = new Option<bool>("--cost-only") { Description = "Cost-only screen (same as --set mc.trials=0): only the analytical cost model, streamed to points.jsonl and points.csv; no accuracy; writes pareto.csv (energy, area, latency) and summary.json." };
        var screen = new Option<bool>("--screen") { Description = "Screen, then simulate (same as --set screen=true): skip the Monte Carlo of points whose cost is dominated by a point with the same accuracy-relevant settings." };
        var command = new Command("sweep", "Run a design-space sweep: points.jsonl, points.csv, pareto.csv, summary.json and the offline HTML report (index.html).")
        {
            spec, outDir, seed, set, threads, resume, force, shard, quiet, verbose, singleFile, strict, costOnly, screen,
        };
        command.SetAction(parse => Run(new Options(
            parse.GetValue(spec), parse.GetValue(outDir), parse.GetValue(seed), parse.GetValue(set) ?? [], parse.GetValue(threads),
            parse.GetValue(resume), parse.GetValue(force), parse.GetValue(shard), parse.GetValue(quiet), parse.GetValue(verbose), args, parse.GetValue(singleFile), parse.GetValue(strict))
            { CostOnly = parse.GetValue(costOnly), Screen = parse.GetValue(screen) },
            stdout, stderr, interrupt, settings()));
        return command;
    }

    /// <summary>
    /// Runs (or resumes) a sweep. Everything is validated before anything is written, in one pass: command-line options, the
    /// sweep and the model files it names are all checked and every error is reported once.
    /// </summary>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    /// <exception cref="InputException">Bad input.</exception>
    public static int Run(Options options, TextWriter stdout, TextWriter stderr, CancellationToken interrupt, DseSettings settings)
    {
        var errors = new List<InputError>();
        var overrides = ParseSets(options.Sets, errors);
        if (options.Seed is not null)
        {
            if (int.TryParse(options.Seed, NumberStyles.None, CultureInfo.InvariantCulture, out int s)) overrides.Add(("mc.seed", s.ToString(CultureInfo.InvariantCulture)));
            else errors.Add(new InputError("command line", "--seed", null, "an integer >= 0", $"\"{options.Seed}\""));
        }
        int threads = settings.Threads ?? Environment.ProcessorCount;
        if (options.Threads is not null && (!int.TryParse(options.Threads, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out threads) || threads < 1))
            errors.Add(new InputError("command line", "--threads", null, "an integer >= 1", $"\"{options.Threads}\""));
        var shard = options.Shard is null ? null : ParseShard(options.Shard, errors);
        if (options.Quiet && options.Verbose) errors.Add(new InputError("command line", "--quiet", null, "either --quiet or --verbose", "both"));
        if (options.CostOnly && options.Screen)
            errors.Add(new InputError("command line", "--screen", null, "either --cost-only (no Monte Carlo at all) or --screen (a screen before the Monte Carlo)", "both"));
        if (options.CostOnly)
        {
            if (overrides.Any(o => o.Item1 == "mc.trials"))
                errors.Add(new InputError("command line", "--set mc.trials", null, "no mc.trials override with --cost-only (it sets mc.trials = 0)", "both"));
            overrides.Add(("mc.trials", "0"));
        }
        if (options.Screen) overrides.Add(("screen", "true"));

        var library = settings.Library(options.SpecPath);
        var spec = options.SpecPath is null
            ? SweepSpecLoader.Parse("embedded:sweeps/default.json", EmbeddedDefault(), Environment.CurrentDirectory, overrides, library, errors)
            : SweepSpecLoader.Load(options.SpecPath, overrides, library, errors);
        var prepareClock = System.Diagnostics.Stopwatch.StartNew();
        var prepared = PreparedSweep.From(spec);
        prepareClock.Stop();
        var models = spec.Models!;
        var warnings = models.Devices.Values.Select(d => d.SourceFile).Append(models.Periphery.SourceFile).Append(models.Baseline.SourceFile)
            .Distinct().SelectMany(library.Warnings).ToList();
        if (options.Strict && warnings.Count > 0) throw new InputException(warnings.Select(w => w.AsError()).ToList());

        string outDir = Path.GetFullPath(options.OutDir ?? Path.Combine(settings.OutputRoot, spec.Name));
        if (spec.Mc.CostOnly && (options.Resume || shard is not null || options.SingleFile))
            throw new InputException(new InputError(spec.SourceFile, "$.mc.trials", spec.SourceMap.NearestLineOf("$.mc.trials"),
                "a Monte-Carlo sweep (mc.trials >= 1) for --resume, --shard or --single-file; a cost-only screen (mc.trials = 0) streams the whole sweep in one go", "0"));
        var manifest = new RunManifest(spec.SourceFile, spec.BaseDir, spec.Json, shard?.ToString())
        {
            Inputs = RunSummaries.Inputs(prepared.InputFiles, options.SpecPath is null ? spec.SourceFile : null, options.SpecPath is null ? EmbeddedDefault() : null),
            CommandLine = Shell.Join(["dse", .. options.CommandLine ?? []]),
        };
        manifest = CheckOutputFolder(outDir, manifest, options);

        Action<string>? log = options.Quiet ? null : stderr.WriteLine;
        foreach (var warning in warnings) log?.Invoke($"warning: {warning}");
        Directory.CreateDirectory(outDir);
        if (spec.Mc.CostOnly) return RunCostOnly(prepared, manifest, outDir, threads, prepareClock.Elapsed, warnings, options, log, stdout, stderr, interrupt);
        var (completed, dropped) = options.Resume ? RunStore.OpenForResume(outDir) : (new HashSet<string>(StringComparer.Ordinal), 0);
        if (dropped > 0) log?.Invoke($"dropped a torn last line of points.jsonl ({dropped} bytes) from an interrupted run");
        RunStore.WriteManifest(outDir, manifest);
        int todo = Explorer.PointsOfShard(prepared, shard).Count(p => !completed.Contains(p.Key));
        if (todo == 0 && shard is not null && completed.Count == 0)
            log?.Invoke($"shard {shard} has no work: the sweep has fewer Monte-Carlo work units than shards; writing an empty run that 'dse merge' accepts");
        log?.Invoke($"{spec.Name}{(shard is null ? "" : $" shard {shard}")}: {todo} design points to compute" +
            (completed.Count > 0 ? $", {completed.Count} already done" : "") + $", {prepared.Skipped.Count} skipped; {prepared.Workload.Description}");

        var gemm = Dse.Crossbar.Gemm.BackendNamed(settings.Gemm);
        if (spec.Mc.Arithmetic == MmmArithmetic.Int8 && Dse.Crossbar.FixedPointGemm.BestPath == Dse.Crossbar.KernelPath.Scalar)
            log?.Invoke("mc.arithmetic int8: this machine has no AVX2, so the fixed-point products run a scalar loop (the same numbers, slower than \"float\")");
        SweepResult result;
        using (var sink = new JsonlPointSink(Path.Combine(outDir, RunStore.PointsFile), append: options.Resume))
        {
            var runOptions = new RunOptions(threads, completed, shard, options.Verbose ? log : null, Gemm: gemm);
            result = options.Quiet || options.Verbose || Console.IsErrorRedirected || stderr != Console.Error
                ? Explorer.Run(prepared, sink, runOptions, interrupt)
                : ProgressDisplay.Run(todo, progress => Explorer.Run(prepared, sink, runOptions with { Progress = progress }, interrupt));
        }
        if (result.Cancelled)
        {
            stderr.WriteLine($"Interrupted: {result.PointsComputed} of {todo} points written to {Path.Combine(outDir, RunStore.PointsFile)}; " +
                $"continue with: {ResumeCommand(options.CommandLine ?? [], outDir)}");
            return ExitCodes.Cancelled;
        }

        int count = RunStore.CountPoints(outDir);
        var summary = RunSummaries.Of(prepared, result, count, shard?.ToString(), threads,
            new Dictionary<string, double> { ["prepareS"] = prepareClock.Elapsed.TotalSeconds, ["evaluateS"] = result.WallTime.TotalSeconds },
            Dse.Crossbar.Gemm.Describe(spec.Mc.Arithmetic == MmmArithmetic.Int8 ? Dse.Crossbar.GemmBackend.Int8 : gemm), manifest);
        summary = summary with { Warnings = warnings.Select(w => w.ToString()).ToArray() };
        // The reports stream points.jsonl back (two passes) instead of holding every point: memory stays flat as the sweep grows.
        var stored = new StoredRun(spec, PointSource.File(Path.Combine(outDir, RunStore.PointsFile)), summary, RunStore.ReadRecord<SelectionRecord>(Path.Combine(outDir, RunStore.SelectionFile)));
        var (run, written) = ReportSet.WriteAll(stored, outDir, log, options.SingleFile ? [.. ReportSet.Writers, new Dse.Reports.Html.SingleFileReport()] : null);

        double pointsPerS = result.PointsComputed / Math.Max(1e-9, result.WallTime.TotalSeconds);
        stdout.WriteLine($"{result.PointsComputed} points computed ({count} in the run, {prepared.Skipped.Count} skipped) in {result.WallTime.TotalSeconds:F1} s " +
            $"({pointsPerS:F1} points/s); Pareto front: {run.Front.Count} points");
        stdout.WriteLine($"reports in {outDir}: {string.Join(", ", written.Files)}");
        return written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }

    /// <summary>
    /// Runs a cost-only screen (<c>mc.trials = 0</c>): streams points.jsonl and points.csv, then writes pareto.csv and summary.json
    /// and prints the front's short summary. No HTML pages (<c>dse report</c> writes index.html from the folder); the pages of an
    /// earlier run in the folder (<c>--force</c>) are removed.
    /// </summary>
    private static int RunCostOnly(PreparedSweep prepared, RunManifest manifest, string outDir, int threads, TimeSpan prepare,
        IReadOnlyList<Dse.Diagnostics.InputWarning> warnings, Options options, Action<string>? log, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var spec = prepared.Spec;
        RunStore.WriteManifest(outDir, manifest);
        // A --force over a Monte-Carlo run must not leave its pages, summary or selection beside the screen's files.
        foreach (var stale in ReportSet.Writers.Select(w => w.FileName).Concat([RunStore.SummaryFile, RunStore.SelectionFile, new Dse.Reports.Html.SingleFileReport().FileName]))
            File.Delete(Path.Combine(outDir, stale));
        long total = prepared.Space.Count;
        log?.Invoke($"{spec.Name}: cost-only screen of {total} design points (accuracy not simulated); {prepared.Workload.Description}");
        CostScreenResult result;
        using (var files = new CostScreenFiles(outDir))
        {
            var runOptions = new RunOptions(threads, new HashSet<string>(), Log: options.Verbose ? log : null);
            result = options.Quiet || options.Verbose || Console.IsErrorRedirected || stderr != Console.Error
                ? CostScreen.Run(prepared, files, runOptions, interrupt)
                : ProgressDisplay.Run((int)Math.Min(int.MaxValue, total), progress => CostScreen.Run(prepared, files, runOptions with { Progress = progress }, interrupt));
        }
        if (result.Sweep.Cancelled)
        {
            stderr.WriteLine($"Interrupted: {result.PointsComputed} of {total} points written to {Path.Combine(outDir, RunStore.PointsFile)}; a cost-only screen reruns from the start (--force).");
            return ExitCodes.Cancelled;
        }
        var components = CostScreen.CsvComponents;
        AtomicFile.Write(Path.Combine(outDir, "pareto.csv"), s => CsvWriter.Write(s, result.Front, components));
        var summary = RunSummaries.OfCostScreen(prepared, result, threads,
            new Dictionary<string, double> { ["prepareS"] = prepare.TotalSeconds, ["evaluateS"] = result.Sweep.WallTime.TotalSeconds }, manifest)
            with { Warnings = warnings.Select(w => w.ToString()).ToArray() };
        RunStore.WriteRecord(Path.Combine(outDir, RunStore.SummaryFile), summary);

        var inv = CultureInfo.InvariantCulture;
        double pointsPerS = result.PointsComputed / Math.Max(1e-9, result.Sweep.WallTime.TotalSeconds);
        stdout.WriteLine(string.Create(inv, $"{result.PointsComputed} points costed ({result.SkippedPoints} skipped) in {result.Sweep.WallTime.TotalSeconds:F1} s " +
            $"({pointsPerS:F0} points/s); accuracy not simulated (cost-only screen)"));
        stdout.WriteLine($"Pareto front over {string.Join(" / ", spec.Objectives.Select(o => o.Name))}: {result.Front.Count} points; best " +
            string.Join(", ", summary.CostOnly!.Best.Select(b => string.Create(inv, $"{b.Key} {b.Value:G4} {spec.Objectives.First(o => o.Name == b.Key).Unit}"))));
        stdout.WriteLine($"results in {outDir}: points.jsonl, points.csv, pareto.csv, summary.json");
        return ExitCodes.Success;
    }

    /// <summary>
    /// Refuses to overwrite a run without <c>--force</c>, and to resume a run of a different sweep or shard, or whose input files
    /// changed since it started, without it; nothing is written before these checks. With <c>--force</c> a resume over changed
    /// inputs goes on and the manifest records the mix (it reaches <c>summary.json</c>).
    /// </summary>
    /// <returns>The manifest to write.</returns>
    private static RunManifest CheckOutputFolder(string outDir, RunManifest manifest, Options options)
    {
        if (File.Exists(outDir)) throw new InputException(new InputError(outDir, "--out", null, "a folder for the run", "a file"));
        int existing = Directory.Exists(outDir) ? RunStore.CountPoints(outDir) : 0;
        var previous = Directory.Exists(outDir) ? RunStore.ReadManifest(outDir) : null;
        if (!options.Resume)
        {
            if ((existing > 0 || previous is not null) && !options.Force)
                throw new InputException(new InputError(outDir, "--out", null,
                    "an output folder without a run in it (use --resume to continue this run, or --force to start it over)",
                    $"a run with {existing} points"));
            return manifest;
        }
        if (previous is null) return manifest;
        var changed = RunStore.ChangedInputs(previous.Inputs, manifest.Inputs);
        var mixed = manifest with { MixedInputs = [.. previous.MixedInputs, .. changed] };
        if (options.Force) return mixed;
        var errors = new List<InputError>();
        var differences = RunStore.Differences(previous.Spec, manifest.Spec);
        if (previous.Shard != manifest.Shard) differences = [.. differences, $"shard ({previous.Shard ?? "none"} -> {manifest.Shard ?? "none"})"];
        if (differences.Count > 0)
            errors.Add(new InputError(Path.Combine(outDir, RunStore.ManifestFile), "spec", null,
                "the same sweep as the run being resumed (or --force)", "changes at " + string.Join(", ", differences)));
        foreach (var file in changed)
            errors.Add(new InputError(Path.Combine(outDir, RunStore.ManifestFile), "inputs", null,
                "the input files the run started with (or --force, which records the mix in summary.json)", "a changed file: " + file));
        if (errors.Count > 0) throw new InputException(errors);
        return mixed;
    }

    /// <summary>The command that continues an interrupted run: the original one with <c>--resume</c> (and <c>--out</c>), without <c>--force</c>.</summary>
    internal static string ResumeCommand(IReadOnlyList<string> args, string outDir)
    {
        var kept = args.Where(a => a != "--force").ToList();
        if (!kept.Contains("--out")) kept.AddRange(["--out", outDir]);
        if (!kept.Contains("--resume")) kept.Add("--resume");
        return Shell.Join(["dse", .. kept]);
    }

    private static ShardSpec? ParseShard(string text, List<InputError> errors)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && i < n)
            return new ShardSpec(i, n);
        errors.Add(new InputError("command line", "--shard", null, "I/N with 0 <= I < N (e.g. 0/4)", $"\"{text}\""));
        return null;
    }

    private static List<(string, string)> ParseSets(IReadOnlyList<string> sets, List<InputError> errors)
    {
        var result = new List<(string, string)>();
        foreach (var s in sets)
        {
            int eq = s.IndexOf('=');
            if (eq <= 0) errors.Add(new InputError("command line", "--set", null, "KEY=VALUE with KEY a JSON path such as mc.trials", $"\"{s}\""));
            else result.Add((s[..eq], s[(eq + 1)..]));
        }
        return result;
    }

    /// <summary>The text of the default sweep embedded in the binary.</summary>
    internal static string EmbeddedDefault()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dse.Cli.default.json")
            ?? throw new InvalidOperationException("The embedded default sweep is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
