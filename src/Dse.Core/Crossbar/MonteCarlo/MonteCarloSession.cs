namespace Dse.Crossbar;

/// <summary>A prepared job to which trials are added in order; see <see cref="MonteCarloEngine.Start"/>.</summary>
public sealed class MonteCarloSession
{
    private readonly MonteCarloPlan _plan;
    private readonly System.Collections.Concurrent.ConcurrentBag<MonteCarloWorkspace> _workspaces = []; // reused by every batch and worker task

    /// <summary>Counts of every trial run so far (trials not run yet hold zeros).</summary>
    public MonteCarloCounts Counts { get; }

    /// <summary>Trials run so far, <c>0 .. job.Trials</c>: trials <c>0 .. TrialsRun - 1</c>, each for the variants asked for then.</summary>
    public int TrialsRun { get; private set; }

    /// <summary>Plans <paramref name="job"/>, checked by <see cref="MonteCarloEngine.Start"/>; no trial has run.</summary>
    internal MonteCarloSession(MonteCarloJob job)
    {
        _plan = new MonteCarloPlan(job);
        Counts = new MonteCarloCounts(job.Variants.Count, job.RowsList.Count, job.AdcBitsList.Count, job.Trials, job.Operands.Problem.QueryCount,
            job.PerSliceSearch?.Assignments.Count ?? 0, job.PerSliceSearch is { MeasureErrors: true } ? job.Cells.Slices : 0);
    }

    /// <summary>
    /// Runs trials <c>TrialsRun .. trialEnd - 1</c> in parallel. A trial's numbers depend only on the job and the trial
    /// index, never on the batch it ran in, the thread that ran it or the other variants.
    /// </summary>
    /// <param name="trialEnd">One past the last trial to run. Range: <c>TrialsRun &lt;= trialEnd &lt;= job.Trials</c>.</param>
    /// <param name="maxThreads">Upper bound on worker threads (&gt;= 1).</param>
    /// <param name="variants">Indices of the variants to simulate; null for all. Others keep zero counts for these trials.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trialEnd"/> is out of range.</exception>
    public void RunTrials(int trialEnd, int maxThreads, IReadOnlyList<int>? variants = null)
    {
        if (trialEnd < TrialsRun || trialEnd > _plan.Job.Trials)
            throw new ArgumentOutOfRangeException(nameof(trialEnd), trialEnd, $"Range: {TrialsRun} <= trialEnd <= {_plan.Job.Trials}.");
        var which = variants ?? Enumerable.Range(0, _plan.Job.Variants.Count).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxThreads) };
        var plan = _plan;
        var counts = Counts;
        var pool = _workspaces;
        // A worker task takes a free workspace (tens of MB) or makes one, and returns it when done: no more workspaces than tasks
        // ever ran at once, whatever the number of batches. Every buffer a trial reads is written by that trial first, but for
        // the calibration's tail hint (TailFrom), which changes no result.
        Parallel.For(TrialsRun, trialEnd, options, () => pool.TryTake(out var free) ? free : new MonteCarloWorkspace(plan), (t, _, ws) =>
        {
            MonteCarloEngine.RunTrial(plan, t, which, ws, counts);
            return ws;
        }, pool.Add);
        TrialsRun = trialEnd;
    }
}
