namespace Dse.Crossbar;

/// <summary>Per-trial counts of one Monte-Carlo job, indexed by variant, rows, ADC bits and trial.</summary>
public sealed class MonteCarloCounts
{
    private readonly int[] _counts;
    private readonly List<Mistake>[] _mistakes;  // [trial]: the SSA picks that differ from the label or the exact pick
    private readonly int[] _assignmentCounts;     // [assignment, trial, outcome]
    private readonly double[] _sliceErrors;       // [variant, rows, trial, slice (most significant first), ADC bits]
    private readonly int _rows, _adc, _trials, _slices;

    /// <summary>Number of queries per trial.</summary>
    public int Queries { get; }

    internal MonteCarloCounts(int variants, int rows, int adc, int trials, int queries, int assignments = 0, int slices = 0)
    {
        _rows = rows; _adc = adc; _trials = trials; _slices = slices; Queries = queries;
        _counts = new int[variants * rows * adc * trials * 4];
        _assignmentCounts = new int[assignments * trials * 4];
        _sliceErrors = new double[variants * rows * trials * slices * adc];
        _mistakes = new List<Mistake>[trials];
        for (int t = 0; t < trials; t++) _mistakes[t] = [];
    }

    /// <summary>Records that chip <paramref name="t"/> of (v, r, b) picked <paramref name="picked"/> for query <paramref name="query"/>,
    /// which differs from its label or its exact SSA pick. Only the worker running trial t writes its list.</summary>
    internal void AddMistake(int v, int r, int b, int t, int query, int picked) => _mistakes[t].Add(new Mistake((v * _rows + r) * _adc + b, query, picked));

    /// <summary>
    /// The SSA picks of chip <paramref name="trial"/> of variant v, rows entry r and ADC bits index b that differ from the query's label
    /// or its exact SSA pick (every other query picked both), in query order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trial"/> is not a trial the counts hold.</exception>
    public IEnumerable<(int Query, int Picked)> Mistakes(int v, int r, int b, int trial)
    {
        if (trial < 0 || trial >= _trials) throw new ArgumentOutOfRangeException(nameof(trial), trial, $"Range: 0 <= trial < {_trials}.");
        int slot = (v * _rows + r) * _adc + b;
        return _mistakes[trial].Where(m => m.Slot == slot).Select(m => (m.Query, m.Picked)).OrderBy(m => m.Query);
    }

    private readonly record struct Mistake(int Slot, int Query, int Picked);

    internal Span<int> Slot(int v, int r, int b, int t) => _counts.AsSpan(((((v * _rows) + r) * _adc + b) * _trials + t) * 4, 4);

    internal Span<int> AssignmentSlot(int a, int t) => _assignmentCounts.AsSpan((a * _trials + t) * 4, 4);

    internal Span<double> SliceErrorSlot(int v, int r, int t) => _sliceErrors.AsSpan((((v * _rows) + r) * _trials + t) * _slices * _adc, _slices * _adc);

    /// <summary>
    /// Per-trial fractions of queries whose noisy pick agrees: <paramref name="what"/> 0 = SSA vs exact SSA,
    /// 1 = SSA vs label, 2 = MIPS vs exact MIPS, 3 = MIPS vs label; of every trial the counts hold.
    /// </summary>
    public double[] Fractions(int v, int r, int b, int what) => Fractions(v, r, b, what, _trials);

    /// <summary>As <see cref="Fractions(int, int, int, int)"/>, of the first <paramref name="trials"/> trials only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trials"/> is not in <c>1 ..</c> the trials held.</exception>
    public double[] Fractions(int v, int r, int b, int what, int trials) => Fractions(t => Slot(v, r, b, t)[what], trials);

    /// <summary>
    /// Per-trial fractions (as <see cref="Fractions(int, int, int, int, int)"/>) of entry <paramref name="a"/> of
    /// <see cref="PerSliceSearchInputs.Assignments"/>, of its first <paramref name="trials"/> trials.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trials"/> is not in <c>1 ..</c> the trials held.</exception>
    public double[] AssignmentFractions(int a, int what, int trials) => Fractions(t => AssignmentSlot(a, t)[what], trials);

    /// <summary>
    /// The separable error surrogate (<see cref="PerSliceSearchInputs.MeasureErrors"/>): the mean, over the first
    /// <paramref name="trials"/> trials, every scored input vector and every stored vector, of the squared error that bit slice
    /// <paramref name="slice"/> (0 = most significant, as <see cref="SliceAssignment.Bits"/>) adds to the dequantised read-out (the
    /// score operand, docs/models.md) when its partial sums are converted at resolution index <paramref name="b"/> of
    /// <see cref="MonteCarloJob.AdcBitsList"/> instead of the highest resolution of the list (the reference, error 0). Units: the
    /// read-out's, squared.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="trials"/> is not in <c>1 ..</c> the trials held.</exception>
    /// <exception cref="InvalidOperationException">When the job did not measure slice errors.</exception>
    public double SliceError(int v, int r, int slice, int b, int trials)
    {
        if (_slices == 0) throw new InvalidOperationException("The job did not measure slice errors (PerSliceSearchInputs.MeasureErrors).");
        if (trials < 1 || trials > _trials) throw new ArgumentOutOfRangeException(nameof(trials), trials, $"Range: 1 <= trials <= {_trials}.");
        double sum = 0;
        for (int t = 0; t < trials; t++) sum += SliceErrorSlot(v, r, t)[slice * _adc + b];
        return sum / trials;
    }

    private double[] Fractions(Func<int, int> count, int trials)
    {
        if (trials < 1 || trials > _trials) throw new ArgumentOutOfRangeException(nameof(trials), trials, $"Range: 1 <= trials <= {_trials}.");
        var result = new double[trials];
        for (int t = 0; t < trials; t++) result[t] = count(t) / (double)Queries;
        return result;
    }
}
