using Dse.Crossbar;
using Dse.Exploration.Axes;
using Dse.Randomness;
using Dse.Search;

namespace Dse.Exploration;

/// <summary>
/// The points that share one Monte-Carlo job: the same mapped store (tokens, PCA width, SSA mapping, quantisation, cell bits,
/// signed mapping, ADC range). Devices, sigma scales and read times are variants on common cell draws; ADC bits are read from
/// the same partial sums, and so are reads of equal rows per read with ideal wires (with wires each read geometry has its own);
/// cost-only axes add no Monte Carlo.
/// </summary>
/// <remarks>The ADC zero reference, the column gain, the comparator non-idealities (of the point's ADC model) and the wire scale
/// group points too, but stay out of the label, so every reference mode, gain mode, ADC model and wire scale is simulated on the
/// same cell draws. With non-ideal wires a job's entries are its read geometries (rows, cols, rows per read, and columns per ADC
/// when unselected bitlines float), each with its own partial sums.</remarks>
internal readonly record struct MonteCarloGroupKey(int? Tokens, int? Dim, SsaMapping Ssa, int WeightBits, int InputBits, int CellBits, SignedMapping Signed, AdcRangeMode Range,
    int? StoredPrompts, AdcReference Reference, AdcGain Gain, Dse.Devices.AdcNonideality Comparator, double WireScale)
{
    public static MonteCarloGroupKey Of(DesignPoint p, Dse.Devices.PeripheryModel periphery)
        => new(p.VirtualTokens, p.CompressedDim, p.SsaMapping, p.WeightBits, p.InputBits, p.CellBits, p.SignedMapping, p.AdcRange, p.StoredPrompts,
            p.AdcReference, p.AdcGain, periphery.AdcNonidealityOf(p.AdcModel), periphery.Wires is null ? 0 : p.WireResistanceScale);

    /// <summary>The group's label, e.g. <c>n8/dfull/digitalPooling/w8/i8/c2/differential/fullScale</c>: seeds the cell draws.</summary>
    public string Label => DesignAxes.JoinTokens([DesignAxes.VirtualTokens.Token(Tokens), DesignAxes.CompressedDim.Token(Dim), DesignAxes.SsaMapping.Token(Ssa),
        DesignAxes.WeightBits.Token(WeightBits), DesignAxes.InputBits.Token(InputBits), DesignAxes.CellBits.Token(CellBits), DesignAxes.SignedMapping.Token(Signed),
        DesignAxes.AdcRange.Token(Range), DesignAxes.StoredPrompts.Token(StoredPrompts)]);

    /// <summary>The quantised operands this group maps (shared by groups differing only in cell bits, signed mapping or range).</summary>
    public OperandsKey Operands => new(Tokens, Dim, Ssa, WeightBits, InputBits, StoredPrompts);
}

/// <summary>What quantised operands depend on.</summary>
internal readonly record struct OperandsKey(int? Tokens, int? Dim, SsaMapping Ssa, int WeightBits, int InputBits, int? StoredPrompts)
{
    /// <summary>The label of the laid-out store, e.g. <c>n8/d64/N100</c>: the tokens of its virtual tokens, PCA width and store size.</summary>
    public string StoreLabel => DesignAxes.JoinTokens([DesignAxes.VirtualTokens.Token(Tokens), DesignAxes.CompressedDim.Token(Dim), DesignAxes.StoredPrompts.Token(StoredPrompts)]);
}

/// <summary>One group's Monte-Carlo job, run (with adaptive trials when asked) and read out per point.</summary>
internal sealed class MonteCarloGroup
{
    private readonly IReadOnlyList<DesignPoint> _points;
    private readonly int[] _variantOf;
    private readonly List<(int RowsPerRead, int Rows, int Cols, int ColsPerAdc)> _reads;   // all but RowsPerRead 0 with ideal wires
    private readonly bool _wired, _phased;   // non-ideal wires; and floating unselected bitlines, whose column phases differ
    private readonly List<int> _adcBits;
    private readonly McSpec _mc;
    private readonly bool _labels;
    private MonteCarloCounts? _counts;
    private MonteCarloSession? _session;

    /// <summary>Builds the job of <paramref name="points"/> (all of one <see cref="MonteCarloGroupKey"/>).</summary>
    /// <param name="points">The group's design points.</param>
    /// <param name="key">Their common key.</param>
    /// <param name="context">The sweep: its Monte-Carlo settings, the key's quantised operands and calibration batch, the finest row block,
    /// the reference-column span and the periphery (its wires and Vread when <c>key.WireScale</c> &gt; 0). The cell draws use
    /// <c>Rng.DeriveSeed(mc.seed, "cells/" + key.Label)</c>.</param>
    /// <param name="options">The run's GEMM backend and counters.</param>
    public MonteCarloGroup(IReadOnlyList<DesignPoint> points, MonteCarloGroupKey key, SweepContext context, RunOptions options)
    {
        _points = points;
        var (ops, calibration) = context.Operands.Operands(key.Operands);
        var periphery = context.Prepared.Periphery;
        _mc = context.Prepared.Spec.Mc;
        _labels = ops.Problem.Labels is not null;
        Operands = ops;
        Cells = CellArray.Map(ops.Stored, key.CellBits, key.Signed);
        MeanLevelFraction = Cells.MeanLevelFraction();
        var variants = points.Select(VariantOf).Distinct().ToList();
        _variantOf = points.Select(p => variants.IndexOf(VariantOf(p))).ToArray();
        _wired = key.WireScale > 0;
        _phased = periphery.ReadCircuit.UnselectedBitlines == Dse.Devices.UnselectedBitlines.Floating;
        _reads = points.Select(ReadOf).Distinct().Order().ToList();
        _adcBits = points.Select(p => p.AdcBits).Distinct().Order().ToList();
        var devices = points.Select(p => p.Device).DistinctBy(d => d.Name).ToDictionary(d => d.Name);
        Job = new MonteCarloJob(ops, Cells, variants.Select(v => new CrossbarVariant(devices[v.Device], v.SigmaScale, v.ReadTimeS, v.WriteVerify)).ToList(),
            _reads.Select(c => c.RowsPerRead).ToList(), _adcBits, key.Range, _mc.CalibrationQuantile, _mc.CalibrationQueries, _mc.Trials,
            Rng.DeriveSeed(_mc.Seed, "cells/" + key.Label), context.FineRows)
        {
            Reference = key.Reference, Gain = key.Gain, Comparator = key.Comparator, Calibration = calibration, ReferenceColumnSpan = context.ReferenceColumnSpan,
            Gemm = _mc.Arithmetic == MmmArithmetic.Int8 ? Crossbar.GemmBackend.Int8 : options.Gemm, Counters = options.Counters,
            Wires = _wired
                ? new Crossbar.IrDrop.CrossbarWires(periphery.Wires!, key.WireScale, periphery.ReadVoltageV,
                    _reads.Select(c => new Crossbar.IrDrop.ReadGeometry(c.Rows, c.Cols, c.RowsPerRead, c.ColsPerAdc)).ToList()) { Circuit = periphery.ReadCircuit }
                : null,
        };
    }

    /// <summary>What makes point <paramref name="p"/>'s chips a variant of the group's cell draws: device, sigma scale, read time and write-verify.</summary>
    internal static (string Device, double SigmaScale, double? ReadTimeS, WriteVerify? WriteVerify) VariantOf(DesignPoint p)
        => (p.Device.Name, p.SigmaScale, p.ReadTimeS, p.WriteVerify);

    /// <summary>The quantised operands of the group's mapped store.</summary>
    public QuantizedOperands Operands { get; }

    /// <summary>The stored vectors mapped onto cells.</summary>
    public CellArray Cells { get; }

    /// <summary>Mean programmed level / top level over the group's cells (the cost model's cell-current statistic), computed once.</summary>
    public double MeanLevelFraction { get; }

    /// <summary>The engine job.</summary>
    public MonteCarloJob Job { get; }

    /// <summary>
    /// Runs the trials: all <c>mc.trials</c> at once, or with <c>mc.targetCiHalfWidth</c> in batches of <c>mc.minTrials</c>
    /// until every point has stopped (<see cref="AdaptiveTrials"/>); each batch simulates only the variants of points still running.
    /// </summary>
    /// <returns>The trials each point keeps, in the order of the points given.</returns>
    /// <param name="threads">Worker threads, &gt;= 1.</param>
    public int[] Run(int threads)
    {
        var mc = _mc;
        var session = Session;
        var trialsOf = new int[_points.Count];
        if (mc.TargetCiHalfWidth is not double target)
        {
            session.RunTrials(mc.Trials, threads);
            Array.Fill(trialsOf, mc.Trials);
            return trialsOf;
        }
        var running = Enumerable.Range(0, _points.Count).ToList();
        foreach (int checkpoint in AdaptiveTrials.Checkpoints(mc.MinTrials, mc.Trials))
        {
            session.RunTrials(checkpoint, threads, TrialSelection.OfVariants(running.Select(i => _variantOf[i]).Distinct(), Job.Variants.Count, Job.RowsList.Count));
            foreach (int i in running.ToList())
            {
                if (!AdaptiveTrials.Stops(Fractions(i, _labels ? RetrievalOutcome.SsaAccuracy : RetrievalOutcome.SsaAgreement, checkpoint), target, mc.Trials)) continue;
                trialsOf[i] = checkpoint;
                running.Remove(i);
            }
            if (running.Count == 0) break;
        }
        return trialsOf;
    }

    /// <summary>
    /// Racing: the trials up to <paramref name="trialEnd"/> for the points <paramref name="running"/> only (their variants' chips, read
    /// only with their reads and converted only at their ADC resolutions), to run with the other groups' in
    /// <see cref="MonteCarloSession.RunAll"/>; the other points' counts stay those of the trials they had.
    /// </summary>
    /// <param name="trialEnd">One past the last trial to run, at least the trials run so far.</param>
    /// <param name="running">Indices of the points still racing.</param>
    public TrialBatch BatchTo(int trialEnd, IEnumerable<int> running)
    {
        var conversions = new bool[Job.Variants.Count, Job.RowsList.Count, Job.AdcBitsList.Count];
        foreach (int i in running) conversions[_variantOf[i], CrossbarIndex(_points[i]), _adcBits.IndexOf(_points[i].AdcBits)] = true;
        return new TrialBatch(Session, trialEnd, new TrialSelection(conversions));
    }

    /// <summary>The read of point <paramref name="i"/>: its variant and rows entry, <c>(variant, RowsList index)</c>. Points of one read
    /// share its partial sums and calibration (every ADC resolution of a read converts the same sums).</summary>
    public (int Variant, int RowsEntry) ReadKey(int i) => (_variantOf[i], CrossbarIndex(_points[i]));

    /// <summary>The group's reads: distinct <see cref="ReadKey"/>s of its points.</summary>
    public int ReadCount => Enumerable.Range(0, _points.Count).Select(ReadKey).Distinct().Count();

    /// <summary>Queries answered right with <paramref name="outcome"/> by each of the first <paramref name="trials"/> chips of point <paramref name="i"/>.</summary>
    public int[] Correct(int i, RetrievalOutcome outcome, int trials)
        => Fractions(i, outcome, trials).Select(f => (int)Math.Round(f * Operands.Problem.QueryCount)).ToArray();

    /// <summary>
    /// The retrieval confusion of a point's chips' <paramref name="picks"/> (<see cref="Picks"/>): how often a query whose true OVT is
    /// <c>True</c> had its noisy SSA pick at <c>Picked</c>, every nonzero pair in (true, picked) order. The counts add up to
    /// <c>trials x queries</c>, and the diagonal to the accuracy's.
    /// </summary>
    public static IReadOnlyList<ConfusionCell> Confusion(IEnumerable<(int True, int Picked)[]> picks) => picks.SelectMany(p => p)
        .GroupBy(c => c).OrderBy(g => g.Key.True).ThenBy(g => g.Key.Picked).Select(g => new ConfusionCell(g.Key.True, g.Key.Picked, g.Count())).ToArray();

    /// <summary>Per chip of point <paramref name="i"/> (its first <paramref name="trials"/>), each query's (true OVT, noisy SSA pick), in
    /// query order; the true OVT is the query's label, its exact SSA pick without labels.</summary>
    public IEnumerable<(int True, int Picked)[]> Picks(int i, int trials)
    {
        var counts = _counts ?? throw new InvalidOperationException("Run the group first.");
        var truth = Operands.Problem.Labels ?? Operands.ExactSsa;
        int v = _variantOf[i], r = CrossbarIndex(_points[i]), b = _adcBits.IndexOf(_points[i].AdcBits);
        for (int t = 0; t < trials; t++)
        {
            var picks = truth.Select((label, q) => (True: label, Picked: label)).ToArray();
            foreach (var (q, picked) in counts.Mistakes(v, r, b, t)) picks[q].Picked = picked;
            yield return picks;
        }
    }

    private MonteCarloSession Session
    {
        get
        {
            if (_session is null)
            {
                _session = MonteCarloEngine.Start(Job);
                _counts = _session.Counts;
            }
            return _session;
        }
    }

    /// <summary>The index in the job's <c>RowsList</c> of point <paramref name="p"/>'s read (its rows per read, and with wires its
    /// subarray and column multiplexing).</summary>
    internal int CrossbarIndex(DesignPoint p) => _reads.IndexOf(ReadOf(p));

    /// <summary>What separates point <paramref name="p"/>'s partial sums from another's of the group: its rows per read; with wires
    /// also its subarray and, when unselected bitlines float (so the column phases differ), its columns per ADC.</summary>
    private (int RowsPerRead, int Rows, int Cols, int ColsPerAdc) ReadOf(DesignPoint p)
        => _wired ? (p.RowsPerReadOrRows, p.Rows, p.Cols, _phased ? p.ColsPerAdc : 1) : (p.RowsPerReadOrRows, 0, 0, 0);

    /// <summary>Per-trial fractions of point <paramref name="i"/> for one outcome, over its first <paramref name="trials"/> trials.</summary>
    public double[] Fractions(int i, RetrievalOutcome outcome, int trials)
        => (_counts ?? throw new InvalidOperationException("Run the group first."))
            .Fractions(_variantOf[i], CrossbarIndex(_points[i]), _adcBits.IndexOf(_points[i].AdcBits), (int)outcome, trials);
}
