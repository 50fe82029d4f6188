using Dse.Crossbar;
using Dse.Crossbar.IrDrop;
using Dse.Search;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Crossbar;

/// <summary>
/// Batches of trials that simulate a selection of reads (<see cref="TrialSelection"/>, racing): every selected (variant, rows
/// entry, ADC bits, trial, outcome) count equals a run of everything exactly, and every unselected one stays 0.
/// </summary>
public class TrialSelectionTests
{
    private const int Trials = 12;

    private static QuantizedOperands Operands()
    {
        var (store, queries) = TestProblems.Random(4, 6, 70, 3, 4, 9);
        return new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
    }

    /// <summary>Two variants, ADC bits [4, 6, 8], <paramref name="rows"/> (multiples of 16); with <paramref name="wired"/> every rows
    /// entry reads a whole tile of its own size through the shipped wires (its own partial sums), else ideal wires (one set).</summary>
    private static MonteCarloJob Job(int[] rows, bool wired, AdcRangeMode range = AdcRangeMode.FullScale)
    {
        var ops = Operands();
        var device = wired ? ShippedModels.QuietDevice("rram1") : TestProblems.Device(0.01);
        var job = new MonteCarloJob(ops, CellArray.Map(ops.Stored, 2, SignedMapping.Differential),
            [new CrossbarVariant(device, wired ? 0.5 : 5), new CrossbarVariant(device, wired ? 1.5 : 12)],
            rows, [4, 6, 8], range, 0.999, 2, Trials, 42, 16);
        if (!wired) return job;
        var periphery = ShippedModels.Periphery;
        return job with { Wires = new CrossbarWires(periphery.Wires!, 1, periphery.ReadVoltageV, rows.Select(r => ReadGeometry.WholeTile(r, 32)).ToList()) };
    }

    private static TrialSelection Select(int variants, int rowsCount, params (int V, int R)[] reads)
    {
        var selected = new bool[variants, rowsCount];
        foreach (var (v, r) in reads) selected[v, r] = true;
        return new TrialSelection(selected);
    }

    /// <summary>Runs <paramref name="batches"/> (trial end, selection; null for all) on one session and checks every count against
    /// <paramref name="full"/>: equal where the batch holding the trial selected the read, 0 elsewhere.</summary>
    private static void AssertSelectedEqualFull(MonteCarloJob job, MonteCarloCounts full, params (int End, TrialSelection? Selection)[] batches)
    {
        var session = MonteCarloEngine.Start(job);
        var selectedAt = new TrialSelection?[Trials];
        int start = 0;
        foreach (var (end, selection) in batches)
        {
            session.RunTrials(end, 2, selection);
            for (int t = start; t < end; t++) selectedAt[t] = selection;
            start = end;
        }
        Assert.Equal(Trials, session.TrialsRun);
        var (selectedReads, zeroReads) = AssertCountsEqualFullWhereRead(job, full, session.Counts, (v, r, b, t) => selectedAt[t] is not { } s || s.Converts(v, r, b));
        Assert.True(selectedReads > 0 && zeroReads > 0);
    }

    /// <summary>Checks every count of <paramref name="got"/> against <paramref name="full"/>: equal where <paramref name="read"/>
    /// (variant, rows entry, ADC bits entry, trial) is true, 0 elsewhere.</summary>
    /// <returns>How many counts were read and how many stayed 0.</returns>
    private static (int Read, int Zero) AssertCountsEqualFullWhereRead(MonteCarloJob job, MonteCarloCounts full, MonteCarloCounts got, Func<int, int, int, int, bool> read)
    {
        int readCounts = 0, zeroCounts = 0;
        for (int v = 0; v < job.Variants.Count; v++)
            for (int r = 0; r < job.RowsList.Count; r++)
                for (int b = 0; b < job.AdcBitsList.Count; b++)
                    for (int what = 0; what < 4; what++)
                    {
                        double[] expected = full.Fractions(v, r, b, what), actual = got.Fractions(v, r, b, what);
                        for (int t = 0; t < Trials; t++)
                        {
                            bool isRead = read(v, r, b, t);
                            if (isRead) readCounts++;
                            else zeroCounts++;
                            Assert.True(actual[t] == (isRead ? expected[t] : 0),
                                $"variant {v}, rows entry {r}, ADC bits entry {b}, outcome {what}, trial {t} ({(isRead ? "read" : "not read")}): {actual[t]}, expected {(isRead ? expected[t] : 0)}");
                        }
                    }
        return (readCounts, zeroCounts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Selected_reads_equal_a_run_of_everything_and_the_others_stay_zero(bool wired)
    {
        // Trials 0..3 read everything; 4..7 only variant 1 at rows entry 0 (variant 0 is not programmed at all); 8..11 variant 0 at
        // rows entry 1 and variant 1 at both: a gap in the trials of every read but (1, 0).
        var job = Job([16, 32], wired);
        var full = MonteCarloEngine.Run(job, 2);
        AssertSelectedEqualFull(job, full, (4, null), (8, Select(2, 2, (1, 0))), (Trials, Select(2, 2, (0, 1), (1, 0), (1, 1))));
    }

    [Theory]
    [InlineData(false, AdcRangeMode.FullScale)]
    [InlineData(false, AdcRangeMode.Calibrated)]
    [InlineData(true, AdcRangeMode.FullScale)]
    [InlineData(true, AdcRangeMode.Calibrated)]
    public void A_selection_that_skips_the_middle_rows_entry_reads_the_outer_ones_as_a_run_of_everything(bool wired, AdcRangeMode range)
    {
        // Rows [16, 32, 48]: reading entries 0 and 2 but not 1 splits the ideal-wire set of partial sums into two runs, the second
        // starting at entry 2 (its own calibration); with wires every entry is a run of its own anyway.
        var job = Job([16, 32, 48], wired, range);
        var full = MonteCarloEngine.Run(job, 2);
        AssertSelectedEqualFull(job, full, (3, Select(2, 3, (0, 0), (0, 2), (1, 1))), (6, null), (9, Select(2, 3, (1, 0), (1, 2))),
            (Trials, Select(2, 3, (0, 1), (1, 2))));
    }

    [Fact]
    public void Wires_give_every_rows_entry_partial_sums_of_its_own()
    {
        // The wired job above must differ from the ideal one, else its selection test would not test separate partial sums.
        var wired = MonteCarloEngine.Run(Job([16, 32], true), 2);
        var ideal = MonteCarloEngine.Run(Job([16, 32], true) with { Wires = null }, 2);
        bool differ = false;
        for (int v = 0; v < 2; v++)
            for (int r = 0; r < 2; r++)
                for (int b = 0; b < 3; b++)
                    differ |= !wired.Fractions(v, r, b, 0).SequenceEqual(ideal.Fractions(v, r, b, 0));
        Assert.True(differ);
    }

    [Fact]
    public void A_selection_of_the_wrong_shape_is_rejected()
    {
        var session = MonteCarloEngine.Start(Job([16, 32], false));
        Assert.Throws<ArgumentException>(() => session.RunTrials(2, 1, new TrialSelection(new bool[2, 3])));
        Assert.Throws<ArgumentException>(() => session.RunTrials(2, 1, new TrialSelection(new bool[1, 2])));
        Assert.Throws<ArgumentException>(() => session.RunTrials(2, 1, TrialSelection.OfVariants([0], 3, 2)));
        Assert.Equal(0, session.TrialsRun);
    }

    [Fact]
    public void OfVariants_reads_every_rows_entry_of_the_variants_given_and_rejects_others()
    {
        var selection = TrialSelection.OfVariants([2, 0], 3, 2);
        Assert.Equal([0, 2], selection.Variants);
        Assert.True(selection.Reads(0, 0) && selection.Reads(0, 1) && selection.Reads(2, 0) && selection.Reads(2, 1));
        Assert.False(selection.Reads(1, 0) || selection.Reads(1, 1));
        Assert.Empty(TrialSelection.OfVariants([], 3, 2).Variants);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrialSelection.OfVariants([3], 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrialSelection.OfVariants([-1], 3, 2));
    }

    [Fact]
    public void Runs_are_the_maximal_stretches_of_read_rows_entries_within_the_range()
    {
        var selection = Select(2, 5, (0, 0), (0, 2), (0, 3), (1, 4));
        Assert.Equal([0, 1], selection.Variants);
        Assert.Equal([(0, 1), (2, 4)], selection.Runs(0, 0, 5));
        Assert.Equal([(2, 3)], selection.Runs(0, 1, 3));
        Assert.Equal([(3, 4)], selection.Runs(0, 3, 5));
        Assert.Empty(selection.Runs(0, 1, 2));
        Assert.Equal([(4, 5)], selection.Runs(1, 0, 5));
        Assert.Empty(selection.Runs(1, 0, 4));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Selected_ADC_resolutions_equal_a_run_of_everything_and_the_others_stay_zero(bool wired)
    {
        var job = Job([16, 32], wired);
        var full = MonteCarloEngine.Run(job, 2);
        var conversions = new bool[2, 2, 3];
        conversions[0, 0, 0] = conversions[0, 0, 2] = true;   // 4 and 8 bits, not 6: two runs of resolutions
        conversions[1, 1, 1] = true;
        var some = new TrialSelection(conversions);
        Assert.True(some.Reads(0, 0) && some.Reads(1, 1) && !some.Reads(0, 1) && !some.Reads(1, 0));
        Assert.True(some.Converts(0, 0, 2) && !some.Converts(0, 0, 1) && some.Converts(1, 1, 1) && !some.Converts(1, 1, 0));
        AssertSelectedEqualFull(job, full, (4, null), (8, some), (Trials, null));
        Assert.Throws<ArgumentException>(() => MonteCarloEngine.Start(job).RunTrials(2, 1, new TrialSelection(new bool[2, 2, 2])));
    }
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Several_sessions_run_in_one_loop_count_as_each_run_alone(int threads)
    {
        // A racing rung: three groups' sessions (calibrated range, wired and ideal) add their trials in one parallel loop, each with
        // its own selection and from its own trial; every count equals the session's own run of the same batches.
        var jobs = new[] { Job([16, 32], false, AdcRangeMode.Calibrated), Job([16, 32], true, AdcRangeMode.Calibrated), Job([16, 32, 48], true) };
        var fulls = jobs.Select(j => MonteCarloEngine.Run(j, 2)).ToArray();
        var sessions = jobs.Select(MonteCarloEngine.Start).ToArray();
        sessions[1].RunTrials(3, 1);
        var first = Select(2, 2, (1, 0));
        MonteCarloSession.RunAll([new TrialBatch(sessions[0], 4, first), new TrialBatch(sessions[1], 8), new TrialBatch(sessions[2], Trials)], threads, CancellationToken.None);
        Assert.Equal([4, 8, Trials], sessions.Select(s => s.TrialsRun));
        MonteCarloSession.RunAll([new TrialBatch(sessions[0], Trials), new TrialBatch(sessions[1], Trials, Select(2, 2, (0, 1)))], threads, CancellationToken.None);
        for (int k = 0; k < jobs.Length; k++)
        {
            Assert.Equal(Trials, sessions[k].TrialsRun);
            int session = k;
            AssertCountsEqualFullWhereRead(jobs[k], fulls[k], sessions[k].Counts,
                (v, r, b, t) => session switch { 0 => t >= 4 || first.Converts(v, r, b), 1 => t < 8 || (v, r) == (0, 1), _ => true });
        }
    }

    [Fact]
    public void One_loop_refuses_a_session_twice_a_trial_end_out_of_range_and_stops_when_cancelled()
    {
        var job = Job([16, 32], false);
        var session = MonteCarloEngine.Start(job);
        Assert.Throws<ArgumentException>(() => MonteCarloSession.RunAll([new TrialBatch(session, 2), new TrialBatch(session, 4)], 1, CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarloSession.RunAll([new TrialBatch(session, Trials + 1)], 1, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => MonteCarloSession.RunAll([new TrialBatch(session, 2, new TrialSelection(new bool[1, 2]))], 1, CancellationToken.None));
        Assert.Equal(0, session.TrialsRun);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MonteCarloSession.RunAll([new TrialBatch(session, Trials)], 1, cancelled.Token));
        Assert.Equal(0, session.TrialsRun);
    }
}
