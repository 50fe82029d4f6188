using System.Diagnostics;
using System.Globalization;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Runs;
using Dse.Reports.Html;
using Dse.Reports;
using Dse.Pareto;

namespace Dse.Pipeline;

/// <summary>What a per-slice ADC search did.</summary>
/// <param name="OutDir">Where its tables and page went (full path).</param>
/// <param name="Run">The run searched.</param>
/// <param name="RunPoints">Its points.</param>
/// <param name="Result">Verified designs, solves, front and rank correlations.</param>
/// <param name="Gains">Best homogeneous against best per-slice design per device and accuracy target.</param>
/// <param name="Written">The files written.</param>
/// <param name="Time">Wall time of the search.</param>
/// <param name="PhaseSeconds">Thread-seconds of the search's Monte Carlo per engine phase, in the phases' order.</param>
public sealed record SearchOutcome(string OutDir, StoredRun Run, IReadOnlyList<PointResult> RunPoints, PerSliceSearchResult Result, IReadOnlyList<PerSliceGain> Gains, IReadOnlyList<string> Written,
    TimeSpan Time, IReadOnlyList<(EnginePhase Phase, double Seconds)> PhaseSeconds)
{
    /// <summary>Heterogeneous assignments verified (the per-slice designs <c>dse select</c> weighs).</summary>
    public int Heterogeneous => Result.Verified.Count(v => !v.Bits.IsHomogeneous);

    /// <summary>Of the final front's points, those with a heterogeneous assignment.</summary>
    public int HeterogeneousOnFront
    {
        get
        {
            var keys = Result.Verified.Where(v => !v.Bits.IsHomogeneous).Select(v => v.Result.Key).ToHashSet(StringComparer.Ordinal);
            return Result.Front.Count(p => keys.Contains(p.Key));
        }
    }
}

/// <summary>
/// <c>dse search</c>: per-slice ADC resolutions for every base design of a Monte-Carlo run, found by OR-Tools CP-SAT on a per-slice
/// error surrogate and verified by the exact Monte Carlo on the run's chips (<see cref="PerSliceExploration"/>); writes the tables
/// (<see cref="PerSliceSearchFiles"/>) and the search page beside the run, whose folder stays as the sweep wrote it.
/// </summary>
public static class SearchRun
{
    /// <summary>The accuracy targets of the gains table.</summary>
    public static IReadOnlyList<double> Targets { get; } = [0.9, 0.95, 0.99];

    /// <summary>Searches the run in <paramref name="runDir"/>, as <c>dse search</c> does.</summary>
    /// <param name="runDir">A Monte-Carlo run folder.</param>
    /// <param name="search">What to search; its surrogate trials must be in <c>1 .. mc.trials</c> of the run.</param>
    /// <param name="threads">Monte-Carlo worker threads, &gt;= 1.</param>
    /// <param name="libraryNear">The device library for the run's sweep file (its folder is searched first).</param>
    /// <param name="outDir">Output folder; null: <c>RUN_DIR-search</c> beside the run.</param>
    /// <param name="log">Receives warnings and progress; null: none.</param>
    /// <exception cref="InputException">No run in the folder, a cost-only run, surrogate trials out of range, or bad model files.</exception>
    public static SearchOutcome Run(string runDir, SearchSettings search, int threads, Func<string, DeviceLibrary> libraryNear, string? outDir, Action<string>? log)
    {
        var run = RunStore.Open(runDir, w => log?.Invoke($"warning: {w}"));
        var manifest = RunStore.ReadManifest(runDir)!;
        if (run.Spec.Mc.CostOnly)
            throw new InputException(new InputError(runDir, "$.mc.trials", null, "a Monte-Carlo run (mc.trials >= 1): the search verifies its designs on the run's chips", "a cost-only run"));
        if (search.SurrogateTrials < 1 || search.SurrogateTrials > run.Spec.Mc.Trials)
            throw new InputException(new InputError("command line", "--surrogate-trials", null, $"an integer in 1..{run.Spec.Mc.Trials} (the run's mc.trials)",
                search.SurrogateTrials.ToString(CultureInfo.InvariantCulture)));
        var library = libraryNear(Path.Combine(manifest.BaseDir, Path.GetFileName(manifest.SpecFile)));
        var spec = SweepSpecLoader.Parse(manifest.SpecFile, manifest.Spec.ToJsonString(), manifest.BaseDir, library: library);
        var prepared = PreparedSweep.From(spec);
        var changed = RunStore.ChangedInputs(manifest.Inputs, RunSummaries.Inputs(prepared.InputFiles, null, null));
        if (changed.Count > 0) log?.Invoke($"warning: inputs changed since the run (its homogeneous points may differ from this search's): {string.Join(", ", changed)}");
        string folder = Path.GetFullPath(outDir ?? Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDir)) + "-search");
        return Search(run, prepared, search, threads, folder, log);
    }

    /// <summary>
    /// The sweep file's <c>search</c> block (<see cref="SweepSpec.Search"/>), run by <see cref="SweepRun"/> on the run folder it has just
    /// finished, with the sweep it prepared: what <c>dse search RUN_DIR --out RUN_DIR</c> would do, its files written into the run folder.
    /// </summary>
    /// <param name="runDir">The finished run folder (full path).</param>
    /// <param name="prepared">The run's prepared sweep, with a search block whose settings the loader checked.</param>
    /// <param name="threads">Monte-Carlo worker threads, &gt;= 1.</param>
    /// <param name="log">Receives warnings and progress; null: none.</param>
    internal static SearchOutcome AfterSweep(string runDir, PreparedSweep prepared, int threads, Action<string>? log)
        => Search(RunStore.Open(runDir, w => log?.Invoke($"warning: {w}")), prepared, prepared.Spec.Search!, threads, runDir, log);

    private static SearchOutcome Search(StoredRun run, PreparedSweep prepared, SearchSettings search, int threads, string folder, Action<string>? log)
    {
        var clock = Stopwatch.StartNew();
        var counters = new EngineCounters();
        var points = run.Points.ReadAll();
        var result = PerSliceExploration.Run(prepared, points, PerSliceSearchSpec.Of(search), threads, log, counters);
        clock.Stop();
        var gains = PerSliceSearchFiles.Gains(result.Verified, Targets);
        var written = PerSliceSearchFiles.Write(folder, result, gains).Append(SearchPage.FileName).ToList();
        SearchPage.Write(folder, run.Spec.Name, result, gains);
        return new SearchOutcome(folder, run, points, result, gains, written, clock.Elapsed, Enum.GetValues<EnginePhase>().Select(p => (p, counters.Seconds(p))).ToArray());
    }

    /// <summary>Every file a search writes into its folder: the tables, the per-slice designs and the page.</summary>
    public static IReadOnlyList<string> Files { get; } = [.. PerSliceSearchFiles.Files, SearchPage.FileName];
}
