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

    /// <summary>Drops the worker buffers kept for the next batch (tens of MB each); a later batch makes new ones. For a session
    /// that waits while others run (racing: every group's session lives until its points are decided).</summary>
    public void ReleaseWorkspaces() => _workspaces.Clear();

    /// <summary>
    /// Runs trials <c>TrialsRun .. trialEnd - 1</c> in parallel. A trial's numbers depend only on the job and the trial
    /// index, never on the batch it ran in, the thread that ran it or the other variants.
    /// </summary>
    /// <param name="trialEnd">One past the last trial to run. Range: <c>TrialsRun &lt;= trialEnd &lt;= job.Trials</c>.</param>
    /// <param name="maxThreads">Upper bound on worker threads (&gt;= 1).</param>
    /// <param name="selection">The variants to program and the rows entries to read; null for all. What is left out keeps zero
    /// counts for these trials.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trialEnd"/> is out of range.</exception>
    /// <exception cref="ArgumentException">When <paramref name="selection"/> is not shaped <c>[variants, RowsList.Count]</c> (and <c>AdcBitsList.Count</c>) of the job.</exception>
    public void RunTrials(int trialEnd, int maxThreads, TrialSelection? selection = null)
    {
        var job = _plan.Job;
        if (trialEnd < TrialsRun || trialEnd > job.Trials)
            throw new ArgumentOutOfRangeException(nameof(trialEnd), trialEnd, $"Range: {TrialsRun} <= trialEnd <= {job.Trials}.");
        if (selection is not null && (selection.VariantCount != job.Variants.Count || selection.RowsCount != job.RowsList.Count || (selection.AdcBitsCount is int bits && bits != job.AdcBitsList.Count)))
            throw new ArgumentException($"The selection must be [{job.Variants.Count} variants, {job.RowsList.Count} rows entries(, {job.AdcBitsList.Count} ADC resolutions)], not [{selection.VariantCount}, {selection.RowsCount}{(selection.AdcBitsCount is int b ? $", {b}" : "")}].", nameof(selection));
        var which = selection ?? TrialSelection.OfVariants(Enumerable.Range(0, job.Variants.Count), job.Variants.Count, job.RowsList.Count);
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
