using System.CommandLine;
using System.Globalization;
using Dse.Cli.Settings;
using Dse.Costs;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Pipeline;
using Dse.Runs;
using Dse.Pareto;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse search RUN_DIR [--adc-bits 3,4,...,9] [--epsilon-steps N] [--objectives energy,area] [--surrogate-trials T] [--sample K]
/// [--seed S] [--workers W] [--max-time-s X] [--threads N] [--out DIR] [--quiet]</c>: per-slice ADC resolutions for every base design
/// of a run, found by OR-Tools CP-SAT on a per-slice error surrogate and verified by the exact Monte Carlo on the run's chips
/// (docs/models.md, 'Per-slice ADC resolution').
/// </summary>
public static class SearchCommand
{
    /// <summary>Options of <c>dse search</c>.</summary>
    /// <param name="RunDir">The run folder (a Monte-Carlo sweep).</param>
    /// <param name="AdcBits">Candidate resolutions per slice, comma-separated.</param>
    /// <param name="EpsilonSteps">Epsilons per CP-SAT sweep, &gt;= 2.</param>
    /// <param name="Objectives">energy, area or both, comma-separated.</param>
    /// <param name="SurrogateTrials">Chips of the surrogate pass, 1..mc.trials.</param>
    /// <param name="Sample">Random assignments per base design verified for the surrogate's rank correlation, &gt;= 0.</param>
    /// <param name="Seed">CP-SAT random seed and the sample's seed, &gt;= 0.</param>
    /// <param name="Workers">CP-SAT workers, &gt;= 1.</param>
    /// <param name="MaxTimeS">CP-SAT time limit per solve, s, &gt; 0.</param>
    /// <param name="Threads">Monte-Carlo worker threads; null: the Threads setting, else the processor count.</param>
    /// <param name="OutDir">Output folder; null: <c>RUN_DIR-search</c> beside the run (the run folder stays as the sweep wrote it).</param>
    /// <param name="Quiet">Nothing on stderr but errors.</param>
    /// <remarks>The defaults are <see cref="SearchSettings.Default"/>'s, those of a sweep file's <c>search</c> block.</remarks>
    public sealed record Options(string RunDir, string AdcBits = "3,4,5,6,7,8,9", int EpsilonSteps = SearchSettings.DefaultEpsilonSteps, string Objectives = "energy,area",
        int SurrogateTrials = SearchSettings.DefaultSurrogateTrials, int Sample = SearchSettings.DefaultSample, int Seed = SearchSettings.DefaultSeed,
        int Workers = SearchSettings.DefaultWorkers, double MaxTimeS = SearchSettings.DefaultMaxTimeS, int? Threads = null, string? OutDir = null, bool Quiet = false);

    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var defaults = new Options("");
        var runDir = new Argument<string>("RUN_DIR") { Description = "Output folder of a Monte-Carlo sweep (holding run.json and points.jsonl)." };
        var adcBits = new Option<string>("--adc-bits") { Description = "Candidate ADC resolutions per bit slice, comma-separated; the highest is the surrogate's reference (error 0).", DefaultValueFactory = _ => defaults.AdcBits };
        var steps = new Option<int>("--epsilon-steps") { Description = "Epsilons of each CP-SAT epsilon-constraint sweep.", DefaultValueFactory = _ => defaults.EpsilonSteps };
        var objectives = new Option<string>("--objectives") { Description = "What CP-SAT minimises: energy, area or energy,area (one sweep each).", DefaultValueFactory = _ => defaults.Objectives };
        var surrogateTrials = new Option<int>("--surrogate-trials") { Description = "Chips of the surrogate pass (the run's first chips).", DefaultValueFactory = _ => defaults.SurrogateTrials };
        var sample = new Option<int>("--sample") { Description = "Random assignments per base design also verified, for the surrogate's rank correlation.", DefaultValueFactory = _ => defaults.Sample };
        var seed = new Option<int>("--seed") { Description = "CP-SAT random_seed and the sample's seed.", DefaultValueFactory = _ => defaults.Seed };
        var workers = new Option<int>("--workers") { Description = "CP-SAT num_workers (1: deterministic).", DefaultValueFactory = _ => defaults.Workers };
        var maxTime = new Option<double>("--max-time-s") { Description = "CP-SAT time limit per solve, seconds.", DefaultValueFactory = _ => defaults.MaxTimeS };
        var threads = new Option<int?>("--threads") { Description = "Worker threads for the Monte Carlo (default: the Threads setting, else the processor count)." };
        var outDir = new Option<string?>("--out") { Description = "Output folder (default: RUN_DIR-search, beside the run folder)." };
        var quiet = new Option<bool>("--quiet") { Description = "Nothing on stderr but errors." };
        var command = new Command("search", "Find per-bit-slice ADC resolutions for every base design of a run with OR-Tools CP-SAT (an epsilon-constraint sweep on a per-slice error surrogate) and verify each by the exact Monte Carlo on the run's chips.")
        {
            runDir, adcBits, steps, objectives, surrogateTrials, sample, seed, workers, maxTime, threads, outDir, quiet,
        };
        command.SetAction(parse => Run(new Options(parse.GetValue(runDir)!, parse.GetValue(adcBits)!, parse.GetValue(steps), parse.GetValue(objectives)!,
            parse.GetValue(surrogateTrials), parse.GetValue(sample), parse.GetValue(seed), parse.GetValue(workers), parse.GetValue(maxTime),
            parse.GetValue(threads), parse.GetValue(outDir), parse.GetValue(quiet)), stdout, stderr, settings()));
        return command;
    }

    /// <summary>Runs the search and writes its tables (<see cref="PerSliceSearchFiles"/>).</summary>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    /// <exception cref="InputException">Bad options, no run in the folder, or a cost-only run.</exception>
    public static int Run(Options o, TextWriter stdout, TextWriter stderr, DseSettings settings)
    {
        var inv = CultureInfo.InvariantCulture;
        var errors = new List<InputError>();
        void Bad(string option, string expected, string found) => errors.Add(new InputError("command line", option, null, expected, found));
        var bits = o.AdcBits.Split(',').Select(t => int.TryParse(t.Trim(), NumberStyles.None, inv, out int b) && AdcResolution.Bits.Contains(b) ? b : -1).ToArray();
        if (bits.Contains(-1) || bits.Distinct().Count() != bits.Length) Bad("--adc-bits", $"distinct ADC resolutions in {AdcResolution.Bits}, comma-separated (e.g. 3,4,5,6,7,8,9)", $"\"{o.AdcBits}\"");
        var objectives = o.Objectives.Split(',').Select(t => t.Trim()).ToArray();
        if (objectives.Any(t => !SearchSettings.ObjectiveNames.Contains(t)) || objectives.Distinct().Count() != objectives.Length) Bad("--objectives", "energy, area or energy,area", $"\"{o.Objectives}\"");
        if (o.EpsilonSteps < 2) Bad("--epsilon-steps", "an integer >= 2", o.EpsilonSteps.ToString(inv));
        if (o.Sample < 0) Bad("--sample", "an integer >= 0", o.Sample.ToString(inv));
        if (o.Seed < 0) Bad("--seed", "an integer >= 0", o.Seed.ToString(inv));
        if (o.Workers < 1) Bad("--workers", "an integer >= 1", o.Workers.ToString(inv));
        if (!(o.MaxTimeS > 0) || double.IsInfinity(o.MaxTimeS)) Bad("--max-time-s", "a positive number of seconds", o.MaxTimeS.ToString(inv));
        int threads = o.Threads ?? settings.Threads ?? Environment.ProcessorCount;
        if (threads < 1) Bad("--threads", "an integer >= 1", threads.ToString(inv));
        if (errors.Count > 0) throw new InputException(errors);

        var searchSettings = new SearchSettings(bits, o.EpsilonSteps, objectives, o.SurrogateTrials, o.Sample, o.Seed, o.Workers, o.MaxTimeS);
        var search = SearchRun.Run(o.RunDir, searchSettings, threads, settings.Library, o.OutDir, o.Quiet ? null : stderr.WriteLine);
        var (run, result, gains) = (search.Run, search.Result, search.Gains);

        var solveTimes = result.Solves.Select(s => s.Solve.WallTimeS).Order().ToArray();
        var statuses = result.Solves.GroupBy(s => s.Solve.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        double? sweepS = run.Summary?.TimingsS.GetValueOrDefault(RunTimings.Evaluate);
        stdout.WriteLine(Inv($"{result.Verified.Select(v => v.BaseKey).Distinct().Count()} base designs; {search.Heterogeneous} heterogeneous assignments verified on {run.Spec.Mc.Trials} chips x {search.RunPoints[0].Queries} queries; ") + Inv($"front: {result.Front.Count} points, {search.HeterogeneousOnFront} heterogeneous"));
        stdout.WriteLine(Inv($"time {search.Time.TotalSeconds:F1} s (surrogate {result.SurrogateTime.TotalSeconds:F1} s, CP-SAT {result.SolveTime.TotalSeconds:F1} s, ") +
            Inv($"verification {result.VerifyTime.TotalSeconds:F1} s)") + (sweepS is double s ? Inv($"; the run's sweep took {s:F1} s: {search.Time.TotalSeconds / s:F2}x") : ""));
        stdout.WriteLine("Monte-Carlo phases (thread-seconds): " + string.Join(", ", search.PhaseSeconds.Select(p => Inv($"{p.Phase} {p.Seconds:F1} s"))));
        stdout.WriteLine(Inv($"CP-SAT: {result.Solves.Count} solves ({string.Join(", ", statuses)}), median {Median(solveTimes) * 1e3:F1} ms, max {solveTimes.DefaultIfEmpty().Max() * 1e3:F1} ms"));
        stdout.WriteLine(Inv($"run points reproduced: {result.RunPointsChecked - result.RunPointsDiffering} of {result.RunPointsChecked}"));
        var sampledRho = result.Correlations.Select(c => c.WithAccuracy).Where(double.IsFinite).Order().ToArray();
        var chosenRho = result.Correlations.Select(c => c.ChosenWithAccuracy).Where(double.IsFinite).Order().ToArray();
        stdout.WriteLine(Inv($"surrogate rank correlation (Spearman, error vs accuracy; -1 ranks perfectly), median over base designs: chosen assignments {Median(chosenRho):F3} ({chosenRho.Length} base designs)") +
            (sampledRho.Length > 0 ? Inv($", random sample {Median(sampledRho):F3} ({sampledRho.Length})") : ""));
        foreach (var g in gains.Where(g => g.Saving is > 0))
            stdout.WriteLine(Inv($"  {g.Device} accuracy >= {g.Target}: {g.Objective} {g.Value(g.Homogeneous!):G4} -> {g.Value(g.Heterogeneous!):G4} ({g.Saving:P1}) with {g.Heterogeneous!.Bits} ({g.Heterogeneous.Result.Key})"));
        stdout.WriteLine($"wrote {string.Join(", ", search.Written)} in {search.OutDir}");
        return ExitCodes.Success;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static double Median(double[] sorted) => sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
