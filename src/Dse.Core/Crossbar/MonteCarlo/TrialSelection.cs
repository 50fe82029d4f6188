namespace Dse.Crossbar;

/// <summary>
/// Which chips a batch of trials programs and which of their reads it converts and scores: per variant of the job, the entries of
/// <see cref="MonteCarloJob.RowsList"/> read. What is left out keeps zero counts for those trials; what is read gets exactly the
/// numbers a run of everything gives (a read's partial sums, calibration and conversions depend on its own rows entry only).
/// </summary>
public sealed class TrialSelection
{
    private readonly bool[,] _reads;
    private readonly bool[,,]? _conversions;

    /// <summary>A selection of reads, each converted at every ADC resolution of the job.</summary>
    /// <param name="reads">Per variant and rows entry, <c>[variants, RowsList.Count]</c>: true where the read is simulated.</param>
    public TrialSelection(bool[,] reads) => _reads = reads;

    /// <summary>A selection of conversions: a read is simulated when one of its ADC resolutions is converted, and only those are
    /// scored (each resolution's numbers depend on the read's partial sums alone).</summary>
    /// <param name="conversions">Per variant, rows entry and ADC resolution, <c>[variants, RowsList.Count, AdcBitsList.Count]</c>.</param>
    public TrialSelection(bool[,,] conversions)
    {
        _conversions = conversions;
        _reads = new bool[conversions.GetLength(0), conversions.GetLength(1)];
        for (int v = 0; v < _reads.GetLength(0); v++)
            for (int r = 0; r < _reads.GetLength(1); r++)
                _reads[v, r] = ConvertedBits(v, r) is not null;
    }

    /// <summary>ADC resolutions of the job when the selection names them (the third dimension); null: every resolution of a read.</summary>
    public int? AdcBitsCount => _conversions?.GetLength(2);

    /// <summary>True when ADC resolution <paramref name="b"/> of rows entry <paramref name="r"/> of variant <paramref name="v"/> is converted.</summary>
    public bool Converts(int v, int r, int b) => _conversions?[v, r, b] ?? _reads[v, r];

    /// <summary>The ADC resolutions <c>[First, End)</c> a read converts: from the lowest selected to the highest (one pass of the ADC
    /// stage over the partial sums serves them all, so a gap is converted too and left unscored); null: all of them, or none selected.</summary>
    internal (int First, int End)? ConvertedBits(int v, int r)
    {
        if (_conversions is null) return null;
        int first = -1, last = -1;
        for (int b = 0; b < _conversions.GetLength(2); b++)
            if (_conversions[v, r, b]) (first, last) = (first < 0 ? b : first, b);
        return first < 0 ? null : (first, last + 1);
    }

    /// <summary>Every read of the variants <paramref name="variants"/> of a job with <paramref name="variantCount"/> variants and
    /// <paramref name="rowsCount"/> rows entries.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a variant index is outside <c>0 .. variantCount - 1</c>.</exception>
    public static TrialSelection OfVariants(IEnumerable<int> variants, int variantCount, int rowsCount)
    {
        var reads = new bool[variantCount, rowsCount];
        foreach (int v in variants)
        {
            if (v < 0 || v >= variantCount) throw new ArgumentOutOfRangeException(nameof(variants), v, $"Range: 0 <= variant < {variantCount}.");
            for (int r = 0; r < rowsCount; r++) reads[v, r] = true;
        }
        return new TrialSelection(reads);
    }

    /// <summary>Variants of the job: the first dimension of the selection.</summary>
    public int VariantCount => _reads.GetLength(0);

    /// <summary>Rows entries of the job: the second dimension of the selection.</summary>
    public int RowsCount => _reads.GetLength(1);

    /// <summary>True when rows entry <paramref name="r"/> of variant <paramref name="v"/> is simulated.</summary>
    public bool Reads(int v, int r) => _reads[v, r];

    /// <summary>The variants with at least one read, in index order: the chips programmed.</summary>
    public IEnumerable<int> Variants => Enumerable.Range(0, VariantCount).Where(v => Enumerable.Range(0, RowsCount).Any(r => _reads[v, r]));

    /// <summary>The maximal runs <c>[First, End)</c> of read rows entries of variant <paramref name="v"/> within <c>[first, end)</c>.</summary>
    internal IEnumerable<(int First, int End)> Runs(int v, int first, int end)
    {
        for (int r = first; r < end;)
        {
            if (!_reads[v, r]) { r++; continue; }
            int runEnd = r + 1;
            while (runEnd < end && _reads[v, runEnd]) runEnd++;
            yield return (r, runEnd);
            r = runEnd;
        }
    }
}
