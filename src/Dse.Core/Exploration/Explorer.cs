using System.Diagnostics;
using Dse.Costs;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Randomness;
using Dse.Search;
using Dse.Workloads;

namespace Dse.Exploration;

/// <summary>Receives each point's result as soon as it is computed (e.g. appends it to <c>points.jsonl</c>).</summary>
public interface IPointSink
{
    /// <summary>Stores one finished point.</summary>
    void Add(PointResult point);
}

/// <summary>A validated sweep ready to run: models and workload loaded, design points expanded and checked.</summary>
/// <param name="Spec">The sweep specification.</param>
/// <param name="Periphery">The periphery model.</param>
/// <param name="Workload">The loaded workload (the largest token count needed).</param>
/// <param name="Points">Feasible design points in expansion order.</param>
/// <param name="Skipped">Points that cannot be realised, with reasons.</param>
/// <param name="InputFiles">Every file read (sweep, device, periphery, adapter files) for hashing.</param>
/// <param name="Baseline">The CPU+DRAM baseline every point is compared with.</param>
public sealed record PreparedSweep(
    SweepSpec Spec, PeripheryModel Periphery, Workload Workload, IReadOnlyList<DesignPoint> Points,
    IReadOnlyList<SkippedPoint> Skipped, IReadOnlyList<string> InputFiles, CpuBaselineModel Baseline);

/// <summary>What one call of <see cref="Explorer.Run"/> produced.</summary>
/// <param name="PointsComputed">Number of points computed by this call; the results themselves went to the <see cref="IPointSink"/>
/// only, so memory does not grow with the sweep.</param>
/// <param name="Skipped">Skipped points with reasons.</param>
/// <param name="RetainedVariance">PCA retained variance per (virtual tokens, d') label, when compression was used.</param>
/// <param name="WallTime">Time spent evaluating points.</param>
/// <param name="Cancelled">True when the run stopped early on request (the points computed are complete and written).</param>
public sealed record SweepResult(
    int PointsComputed, IReadOnlyList<SkippedPoint> Skipped, IReadOnlyDictionary<string, double> RetainedVariance, TimeSpan WallTime,
    bool Cancelled = false);

/// <summary>A deterministic part of a sweep for cluster array jobs: shard <c>Index</c> of <c>Count</c> (0-based).</summary>
/// <param name="Index">This shard, <c>0 &lt;= Index &lt; Count</c>.</param>
/// <param name="Count">Number of shards, &gt;= 1.</param>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary><c>I/N</c>, as on the command line.</summary>
    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>Progress of a run: points done of those to do, and the time so far.</summary>
public sealed record RunProgress(int Done, int Total, TimeSpan Elapsed);

/// <summary>How to run a prepared sweep.</summary>
/// <param name="Threads">Worker threads for the Monte Carlo (trials run in parallel), &gt;= 1.</param>
/// <param name="CompletedKeys">Keys already in the result store (resume): not computed again.</param>
/// <param name="Shard">Only this shard's points; null for all.</param>
/// <param name="Log">Log lines (one per Monte-Carlo group); null for none.</param>
/// <param name="Progress">Called after each group; null for none.</param>
public sealed record RunOptions(int Threads, IReadOnlySet<string> CompletedKeys, ShardSpec? Shard = null, Action<string>? Log = null, Action<RunProgress>? Progress = null);

/// <summary>
/// Enumerates and evaluates a sweep (DESIGN §9): a cheap feasibility check first, then per group of points
/// sharing a mapped store one Monte-Carlo job (all devices, sigma scales, rows and ADC bits of the group on
/// common cell draws; ADC models and colsPerAdc only change the cost, never add Monte Carlo
/// common cell draws), then the closed-form cost of each point.
/// </summary>
public static class Explorer
{
    /// <summary>Loads every model and the workload, expands the axes and checks feasibility. Nothing is written.</summary>
    /// <param name="spec">The sweep.</param>
    /// <param name="deviceModelsDir">The <c>device-models/</c> directory.</param>
    /// <exception cref="InputException">Any invalid device, periphery or workload input (all errors at once where possible).</exception>
    public static PreparedSweep Prepare(SweepSpec spec, string deviceModelsDir)
    {
        string? specDir = File.Exists(spec.SourceFile) ? Path.GetDirectoryName(Path.GetFullPath(spec.SourceFile)) : null;
        var errors = new List<InputError>();
        var devices = new List<DeviceModel>();
        for (int i = 0; i < spec.Devices.Count; i++)
        {
            if (spec.Devices.Take(i).Contains(spec.Devices[i])) continue;
            try { devices.Add(DeviceLoader.Resolve(spec.Devices[i], deviceModelsDir, specDir)); }
            catch (InputException ex) { errors.AddRange(ex.Errors.Select(e => AtSweepKey(e, spec, $"$.devices[{i}]", spec.Devices[i]))); }
        }
        PeripheryModel? periphery = null;
        try { periphery = PeripheryLoader.Resolve(spec.Periphery, Path.Combine(deviceModelsDir, "periphery"), specDir); }
        catch (InputException ex) { errors.AddRange(ex.Errors.Select(e => AtSweepKey(e, spec, "$.periphery", spec.Periphery))); }
        CpuBaselineModel? baseline = null;
        try { baseline = BaselineLoader.Resolve(spec.Baseline, Path.Combine(deviceModelsDir, "baselines"), specDir); }
        catch (InputException ex) { errors.AddRange(ex.Errors.Select(e => AtSweepKey(e, spec, "$.baseline", spec.Baseline))); }
        if (errors.Count > 0) throw new InputException(errors);

        var workload = LoadWorkload(spec);
        int maxNative = workload.Store.Ovts.Max(o => o.Tokens);
        foreach (var d in spec.CompressedDims)
            if (d is int dim && dim > workload.Store.Dim)
                errors.Add(new InputError(spec.SourceFile, "$.compressedDim", null, $"a PCA width <= the embedding width d = {workload.Store.Dim}", $"{dim}"));
        if (errors.Count > 0) throw new InputException(errors);

        var points = new List<DesignPoint>();
        var skipped = new List<SkippedPoint>();
        foreach (var device in devices)
        foreach (var (rows, cols) in spec.Crossbars)
        foreach (int cellBits in spec.CellBits)
        foreach (int adcBits in spec.AdcBits)
        foreach (int? tokens in spec.VirtualTokens?.Select(t => (int?)t) ?? [null])
        foreach (double sigma in spec.SigmaScale)
        foreach (double? readTime in spec.ReadTimes)
        foreach (int weightBits in spec.WeightBits)
        foreach (int inputBits in spec.InputBits)
        foreach (var ssa in spec.SsaMappings)
        foreach (var signed in spec.SignedMappings)
        foreach (var range in spec.AdcRanges)
        foreach (int? dim in spec.CompressedDims)
        foreach (string adcModel in spec.AdcModels)
        foreach (int colsPerAdc in spec.ColsPerAdc ?? [periphery!.ColsPerAdc])
        {
            var point = new DesignPoint(device, rows, cols, cellBits, adcBits, tokens, sigma, weightBits, inputBits, ssa, signed, new AdcRange(range), dim,
                adcModel, colsPerAdc, readTime);
            string? reason = Infeasibility(point, maxNative) ?? AdcInfeasibility(point, periphery!);
            if (reason is null) points.Add(point);
            else skipped.Add(new SkippedPoint(point.Key, reason));
        }
        for (int i = 0; i < spec.CellBits.Count; i++)
            if (devices.All(d => spec.CellBits[i] > d.MaxBitsPerCell))
                errors.Add(new InputError(spec.SourceFile, $"$.cellBits[{i}]", spec.SourceMap.NearestLineOf($"$.cellBits[{i}]"),
                    $"bits per cell that at least one device can hold (at most {devices.Max(d => d.MaxBitsPerCell)}: " +
                    string.Join(", ", devices.Select(d => $"{d.Name} {d.MaxBitsPerCell}")) + ")", $"{spec.CellBits[i]}"));
        if (errors.Count == 0 && points.Count == 0)
            errors.Add(new InputError(spec.SourceFile, "$", 1, "at least one design point that can be realised", $"all {skipped.Count} points skipped: {skipped[0].Reason}"));
        if (errors.Count > 0) throw new InputException(errors);
        var files = new List<string>();
        if (File.Exists(spec.SourceFile)) files.Add(Path.GetFullPath(spec.SourceFile));
        files.AddRange(devices.Select(d => Path.GetFullPath(d.SourceFile)));
        files.Add(Path.GetFullPath(periphery!.SourceFile));
        files.Add(Path.GetFullPath(baseline!.SourceFile));
        files.AddRange(workload.InputFiles.Select(Path.GetFullPath));
        return new PreparedSweep(spec, periphery, workload, points, skipped, files, baseline);
    }

    /// <summary>The reason the point's ADC choice cannot be realised (more columns per ADC than columns, resolution below the model's fit), or null.</summary>
    public static string? AdcInfeasibility(DesignPoint point, PeripheryModel periphery)
    {
        if (point.ColsPerAdc > point.Cols)
            return $"colsPerAdc {point.ColsPerAdc} exceeds the crossbar's {point.Cols} columns";
        int minBits = AdcModels.Create(point.AdcModel, periphery).MinBits;
        if (point.AdcBits < minBits)
            return $"adcBits {point.AdcBits} is below the {point.AdcModel} ADC model's lowest fitted resolution of {minBits} bits";
        return null;
    }

    /// <summary>
    /// An error about a model reference that names no file of its own (an unknown name) is reported at the sweep
    /// key that made the reference; errors inside a model file keep their file and line.
    /// </summary>
    private static InputError AtSweepKey(InputError error, SweepSpec spec, string path, string reference)
        => File.Exists(error.File) ? error : error with { File = spec.SourceFile, Path = path, Line = spec.SourceMap.NearestLineOf(path), Found = $"{error.Found} for \"{reference}\"" };

    /// <summary>The reason a point cannot be realised, or null (Timeloop-style feasibility check before any Monte Carlo).</summary>
    public static string? Infeasibility(DesignPoint point, int maxNativeTokens)
    {
        if (point.CellBits > point.Device.MaxBitsPerCell)
            return $"cellBits {point.CellBits} exceeds {point.Device.Name}'s maximum of {point.Device.MaxBitsPerCell} bits per cell ({point.Device.Levels} levels)";
        if (point.VirtualTokens is int n && n > maxNativeTokens)
            return $"virtualTokens {n} exceeds every stored OVT's native token count (at most {maxNativeTokens})";
        return null;
    }

    /// <summary>
    /// The points of <paramref name="prepared"/> that shard <paramref name="shard"/> computes: the Monte-Carlo work units
    /// (a mapped store on one device at one sigma scale and read time, with all its rows, cols and ADC values) dealt round-robin in
    /// key order, so shards are disjoint, cover the sweep, share no Monte-Carlo work and hold about equal numbers of points.
    /// </summary>
    public static IReadOnlyList<DesignPoint> PointsOfShard(PreparedSweep prepared, ShardSpec? shard)
    {
        if (shard is null) return prepared.Points;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var units = prepared.Points.GroupBy(p => (Job: JobKeyOf(p).Label, p.Device.Name, p.SigmaScale, p.ReadTimeS))
            .OrderBy(g => $"{g.Key.Job}/{g.Key.Name}/{g.Key.SigmaScale.ToString("R", inv)}/{g.Key.ReadTimeS?.ToString("R", inv)}", StringComparer.Ordinal)
            .ToList();
        var mine = new HashSet<string>(units.Where((_, i) => i % shard.Count == shard.Index).SelectMany(g => g.Select(p => p.Key)), StringComparer.Ordinal);
        return prepared.Points.Where(p => mine.Contains(p.Key)).ToList();
    }

    /// <summary>
    /// Evaluates the points of <paramref name="prepared"/> (this shard's, less those already finished), handing each
    /// result to <paramref name="sink"/> as its Monte-Carlo group finishes.
    /// </summary>
    /// <param name="prepared">The prepared sweep.</param>
    /// <param name="sink">Receives results in a deterministic order.</param>
    /// <param name="options">Threads, shard, finished keys, logging and progress.</param>
    /// <param name="cancellation">Checked between Monte-Carlo groups: the group in flight completes and is written, then the run stops.</param>
    /// <returns>How many points this call computed (the results went to <paramref name="sink"/>), the skipped points and timings.</returns>
    /// <remarks>
    /// A point's numbers do not depend on which other points run with it: cell draws depend on the seed, the mapped
    /// store and the trial only, and analog partial sums are always formed on the sweep's finest row block (the gcd
    /// of all crossbar row counts), so resumed, sharded and single runs agree to the last digit.
    /// </remarks>
    public static SweepResult Run(PreparedSweep prepared, IPointSink sink, RunOptions options, CancellationToken cancellation = default)
    {
        var spec = prepared.Spec;
        var clock = Stopwatch.StartNew();
        int computed = 0;
        var retained = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var operandsCache = new Dictionary<OperandsKey, QuantizedOperands>();
        int fineRows = spec.Crossbars.Select(c => c.Rows).Aggregate(Gcd);
        int maxNativeTokens = prepared.Workload.Store.Ovts.Max(o => o.Tokens);

        var todo = PointsOfShard(prepared, options.Shard).Where(p => !options.CompletedKeys.Contains(p.Key)).ToList();
        var groups = todo.GroupBy(JobKeyOf).ToList();
        int done = 0;
        foreach (var group in groups)
        {
            if (cancellation.IsCancellationRequested) break;
            var key = group.Key;
            var operandsKey = new OperandsKey(key.Tokens, key.Dim, key.Ssa, key.WeightBits, key.InputBits);
            if (!operandsCache.TryGetValue(operandsKey, out var ops))
            {
                var (store, queries, variance) = Layout(prepared.Workload, key.Tokens, key.Dim, spec.SourceFile);
                if (variance is double v) retained[$"n{key.Tokens?.ToString() ?? "native"}/d{key.Dim}"] = v;
                ops = new QuantizedOperands(new RetrievalProblem(store, queries, spec.Ssa, key.Ssa), key.WeightBits, key.InputBits, spec.Clipping);
                operandsCache[operandsKey] = ops;
            }
            var cells = CellArray.Map(ops.Stored, key.CellBits, key.Signed);
            var variants = group.Select(p => (p.Device.Name, p.SigmaScale, p.ReadTimeS)).Distinct().ToList();
            var rowsList = group.Select(p => p.Rows).Distinct().Order().ToList();
            var adcList = group.Select(p => p.AdcBits).Distinct().Order().ToList();
            var devices = group.Select(p => p.Device).DistinctBy(d => d.Name).ToDictionary(d => d.Name);
            var job = new MonteCarloJob(ops, cells, variants.Select(v => new CrossbarVariant(devices[v.Name], v.SigmaScale, v.ReadTimeS)).ToList(),
                rowsList, adcList, key.Range, spec.Mc.CalibrationQuantile, spec.Mc.CalibrationQueries, spec.Mc.Trials,
                Rng.DeriveSeed(spec.Mc.Seed, "cells/" + key.Label), fineRows);
            var points = group.ToList();
            var variantOf = points.Select(p => variants.IndexOf((p.Device.Name, p.SigmaScale, p.ReadTimeS))).ToArray();
            var trialsOf = RunTrials(job, points, variantOf, rowsList, adcList, spec.Mc, ops.Problem.Labels is not null, options.Threads, out var counts);

            double meanInputs = ops.Problem.InputCount / (double)ops.Problem.QueryCount;
            for (int i = 0; i < points.Count; i++)
            {
                var point = points[i];
                int v = variantOf[i], r = rowsList.IndexOf(point.Rows), b = adcList.IndexOf(point.AdcBits), trials = trialsOf[i];
                var design = new CostDesign(point.Rows, point.Cols, point.CellBits, point.AdcBits, point.ColsPerAdc,
                    point.WeightBits, point.InputBits, point.SignedMapping, ops.Problem.StoredCount, ops.Problem.Dim,
                    (int)Math.Round(meanInputs), ops.InputActiveFraction, cells.MeanLevelFraction(), ops.Problem.ScoreOpsPerQuery, ops.Problem.OvtCount)
                { AdcModel = point.AdcModel };
                var cost = CostModel.Evaluate(point.Device, prepared.Periphery, design);
                var write = StoreUpdateCost.Evaluate(point.Device, prepared.Periphery, design);
                var cpu = BaselineCost.Evaluate(prepared.Baseline, design);
                bool labels = ops.Problem.Labels is not null;
                var result = new PointResult
                {
                    Key = point.Key, Device = point.Device.Name, Rows = point.Rows, Cols = point.Cols, CellBits = point.CellBits,
                    AdcBits = point.AdcBits, AdcModel = point.AdcModel, ColsPerAdc = point.ColsPerAdc, VirtualTokens = point.VirtualTokens ?? maxNativeTokens,
                    SigmaScale = point.SigmaScale, ReadTimeS = point.ReadTimeS, SsaMapping = Names.Of(point.SsaMapping), SignedMapping = Names.Of(point.SignedMapping),
                    AdcRange = Names.Of(point.AdcRange.Mode), WeightBits = point.WeightBits, InputBits = point.InputBits, Dim = ops.Problem.Dim,
                    Trials = trials, Queries = ops.Problem.QueryCount,
                    Agreement = Statistics.Of(counts.Fractions(v, r, b, 0, trials)),
                    Accuracy = labels ? Statistics.Of(counts.Fractions(v, r, b, 1, trials)) : null,
                    MipsAgreement = Statistics.Of(counts.Fractions(v, r, b, 2, trials)),
                    MipsAccuracy = labels ? Statistics.Of(counts.Fractions(v, r, b, 3, trials)) : null,
                    DigitalAgreement = ops.DigitalAgreement, DigitalAccuracy = ops.DigitalAccuracy,
                    EnergyJ = cost.EnergyJ, LatencyS = cost.LatencyS, AreaMm2 = cost.AreaMm2, Crossbars = cost.Crossbars,
                    WriteEnergyJ = write.WriteEnergyJ, WriteLatencyS = write.WriteLatencyS, WritesBeforeWearOut = write.WritesBeforeWearOut,
                    Speedup = cpu.SpeedupOver(cost), EnergyRatio = cpu.EnergyRatioOver(cost),
                    Breakdown = cost.Components.ToDictionary(c => c.Name, c => new ComponentTotals(c.EnergyJ, c.LatencyS, c.AreaM2 * 1e6)),
                };
                sink.Add(result);
                computed++;
            }
            done++;
            string trialNote = spec.Mc.TargetCiHalfWidth is null ? "" : $", {trialsOf.Min()}-{trialsOf.Max()} trials";
            options.Log?.Invoke($"[{done}/{groups.Count}] {key.Label}: {points.Count} points{trialNote} ({computed}/{todo.Count}) {clock.Elapsed.TotalSeconds:F1} s");
            options.Progress?.Invoke(new RunProgress(computed, todo.Count, clock.Elapsed));
        }
        return new SweepResult(computed, prepared.Skipped, retained, clock.Elapsed, Cancelled: computed < todo.Count);
    }

    /// <summary>
    /// Runs the group's trials: all <c>mc.trials</c> at once, or with <c>mc.targetCiHalfWidth</c> in batches of <c>mc.minTrials</c>
    /// until every point has stopped (<see cref="AdaptiveTrials"/>); each batch simulates only the variants of points still running.
    /// </summary>
    /// <returns>The trials each point of <paramref name="points"/> keeps.</returns>
    private static int[] RunTrials(MonteCarloJob job, IReadOnlyList<DesignPoint> points, int[] variantOf, List<int> rowsList, List<int> adcList,
        McSpec mc, bool labels, int threads, out MonteCarloCounts counts)
    {
        var session = MonteCarloEngine.Start(job);
        counts = session.Counts;
        var trialsOf = new int[points.Count];
        if (mc.TargetCiHalfWidth is not double target)
        {
            session.RunTrials(mc.Trials, threads);
            Array.Fill(trialsOf, mc.Trials);
            return trialsOf;
        }
        var running = Enumerable.Range(0, points.Count).ToList();
        foreach (int checkpoint in AdaptiveTrials.Checkpoints(mc.MinTrials, mc.Trials))
        {
            session.RunTrials(checkpoint, threads, running.Select(i => variantOf[i]).Distinct().Order().ToList());
            foreach (int i in running.ToList())
            {
                var accuracy = counts.Fractions(variantOf[i], rowsList.IndexOf(points[i].Rows), adcList.IndexOf(points[i].AdcBits), labels ? 1 : 0, checkpoint);
                if (!AdaptiveTrials.Stops(accuracy, target, mc.Trials)) continue;
                trialsOf[i] = checkpoint;
                running.Remove(i);
            }
            if (running.Count == 0) break;
        }
        return trialsOf;
    }

    private static JobKey JobKeyOf(DesignPoint p)
        => new(p.VirtualTokens, p.CompressedDim, p.SsaMapping, p.WeightBits, p.InputBits, p.CellBits, p.SignedMapping, p.AdcRange.Mode);

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    private static Workload LoadWorkload(SweepSpec spec)
    {
        ulong seed = Rng.DeriveSeed(spec.Mc.Seed, "workload");
        return spec.Workload switch
        {
            SyntheticWorkloadSpec s => SyntheticWorkload.Generate(new SyntheticWorkloadOptions(
                Prompts: s.Prompts, Dim: s.Dim, Tokens: spec.VirtualTokens!.Max(), Queries: spec.Mc.Queries, QueryTokens: s.QueryTokens,
                Regime: s.Regime == "vocabInit" ? SyntheticRegime.VocabInit : SyntheticRegime.RandomInit,
                DomainShift: s.DomainShift ?? new SyntheticWorkloadOptions().DomainShift, Seed: seed)),
            PeftWorkloadSpec p => PeftWorkload.Load(p.Adapters, new PeftWorkloadOptions(p.QueriesPerPrompt, p.QueryTokens, p.QueryNoise, seed)),
            TextWorkloadSpec t => TextWorkload.Load(
                new TextWorkloadOptions(t.Domains, t.Vectors, t.BufferSize, t.QueriesPerDomain, t.QueryTokens, seed), spec.VirtualTokens!.Max()),
            TensorsWorkloadSpec t => TensorsWorkload.Load(t.Store, t.Queries, t.Labels),
            _ => throw new InvalidOperationException("Unknown workload kind."),
        };
    }

    /// <summary>The store truncated to <paramref name="tokens"/> and, with <paramref name="dim"/>, both store and queries projected by PCA.</summary>
    private static (PromptStore Store, QuerySet Queries, double? RetainedVariance) Layout(Workload workload, int? tokens, int? dim, string source)
    {
        var store = tokens is int n ? workload.StoreFor(n) : workload.Store;
        if (dim is not int d) return (store, workload.Queries, null);
        var pca = PcaCompression.Fit(store, d, source);
        return (pca.Project(store), pca.Project(workload.Queries), pca.RetainedVariance);
    }

    private readonly record struct OperandsKey(int? Tokens, int? Dim, SsaMapping Ssa, int WeightBits, int InputBits);

    private readonly record struct JobKey(int? Tokens, int? Dim, SsaMapping Ssa, int WeightBits, int InputBits, int CellBits, SignedMapping Signed, AdcRangeMode Range)
    {
        public string Label => $"n{Tokens?.ToString() ?? "native"}/d{Dim?.ToString() ?? "full"}/{Names.Of(Ssa)}/w{WeightBits}/i{InputBits}/c{CellBits}/{Names.Of(Signed)}/{Names.Of(Range)}";
    }
}
