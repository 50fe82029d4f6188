namespace Dse.Exploration;

/// <summary>Receives each point's result as soon as it is computed (e.g. appends it to <c>points.jsonl</c>).</summary>
public interface IPointSink
{
    /// <summary>Stores one finished point.</summary>
    void Add(PointResult point);
}

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
/// <param name="Log">Log lines (one per Monte-Carlo group); null for none.</param>
/// <param name="Progress">Called after each group; null for none.</param>
/// <param name="Gemm">The GEMM implementation of the crossbar MMMs.</param>
/// <param name="Counters">Engine phase timings and MMM FLOPs of this run (for <c>dse bench</c>); null: not counted.</param>
public sealed record RunOptions(int Threads, Action<string>? Log = null,
    Action<RunProgress>? Progress = null, Dse.Crossbar.GemmBackend Gemm = Dse.Crossbar.GemmBackend.Managed, Dse.Crossbar.EngineCounters? Counters = null);

/// <summary>What one call of <see cref="Explorer.Run(SweepContext, IReadOnlyList{DesignPoint}, IPointSink, RunOptions, CancellationToken)"/> produced.</summary>
/// <param name="PointsComputed">Number of points computed by this call; the results themselves went to the <see cref="IPointSink"/>
/// only, so memory does not grow with the sweep.</param>
/// <param name="RetainedVariance">PCA retained variance per (virtual tokens, d') label, when compression was used.</param>
/// <param name="WallTime">Time spent evaluating points.</param>
/// <param name="Cancelled">True when the run stopped early on request (the points computed are complete and written).</param>
public sealed record SweepResult(int PointsComputed, IReadOnlyDictionary<string, double> RetainedVariance, TimeSpan WallTime, bool Cancelled = false)
{
    /// <summary>Every cost estimator used, by name, with its formula and source (as the first point it costed states them).</summary>
    public IReadOnlyDictionary<string, string> Estimators { get; init; } = new Dictionary<string, string>();

    /// <summary>Per breakdown component, the estimators (model names) that costed it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ComponentModels { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>What the screen before the Monte Carlo saved (<c>"screen": true</c>); null without a screen.</summary>
    public ScreenSummary? Screen { get; init; }

    /// <summary>What the race ran (<c>mc.racing</c>); null without racing.</summary>
    public RaceSummary? Race { get; init; }
}
