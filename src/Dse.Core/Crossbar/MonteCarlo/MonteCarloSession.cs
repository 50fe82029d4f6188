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

    /// <summary>Drops the worker buffers (tens of MB each) once the session's trials of a <see cref="RunAll"/> call are done; a later
    /// call makes new ones. Racing keeps every group's session until its points are decided, so idle sessions must hold none.</summary>
    private void ReleaseWorkspaces() => _workspaces.Clear();

    /// <summary>
    /// Runs trials <c>TrialsRun .. trialEnd - 1</c> in parallel. A trial's numbers depend only on the job and the trial
    /// index, never on the batch it ran in, the thread that ran it or the other variants. The worker buffers stay for the next call.
    /// </summary>
    /// <param name="trialEnd">One past the last trial to run. Range: <c>TrialsRun &lt;= trialEnd &lt;= job.Trials</c>.</param>
    /// <param name="maxThreads">Upper bound on worker threads (&gt;= 1).</param>
    /// <param name="selection">The variants to program and the rows entries to read; null for all. What is left out keeps zero
    /// counts for these trials.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trialEnd"/> is out of range.</exception>
    /// <exception cref="ArgumentException">When <paramref name="selection"/> is not shaped <c>[variants, RowsList.Count]</c> (and <c>AdcBitsList.Count</c>) of the job.</exception>
    public void RunTrials(int trialEnd, int maxThreads, TrialSelection? selection = null)
        => Run([new TrialBatch(this, trialEnd, selection)], maxThreads, releaseWorkspaces: false, CancellationToken.None);

    /// <summary>
    /// Runs several sessions' next trials (<see cref="RunTrials"/> of each batch) in one parallel loop over every (batch, trial),
    /// batch by batch in the order given, so that short batches keep all threads busy: a racing rung of 4 trials per Monte-Carlo
    /// group would otherwise use at most 4 threads per group, and leave one idle at each group's end when the trials do not divide
    /// among the threads. A session's worker buffers are dropped as soon as its last trial of the call is done, so about
    /// <paramref name="maxThreads"/> sessions hold buffers at once. The numbers are those of <see cref="RunTrials"/> per session.
    /// </summary>
    /// <param name="batches">The sessions, each at most once, with the end of their trials and their selections.</param>
    /// <param name="maxThreads">Upper bound on worker threads (&gt;= 1).</param>
    /// <param name="cancellation">Stops the loop between trials; the sessions are then unfit for more trials.</param>
    /// <exception cref="ArgumentOutOfRangeException">When a batch's trial end is out of range (see <see cref="RunTrials"/>).</exception>
    /// <exception cref="ArgumentException">When a session appears twice or a selection does not fit its job.</exception>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellation"/> is cancelled.</exception>
    public static void RunAll(IReadOnlyList<TrialBatch> batches, int maxThreads, CancellationToken cancellation)
    {
        if (batches.Select(b => b.Session).Distinct().Count() != batches.Count)
            throw new ArgumentException("Each session may appear once.", nameof(batches));
        Run(batches, maxThreads, releaseWorkspaces: true, cancellation);
    }

    private static void Run(IReadOnlyList<TrialBatch> batches, int maxThreads, bool releaseWorkspaces, CancellationToken cancellation)
    {
        var selections = batches.Select(b => b.Session.Check(b.TrialEnd, b.Selection)).ToArray();
        var items = batches.SelectMany((b, i) => Enumerable.Range(b.Session.TrialsRun, b.TrialEnd - b.Session.TrialsRun).Select(t => (Batch: i, Trial: t))).ToArray();
        var remaining = batches.Select(b => b.TrialEnd - b.Session.TrialsRun).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxThreads), CancellationToken = cancellation };
        // Items are handed out one at a time in order (no buffering), so the sessions in flight are the few at the loop's front. A
        // worker takes a free workspace of the item's session (tens of MB) or makes one, and returns it when done: no session ever
        // has more workspaces than trials of it ran at once. Every buffer a trial reads is written by that trial first.
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(items, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering), options, item =>
        {
            var session = batches[item.Batch].Session;
            var ws = session._workspaces.TryTake(out var free) ? free : new MonteCarloWorkspace(session._plan);
            MonteCarloEngine.RunTrial(session._plan, item.Trial, selections[item.Batch], ws, session.Counts);
            session._workspaces.Add(ws);
            if (Interlocked.Decrement(ref remaining[item.Batch]) == 0 && releaseWorkspaces) session.ReleaseWorkspaces();
        });
        foreach (var b in batches) b.Session.TrialsRun = b.TrialEnd;
    }

    /// <summary>Checks a batch's trial end and selection against the job; returns the selection (every read when null).</summary>
    private TrialSelection Check(int trialEnd, TrialSelection? selection)
    {
        var job = _plan.Job;
        if (trialEnd < TrialsRun || trialEnd > job.Trials)
            throw new ArgumentOutOfRangeException(nameof(trialEnd), trialEnd, $"Range: {TrialsRun} <= trialEnd <= {job.Trials}.");
        if (selection is not null && (selection.VariantCount != job.Variants.Count || selection.RowsCount != job.RowsList.Count || (selection.AdcBitsCount is int bits && bits != job.AdcBitsList.Count)))
            throw new ArgumentException($"The selection must be [{job.Variants.Count} variants, {job.RowsList.Count} rows entries(, {job.AdcBitsList.Count} ADC resolutions)], not [{selection.VariantCount}, {selection.RowsCount}{(selection.AdcBitsCount is int b ? $", {b}" : "")}].", nameof(selection));
        return selection ?? TrialSelection.OfVariants(Enumerable.Range(0, job.Variants.Count), job.Variants.Count, job.RowsList.Count);
    }
}
