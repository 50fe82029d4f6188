using Dse.Workloads;

namespace Dse.Search;

/// <summary>
/// The SSA and MIPS retrieval of a query set against a prompt store, laid out as crossbar MMMs:
/// a matrix of stored vectors (crossbar columns) and, per query, the input vectors applied to the
/// wordlines. Any read-out <c>R [inputs, stored]</c> of the products (exact, quantised or noisy) is
/// turned into SSA and MIPS picks by <see cref="Score"/>, so every arithmetic shares one scoring path.
/// </summary>
/// <remarks>
/// see docs/models.md#scaled-search-ssa-and-mips. With <see cref="SsaMapping.DigitalPooling"/> stored vectors are all OVT rows and inputs all
/// query rows; the congruence terms are block averages of the read-out. With
/// <see cref="SsaMapping.StoredScales"/> stored vectors are the pooled OVT rows and inputs the pooled
/// query rows; each term is one read-out element.
/// </remarks>
public sealed class RetrievalProblem
{
    private readonly int[] _ovtStoredStart;   // [N + 1]
    private readonly int[] _queryInputStart;  // [Q + 1]
    private readonly Term[][] _terms;         // per query: SSA terms over all OVTs, grouped by OVT
    private readonly int[][] _termStart;      // per query: [N + 1] offsets into _terms[q]
    private readonly MipsTerm[] _mips;        // per OVT

    /// <summary>Stored vectors, row-major <c>[StoredCount, Dim]</c>: the crossbar columns before bit slicing.</summary>
    public float[] Stored { get; }

    /// <summary>Input vectors of all queries, row-major <c>[InputCount, Dim]</c>; query q owns rows <see cref="InputRange"/>(q).</summary>
    public float[] Inputs { get; }

    /// <summary>Embedding width d' of stored and input vectors.</summary>
    public int Dim { get; }

    /// <summary>Number of stored vectors (crossbar columns before slicing).</summary>
    public int StoredCount => _ovtStoredStart[^1];

    /// <summary>Total input vectors over all queries.</summary>
    public int InputCount => _queryInputStart[^1];

    /// <summary>Number of OVTs N.</summary>
    public int OvtCount => _ovtStoredStart.Length - 1;

    /// <summary>Number of queries Q.</summary>
    public int QueryCount => _queryInputStart.Length - 1;

    /// <summary>Ground-truth OVT index per query, or null when the workload has no labels.</summary>
    public int[]? Labels { get; }

    /// <summary>The mapping this layout realises.</summary>
    public SsaMapping Mapping { get; }

    /// <summary>Digital pooling / weighted-sum / argmax operations per query search (for the cost model).</summary>
    public long ScoreOpsPerQuery { get; }

    /// <summary>Builds the layout.</summary>
    /// <param name="store">Prompt store, N OVTs of width d.</param>
    /// <param name="queries">Queries of width d.</param>
    /// <param name="options">SSA scales, weights and normalisation.</param>
    /// <param name="mapping">How the SSA is laid out on the arrays.</param>
    /// <exception cref="ArgumentException">When store and queries differ in d, the store is empty, or scales and weights differ in length.</exception>
    public RetrievalProblem(PromptStore store, QuerySet queries, SsaOptions options, SsaMapping mapping)
    {
        if (store.Ovts.Count == 0) throw new ArgumentException("The prompt store is empty.", nameof(store));
        if (queries.Dim != store.Dim) throw new ArgumentException($"Query width {queries.Dim} differs from store width {store.Dim}.", nameof(queries));
        if (options.Scales.Count != options.Weights.Count) throw new ArgumentException("SSA scales and weights differ in length.", nameof(options));
        Dim = store.Dim;
        Mapping = mapping;
        int d = Dim, n = store.Ovts.Count;

        // Stored vectors (crossbar columns) and applied input vectors, laid out alike.
        _ovtStoredStart = new int[n + 1];
        var stored = new List<float[]>();
        for (int j = 0; j < n; j++)
        {
            _ovtStoredStart[j] = stored.Count;
            AddVectors(stored, store.Ovts[j].Values, store.Ovts[j].Tokens, d, mapping, options.Scales);
        }
        _ovtStoredStart[n] = stored.Count;
        Stored = Flatten(stored, d);

        int qn = queries.Queries.Count;
        _queryInputStart = new int[qn + 1];
        var inputs = new List<float[]>();
        for (int q = 0; q < qn; q++)
        {
            _queryInputStart[q] = inputs.Count;
            AddVectors(inputs, queries.Queries[q].Values, queries.Queries[q].Tokens, d, mapping, options.Scales);
        }
        _queryInputStart[qn] = inputs.Count;
        Inputs = Flatten(inputs, d);
        Labels = queries.HasLabels ? queries.Queries.Select(x => x.Label!.Value).ToArray() : null;

        // Pooled-row norms (digital, unquantised values) and the SSA terms.
        var ovtPooledNorms = store.Ovts.Select(o => PooledNorms(o.Values, o.Tokens, d, options.Scales)).ToArray();
        _terms = new Term[qn][];
        _termStart = new int[qn][];
        long ops = 0;
        for (int q = 0; q < qn; q++)
        {
            var query = queries.Queries[q];
            var queryNorms = PooledNorms(query.Values, query.Tokens, d, options.Scales);
            var terms = new List<Term>();
            var starts = new int[n + 1];
            for (int j = 0; j < n; j++)
            {
                starts[j] = terms.Count;
                int nj = store.Ovts[j].Tokens, m = query.Tokens, pooledIndex = 0;
                for (int s = 0; s < options.Scales.Count; s++)
                {
                    int l = options.Scales[s];
                    for (int i = 0; i < l; i++, pooledIndex++)
                    {
                        double norm = options.CosineNormalise ? queryNorms[pooledIndex] * ovtPooledNorms[j][pooledIndex] : 1.0;
                        double factor = norm > 0 ? options.Weights[s] / l / norm : 0.0;
                        if (mapping == SsaMapping.DigitalPooling)
                        {
                            var (xs, xe) = Pooling.Segment(m, l, i);
                            var (vs, ve) = Pooling.Segment(nj, l, i);
                            terms.Add(new Term(xs, xe, vs, ve, factor / ((xe - xs) * (double)(ve - vs))));
                            ops += (long)(xe - xs) * (ve - vs) + 1;
                        }
                        else
                        {
                            terms.Add(new Term(pooledIndex, pooledIndex + 1, pooledIndex, pooledIndex + 1, factor));
                            ops += 2;
                        }
                    }
                }
            }
            starts[n] = terms.Count;
            _terms[q] = terms.ToArray();
            _termStart[q] = starts;
        }
        _mips = new MipsTerm[n];
        int meanRow = PooledOffsetOfScaleOne(options.Scales);
        if (mapping == SsaMapping.StoredScales && meanRow < 0)
            throw new ArgumentException("The storedScales mapping needs scale 1 (the mean row) for MIPS.", nameof(options));
        for (int j = 0; j < n; j++)
            _mips[j] = mapping == SsaMapping.DigitalPooling
                ? new MipsTerm(false, store.Ovts[j].Tokens)
                : new MipsTerm(true, meanRow);
        ScoreOpsPerQuery = qn == 0 ? 0 : ops / qn + 2L * n;
    }

    /// <summary>Input rows <c>[start, end)</c> of query <paramref name="q"/>.</summary>
    public (int Start, int End) InputRange(int q) => (_queryInputStart[q], _queryInputStart[q + 1]);

    /// <summary>Stored columns <c>[start, end)</c> of OVT <paramref name="j"/>.</summary>
    public (int Start, int End) StoredRange(int j) => (_ovtStoredStart[j], _ovtStoredStart[j + 1]);

    /// <summary>
    /// SSA and MIPS picks of query <paramref name="q"/> from a read-out of its input vectors against all
    /// stored vectors.
    /// </summary>
    /// <param name="q">Query index.</param>
    /// <param name="readout">Row-major <c>[inputs of q, StoredCount]</c>: the products input . stored.</param>
    /// <returns>Index of the OVT with the highest SSA score and with the highest MIPS score (lowest index on ties).</returns>
    public (int Ssa, int Mips) Score(int q, ReadOnlySpan<double> readout)
    {
        int s = StoredCount, m = _queryInputStart[q + 1] - _queryInputStart[q];
        var terms = _terms[q];
        var starts = _termStart[q];
        int bestSsa = 0, bestMips = 0;
        double bestSsaScore = double.NegativeInfinity, bestMipsScore = double.NegativeInfinity;
        for (int j = 0; j < OvtCount; j++)
        {
            int col0 = _ovtStoredStart[j];
            double score = 0;
            for (int t = starts[j]; t < starts[j + 1]; t++)
            {
                var term = terms[t];
                double sum = 0;
                for (int a = term.InputStart; a < term.InputEnd; a++)
                {
                    var row = readout.Slice(a * s + col0 + term.StoredStart, term.StoredEnd - term.StoredStart);
                    for (int b = 0; b < row.Length; b++) sum += row[b];
                }
                score += sum * term.Factor;
            }
            if (score > bestSsaScore) { bestSsaScore = score; bestSsa = j; }

            double mips;
            if (_mips[j].Pooled) mips = readout[_mips[j].Index * s + col0 + _mips[j].Index];
            else
            {
                double sum = 0;
                int width = _mips[j].Index;
                for (int a = 0; a < m; a++)
                {
                    var row = readout.Slice(a * s + col0, width);
                    for (int b = 0; b < width; b++) sum += row[b];
                }
                mips = sum / (m * (double)width);
            }
            if (mips > bestMipsScore) { bestMipsScore = mips; bestMips = j; }
        }
        return (bestSsa, bestMips);
    }

    /// <summary>Exact (double-precision) read-out of query <paramref name="q"/>: <c>[inputs of q, StoredCount]</c>.</summary>
    public double[] ExactReadout(int q)
    {
        var (start, end) = InputRange(q);
        int s = StoredCount, d = Dim;
        var result = new double[(end - start) * s];
        for (int a = start; a < end; a++)
        {
            var x = Inputs.AsSpan(a * d, d);
            for (int c = 0; c < s; c++)
            {
                var v = Stored.AsSpan(c * d, d);
                double sum = 0;
                for (int k = 0; k < d; k++) sum += (double)x[k] * v[k];
                result[(a - start) * s + c] = sum;
            }
        }
        return result;
    }

    /// <summary>Appends the vectors a token matrix <c>[tokens, d]</c> contributes: its rows, or its pooled rows at every scale.</summary>
    private static void AddVectors(List<float[]> target, float[] values, int tokens, int d, SsaMapping mapping, IReadOnlyList<int> scales)
    {
        if (mapping == SsaMapping.DigitalPooling)
        {
            for (int r = 0; r < tokens; r++) target.Add(values.AsSpan(r * d, d).ToArray());
            return;
        }
        foreach (int l in scales)
        {
            var pooled = Pooling.Pool(values, tokens, d, l);
            for (int i = 0; i < l; i++) target.Add(pooled.AsSpan(i * d, d).ToArray());
        }
    }

    private static double[] PooledNorms(float[] values, int rows, int d, IReadOnlyList<int> scales)
    {
        var norms = new List<double>();
        foreach (int l in scales)
        {
            var pooled = Pooling.Pool(values, rows, d, l);
            for (int i = 0; i < l; i++)
            {
                double sum = 0;
                for (int k = 0; k < d; k++) sum += (double)pooled[i * d + k] * pooled[i * d + k];
                norms.Add(Math.Sqrt(sum));
            }
        }
        return norms.ToArray();
    }

    private static float[] Flatten(List<float[]> rows, int d)
    {
        var result = new float[rows.Count * d];
        for (int i = 0; i < rows.Count; i++) rows[i].CopyTo(result, i * d);
        return result;
    }

    private readonly record struct Term(int InputStart, int InputEnd, int StoredStart, int StoredEnd, double Factor);

    /// <summary>MIPS of one OVT: with pooled rows, the read-out of mean row <c>Index</c> against mean row <c>Index</c>; else the mean over the first <c>Index</c> stored columns and all inputs.</summary>
    private readonly record struct MipsTerm(bool Pooled, int Index);

    private static int PooledOffsetOfScaleOne(IReadOnlyList<int> scales)
    {
        int offset = 0;
        foreach (int l in scales)
        {
            if (l == 1) return offset;
            offset += l;
        }
        return -1;
    }
}
