using System.Diagnostics;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Runs;
using Dse.Reports;
using Dse.Pareto;

namespace Dse.Pipeline;

/// <summary>What a sweep invocation did.</summary>
/// <param name="OutDir">The run folder.</param>
/// <param name="Cancelled">Stopped early on request: the points computed are complete and written; the reports were not.</param>
/// <param name="PointsToCompute">Points this invocation had to compute (a cost-only screen: every point of the design space).</param>
/// <param name="PointsComputed">Points this invocation computed.</param>
/// <param name="PointsInRun">Points in the run folder now (computed before a resume included).</param>
/// <param name="Skipped">Points that cannot be realised.</param>
/// <param name="EvaluateTime">Wall time of the evaluation.</param>
/// <param name="FrontPoints">Points on the Pareto front under the sweep's objectives.</param>
/// <param name="Written">The files written at the end (reports, tables, summary).</param>
/// <param name="Summary">The run's summary (null when cancelled).</param>
/// <param name="Search">The per-slice search the sweep file's <c>search</c> block ran on the run folder after the reports; null when it has
/// none, in a shard (the merged run is searched) and when cancelled.</param>
public sealed record SweepOutcome(string OutDir, bool Cancelled, long PointsToCompute, int PointsComputed, int PointsInRun, int Skipped, TimeSpan EvaluateTime,
    int FrontPoints, WrittenReports Written, RunSummary? Summary, SearchOutcome? Search = null);

/// <summary>
/// One sweep into its run folder, the way every command runs one: <see cref="Prepare"/> checks everything and writes nothing;
/// <see cref="Open"/> claims the folder (manifest, resume); <see cref="Execute"/> evaluates the points (Monte Carlo, or the
/// cost model alone for a cost-only screen), streaming each result to <c>points.jsonl</c>, finishes the run through the
/// report writers (<see cref="ReportSet"/>) and runs the sweep file's per-slice search on it (<see cref="SearchRun.AfterSweep"/>).
/// </summary>
public sealed class SweepRun
{
    private readonly SweepRequest _request;
    private readonly TimeSpan _prepareTime;
    private RunManifest _manifest;
    private IReadOnlySet<string> _completed = new HashSet<string>(StringComparer.Ordinal);
    private IReadOnlyList<DesignPoint> _todo = [];
    private bool _opened;

    private SweepRun(PreparedSweep prepared, SweepRequest request, RunManifest manifest, IReadOnlyList<InputWarning> warnings, TimeSpan prepareTime)
    {
        Prepared = prepared;
        _request = request;
        _manifest = manifest;
        Warnings = warnings;
        _prepareTime = prepareTime;
    }

    /// <summary>The prepared sweep: models, workload, design points.</summary>
    public PreparedSweep Prepared { get; }

    /// <summary>Warnings about the model files (values outside their typical range: likely unit slips).</summary>
    public IReadOnlyList<InputWarning> Warnings { get; }

    /// <summary>The run folder (full path).</summary>
    public string OutDir => _request.OutDir;

    /// <summary>Points this invocation computes (known after <see cref="Open"/>): this shard's points not yet in the folder, or every point of a cost-only screen.</summary>
    public long PointsToCompute { get; private set; }

    /// <summary>
    /// Checks the model files' values (<see cref="TypicalRanges"/>: reported to <paramref name="log"/> first, refused under
    /// <see cref="SweepRequest.Strict"/>), then loads the workload, expands and checks the design points (a check there, such as
    /// <see cref="Feasibility.WireErrors"/>, can refuse the sweep after the warnings are out) and the run folder
    /// (<see cref="RunFolder.CheckForSweep"/>). Nothing is written.
    /// </summary>
    /// <param name="spec">A sweep read with a device library.</param>
    /// <param name="request">Where and how to run.</param>
    /// <param name="log">Receives the model files' warnings (<c>warning: file:line: at path: ...</c>) as soon as they are found; null: none.</param>
    /// <exception cref="InputException">Bad input, an occupied or different run folder, a strict warning, or a cost-only sweep asked to resume, shard or write a single file.</exception>
    /// <exception cref="InvalidOperationException">The sweep was read without a device library.</exception>
    public static SweepRun Prepare(SweepSpec spec, SweepRequest request, Action<string>? log = null)
    {
        var models = spec.Models ?? throw new InvalidOperationException("Read the sweep with a device library to run it.");
        var warnings = models.Devices.Values.Select(d => (File: d.SourceFile, Kind: ModelFileKind.Device))
            .Append((File: models.Periphery.SourceFile, Kind: ModelFileKind.Periphery)).Append((File: models.Baseline.SourceFile, Kind: ModelFileKind.Baseline))
            .Distinct().SelectMany(f => TypicalRanges.Check(f.File, f.Kind)).ToList();
        if (request.Strict && warnings.Count > 0) throw new InputException(warnings.Select(w => w.AsError()).ToList());
        foreach (var warning in warnings) log?.Invoke($"warning: {warning}");
        var clock = Stopwatch.StartNew();
        var prepared = PreparedSweep.From(spec);
        clock.Stop();
        if (spec.Mc.CostOnly && (request.Resume || request.Shard is not null || request.SingleFile))
            throw new InputException(new InputError(spec.SourceFile, "$.mc.trials", spec.SourceMap.NearestLineOf("$.mc.trials"),
                "a Monte-Carlo sweep (mc.trials >= 1) for --resume, --shard or --single-file; a cost-only screen (mc.trials = 0) streams the whole sweep in one go", "0"));
        var manifest = new RunManifest(spec.SourceFile, spec.BaseDir, spec.Json, request.Shard?.ToString())
        {
            Inputs = RunSummaries.Inputs(prepared.InputFiles, request.EmbeddedSpecText is null ? null : spec.SourceFile, request.EmbeddedSpecText),
            CommandLine = request.CommandLine,
        };
        manifest = RunFolder.CheckForSweep(request.OutDir, manifest, request.Resume, request.Force);
        return new SweepRun(prepared, request, manifest, warnings, clock.Elapsed);
    }

    /// <summary>
    /// Claims the run folder: creates it and writes <c>run.json</c>; on a resume, cuts a torn last line off <c>points.jsonl</c> and
    /// reads which points are done; removes the files of an earlier per-slice search (<see cref="SearchRun.Files"/>: they describe the
    /// points as they were, and <c>dse select</c> would weigh them); for a cost-only screen, removes the pages, summary and selection of an
    /// earlier run (a <c>--force</c> over a Monte-Carlo run). Sets <see cref="PointsToCompute"/>.
    /// </summary>
    /// <param name="log">Receives notes about the folder (a dropped torn line) and what will be computed; null: none.</param>
    /// <exception cref="InputException">A complete line of <c>points.jsonl</c> is not a point result.</exception>
    public void Open(Action<string>? log)
    {
        var spec = Prepared.Spec;
        _opened = true;
        Directory.CreateDirectory(OutDir);
        foreach (var stale in SearchRun.Files) File.Delete(Path.Combine(OutDir, stale));
        if (spec.Mc.CostOnly)
        {
            RunStore.WriteManifest(OutDir, _manifest);
            foreach (var stale in ReportSet.Writers.Select(w => w.FileName).Concat([RunStore.SummaryFile, RunStore.SelectionFile, new Reports.Html.SingleFileReport().FileName]))
                File.Delete(Path.Combine(OutDir, stale));
            PointsToCompute = Prepared.Space.Count;
            log?.Invoke($"{spec.Name}: cost-only screen of {PointsToCompute} design points (accuracy not simulated); {Prepared.Workload.Description}");
            return;
        }
        if (_request.Resume)
        {
            (_completed, int dropped) = RunStore.OpenForResume(OutDir);
            if (dropped > 0) log?.Invoke($"dropped a torn last line of points.jsonl ({dropped} bytes) from an interrupted run");
        }
        RunStore.WriteManifest(OutDir, _manifest);
        var shard = _request.Shard;
        _todo = Explorer.PointsOfShard(Prepared, shard).Where(p => !_completed.Contains(p.Key)).ToList();
        PointsToCompute = _todo.Count;
        if (PointsToCompute == 0 && shard is not null && _completed.Count == 0)
            log?.Invoke($"shard {shard} has no work: the sweep has fewer Monte-Carlo work units than shards; writing an empty run that 'dse merge' accepts");
        log?.Invoke($"{spec.Name}{(shard is null ? "" : $" shard {shard}")}: {PointsToCompute} design points to compute" +
            (_completed.Count > 0 ? $", {_completed.Count} already done" : "") + $", {Prepared.Skipped.Count} skipped; {Prepared.Workload.Description}");
        if (spec.Mc.Arithmetic == MmmArithmetic.Int8 && Crossbar.FixedPointGemm.BestPath == Crossbar.KernelPath.Scalar)
            log?.Invoke("mc.arithmetic int8: this machine has no AVX2, so the fixed-point products run a scalar loop (the same numbers, slower than \"float\")");
    }

    /// <summary>
    /// Evaluates the points (after <see cref="Open"/>) and finishes the run: <c>summary.json</c> and the reports of
    /// <see cref="ReportSet.WritersFor"/> (plus <c>report.html</c> with <see cref="SweepRequest.SingleFile"/>), then, when the sweep has a
    /// <c>search</c> block and is not a shard, the per-slice search on the run folder. A cancelled run keeps the points it completed
    /// and writes no reports.
    /// </summary>
    /// <param name="options">Threads, GEMM path, logging and progress.</param>
    /// <param name="cancellation">Checked between Monte-Carlo groups (cost-screen batches).</param>
    /// <exception cref="InvalidOperationException"><see cref="Open"/> was not called.</exception>
    public SweepOutcome Execute(EvaluateOptions options, CancellationToken cancellation = default)
    {
        if (!_opened) throw new InvalidOperationException("Open the run folder first.");
        return Prepared.Spec.Mc.CostOnly ? ExecuteCostOnly(options, cancellation) : ExecuteMonteCarlo(options, cancellation);
    }

    private SweepOutcome ExecuteMonteCarlo(EvaluateOptions options, CancellationToken cancellation)
    {
        var spec = Prepared.Spec;
        var context = new SweepContext(Prepared);
        var gemmBackend = Crossbar.Gemm.BackendNamed(options.Gemm);
        var runOptions = new RunOptions(options.Threads, options.Verbose ? options.Log : null, options.Progress, gemmBackend);
        var todo = _todo;
        ScreenSummary? screen = null;
        if (spec.Screen)
        {
            (todo, screen) = CostScreen.Survivors(context, todo);
            runOptions.Log?.Invoke($"screen: {screen.PointsDropped} of {screen.PointsScreened} points dominated in cost within their accuracy class, " +
                $"{screen.McGroupsSkipped} of {screen.McGroups} Monte-Carlo groups skipped");
        }
        SweepResult result;
        // A resumed race is replayed with the points already written taking part (RacingExplorer).
        var racedBefore = spec.Mc.Racing is not null && _completed.Count > 0 ? PointJson.ReadAll(Path.Combine(OutDir, RunStore.PointsFile)).Points : [];
        using (var sink = new JsonlPointSink(Path.Combine(OutDir, RunStore.PointsFile), append: _request.Resume))
            result = Explorer.Run(context, todo, sink, runOptions, cancellation, racedBefore) with { Screen = screen };
        var nothing = new WrittenReports([], []);
        if (result.Cancelled)
            return new SweepOutcome(OutDir, true, PointsToCompute, result.PointsComputed, RunStore.CountPoints(OutDir), Prepared.Skipped.Count, result.WallTime, 0, nothing, null);

        int count = RunStore.CountPoints(OutDir);
        var gemm = Crossbar.Gemm.Describe(spec.Mc.Arithmetic == MmmArithmetic.Int8 ? Crossbar.GemmBackend.Int8 : gemmBackend);
        var summary = RunSummaries.Of(Prepared, result, count, _request.Shard?.ToString(), options.Threads, Timings(result.WallTime), gemm, _manifest)
            with { Warnings = Warnings.Select(w => w.ToString()).ToArray() };
        // The reports stream points.jsonl back instead of holding every point: memory stays flat as the sweep grows.
        var stored = new StoredRun(spec, PointSource.File(Path.Combine(OutDir, RunStore.PointsFile)), summary,
            RunStore.ReadRecord<SelectionRecord>(Path.Combine(OutDir, RunStore.SelectionFile)));
        var (run, written) = ReportSet.WriteAll(stored, OutDir, options.Log, _request.SingleFile ? [.. ReportSet.Writers, new Reports.Html.SingleFileReport()] : null);
        SearchOutcome? search = null;
        if (spec.Search is not null && _request.Shard is not null)
            options.Log?.Invoke($"search: not run in shard {_request.Shard} (it holds part of the base designs); after 'dse merge', run 'dse search MERGED_DIR --out MERGED_DIR' with the block's settings");
        else if (spec.Search is not null)
        {
            options.Log?.Invoke($"search: per-slice ADC resolutions of every base design (CP-SAT, verified on the run's {spec.Mc.Trials} chips), into {OutDir}");
            search = SearchRun.AfterSweep(OutDir, Prepared, options.Threads, options.Log);
        }
        return new SweepOutcome(OutDir, false, PointsToCompute, result.PointsComputed, count, Prepared.Skipped.Count, result.WallTime, run.Front.Count, written, summary, search);
    }

    /// <summary>
    /// A cost-only screen: streams <c>points.jsonl</c> and <c>points.csv</c> (in enumeration order: the points are never held),
    /// then writes <c>pareto.csv</c> from the front kept during the evaluation and <c>summary.json</c>. No HTML pages
    /// (<c>dse report</c> writes index.html from the folder).
    /// </summary>
    private SweepOutcome ExecuteCostOnly(EvaluateOptions options, CancellationToken cancellation)
    {
        CostScreenResult result;
        using (var files = new CostScreenFiles(OutDir, CostScreen.CsvComponents(Prepared)))
            result = CostScreen.Run(new SweepContext(Prepared), files, new RunOptions(options.Threads, options.Verbose ? options.Log : null, options.Progress), cancellation);
        var nothing = new WrittenReports([], []);
        if (result.Sweep.Cancelled)
            return new SweepOutcome(OutDir, true, PointsToCompute, result.PointsComputed, result.PointsComputed, result.SkippedPoints, result.Sweep.WallTime, 0, nothing, null);
        AtomicFile.Write(Path.Combine(OutDir, "pareto.csv"), s => CsvWriter.Write(s, result.Front, CostScreen.CsvComponents(Prepared)));
        var summary = CostScreen.Summary(Prepared, result, options.Threads, Timings(result.Sweep.WallTime), _manifest)
            with { Warnings = Warnings.Select(w => w.ToString()).ToArray() };
        RunStore.WriteRecord(Path.Combine(OutDir, RunStore.SummaryFile), summary);
        return new SweepOutcome(OutDir, false, PointsToCompute, result.PointsComputed, result.PointsComputed, result.SkippedPoints, result.Sweep.WallTime,
            result.Front.Count, new WrittenReports([RunStore.PointsFile, "points.csv", "pareto.csv", RunStore.SummaryFile], []), summary);
    }

    private Dictionary<string, double> Timings(TimeSpan evaluate) => new() { [RunTimings.Prepare] = _prepareTime.TotalSeconds, [RunTimings.Evaluate] = evaluate.TotalSeconds };
}
