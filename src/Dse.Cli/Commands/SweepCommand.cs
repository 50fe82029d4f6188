using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Dse.Cli.Settings;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Runs;
using Dse.Pipeline;
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

        /// <summary>Race the design points: <c>--set mc.racing=true</c>.</summary>
        public bool Race { get; init; }
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
        var race = new Option<bool>("--race") { Description = "Race the design points (same as --set mc.racing=true): every point starts with mc.minTrials chips; after each rung, points beaten with confidence by a cheaper one are retired (kept in points.csv with retiredAt); survivors run to mc.trials." };
        var screen = new Option<bool>("--screen") { Description = "Screen, then simulate (same as --set screen=true): skip the Monte Carlo of points whose cost is dominated by a point with the same accuracy-relevant settings." };
        var command = new Command("sweep", "Run a design-space sweep: points.jsonl, points.csv, pareto.csv, summary.json and the offline HTML report (index.html).")
        {
            spec, outDir, seed, set, threads, resume, force, shard, quiet, verbose, singleFile, strict, costOnly, screen, race,
        };
        command.SetAction(parse => Run(new Options(
            parse.GetValue(spec), parse.GetValue(outDir), parse.GetValue(seed), parse.GetValue(set) ?? [], parse.GetValue(threads),
            parse.GetValue(resume), parse.GetValue(force), parse.GetValue(shard), parse.GetValue(quiet), parse.GetValue(verbose), args, parse.GetValue(singleFile), parse.GetValue(strict))
            { CostOnly = parse.GetValue(costOnly), Screen = parse.GetValue(screen), Race = parse.GetValue(race) },
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
        if (options.Race) overrides.Add(("mc.racing", "true"));

        var library = settings.Library(options.SpecPath);
        string? embedded = options.SpecPath is null ? EmbeddedDefault() : null;
        var spec = embedded is not null
            ? SweepSpecLoader.Parse("embedded:sweeps/default.json", embedded, Environment.CurrentDirectory, overrides, library, errors)
            : SweepSpecLoader.Load(options.SpecPath!, overrides, library, errors);
        string outDir = Path.GetFullPath(options.OutDir ?? Path.Combine(settings.OutputRoot, spec.Name));
        Action<string>? log = options.Quiet ? null : stderr.WriteLine;
        var run = SweepRun.Prepare(spec, new SweepRequest(outDir, options.Resume, options.Force, shard, Shell.Join([.. Shell.Invocation(), .. options.CommandLine ?? []]),
            options.Strict, options.SingleFile, embedded), log);
        run.Open(log);
        var evaluate = new EvaluateOptions(threads, settings.Gemm, log, options.Verbose);
        var outcome = options.Quiet || options.Verbose || Console.IsErrorRedirected || stderr != Console.Error
            ? run.Execute(evaluate, interrupt)
            : ProgressDisplay.Run((int)Math.Min(int.MaxValue, run.PointsToCompute), progress => run.Execute(evaluate with { Progress = progress }, interrupt));
        return spec.Mc.CostOnly ? PrintCostOnly(outcome, spec, stdout, stderr) : PrintMonteCarlo(outcome, options, stdout, stderr);
    }

    private static int PrintMonteCarlo(SweepOutcome outcome, Options options, TextWriter stdout, TextWriter stderr)
    {
        if (outcome.Cancelled)
        {
            stderr.WriteLine($"Interrupted: {outcome.PointsComputed} of {outcome.PointsToCompute} points written to {Path.Combine(outcome.OutDir, RunStore.PointsFile)}; " +
                $"continue with: {ResumeCommand(options.CommandLine ?? [], outcome.OutDir)}");
            return ExitCodes.Cancelled;
        }
        double pointsPerS = outcome.PointsComputed / Math.Max(1e-9, outcome.EvaluateTime.TotalSeconds);
        stdout.WriteLine($"{outcome.PointsComputed} points computed ({outcome.PointsInRun} in the run, {outcome.Skipped} skipped) in {outcome.EvaluateTime.TotalSeconds:F1} s " +
            $"({pointsPerS:F1} points/s); Pareto front: {outcome.FrontPoints} points");
        stdout.WriteLine($"reports in {outcome.OutDir}: {string.Join(", ", outcome.Written.Files)}");
        if (outcome.Search is { } search)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per-slice search: {search.Heterogeneous} per-slice ADC designs verified in {search.Time.TotalSeconds:F1} s; ") +
                $"front of every design found: {search.Result.Front.Count} points, {search.HeterogeneousOnFront} per-slice (dse select weighs them); wrote {string.Join(", ", search.Written)}");
        return outcome.Written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }

    private static int PrintCostOnly(SweepOutcome outcome, SweepSpec spec, TextWriter stdout, TextWriter stderr)
    {
        if (outcome.Cancelled)
        {
            stderr.WriteLine($"Interrupted: {outcome.PointsComputed} of {outcome.PointsToCompute} points written to {Path.Combine(outcome.OutDir, RunStore.PointsFile)}; a cost-only screen reruns from the start (--force).");
            return ExitCodes.Cancelled;
        }
        var inv = CultureInfo.InvariantCulture;
        double pointsPerS = outcome.PointsComputed / Math.Max(1e-9, outcome.EvaluateTime.TotalSeconds);
        stdout.WriteLine(string.Create(inv, $"{outcome.PointsComputed} points costed ({outcome.Skipped} skipped) in {outcome.EvaluateTime.TotalSeconds:F1} s " +
            $"({pointsPerS:F0} points/s); accuracy not simulated (cost-only screen)"));
        stdout.WriteLine($"Pareto front over {string.Join(" / ", spec.Objectives.Select(o => o.Name))}: {outcome.FrontPoints} points; best " +
            string.Join(", ", outcome.Summary!.CostOnly!.Best.Select(b => $"{b.Key} {Quantity.Format(b.Value, spec.Objectives.First(o => o.Name == b.Key).Unit)}")));
        stdout.WriteLine($"results in {outcome.OutDir}: {string.Join(", ", outcome.Written.Files)}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The command that continues an interrupted run: the original one with <c>--resume</c> (and <c>--out</c>), without
    /// <c>--force</c>, started the way this one was (<paramref name="invocation"/>, default <see cref="Shell.Invocation"/>).
    /// </summary>
    internal static string ResumeCommand(IReadOnlyList<string> args, string outDir, IReadOnlyList<string>? invocation = null)
    {
        var kept = args.Where(a => a != "--force").ToList();
        if (!kept.Contains("--out")) kept.AddRange(["--out", outDir]);
        if (!kept.Contains("--resume")) kept.Add("--resume");
        return Shell.Join([.. invocation ?? Shell.Invocation(), .. kept]);
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
