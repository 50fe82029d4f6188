using Dse.Randomness;

namespace Dse.Workloads;

/// <summary>
/// Generates queries from the stored OVTs themselves (see docs/models.md#peft-adapters, <c>peft</c> source): each query is
/// <c>m</c> rows of one OVT, kept in token order, plus Gaussian noise; its label is that OVT.
/// </summary>
public static class QueryGenerator
{
    /// <summary>Generates <paramref name="queriesPerPrompt"/> queries for every OVT of <paramref name="store"/>.</summary>
    /// <param name="store">The prompt store, <c>N</c> OVTs of shape <c>[n_j, d]</c>.</param>
    /// <param name="queriesPerPrompt">Queries per OVT. Range: <c>>= 1</c>.</param>
    /// <param name="queryTokens">m, rows per query. Range: <c>>= 1</c>.</param>
    /// <param name="queryNoise">Noise std as a fraction of the source OVT's RMS value. Range: finite, <c>>= 0</c>.</param>
    /// <param name="seed">Workload seed.</param>
    /// <returns>
    /// <c>N x queriesPerPrompt</c> queries of shape <c>[m, d]</c>, ordered by OVT then by query index,
    /// labelled with the source OVT's index. Rows are drawn without replacement when <c>n_j >= m</c>,
    /// with replacement otherwise, and sorted into token order.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is outside its range.</exception>
    /// <remarks>
    /// Query <c>k</c> of OVT <c>j</c> uses its own stream, <c>Rng(Rng.DeriveSeed(seed, "query/j/k"))</c>,
    /// which first picks the rows (partial Fisher-Yates, or <c>m</c> uniform picks) and then draws the
    /// noise row by row. It therefore depends only on the seed and OVT <c>j</c>: not on the trial, on
    /// other OVTs, or on how many queries are generated.
    /// </remarks>
    public static QuerySet FromStore(PromptStore store, int queriesPerPrompt, int queryTokens, double queryNoise, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queriesPerPrompt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryTokens, 1);
        if (!double.IsFinite(queryNoise) || queryNoise < 0)
            throw new ArgumentOutOfRangeException(nameof(queryNoise), queryNoise, "Query noise must be finite and >= 0.");

        var dim = store.Dim;
        var queries = new List<Query>(store.Ovts.Count * queriesPerPrompt);
        for (var j = 0; j < store.Ovts.Count; j++)
        {
            var ovt = store.Ovts[j];
            var std = queryNoise * ovt.Rms();
            var indices = new int[Math.Max(ovt.Tokens, queryTokens)];
            for (var k = 0; k < queriesPerPrompt; k++)
            {
                var rng = new Rng(Rng.DeriveSeed(seed, $"query/{j}/{k}"));
                var rows = PickRows(rng, ovt.Tokens, queryTokens, indices);
                var values = new float[queryTokens * dim];
                for (var r = 0; r < queryTokens; r++)
                {
                    var source = ovt.Row(rows[r]);
                    var target = values.AsSpan(r * dim, dim);
                    for (var c = 0; c < dim; c++) target[c] = (float)(source[c] + std * rng.NextGaussian());
                }
                queries.Add(new Query(values, queryTokens, j));
            }
        }
        return new QuerySet(queries, dim);
    }

    /// <summary>m sorted row indices of an n-row OVT; <paramref name="scratch"/> has length >= max(n, m).</summary>
    private static Span<int> PickRows(Rng rng, int n, int m, int[] scratch)
    {
        var picked = scratch.AsSpan(0, m);
        if (n >= m)
        {
            for (var i = 0; i < n; i++) scratch[i] = i;
            for (var i = 0; i < m; i++)
            {
                var swap = i + rng.NextInt(n - i);
                (scratch[i], scratch[swap]) = (scratch[swap], scratch[i]);
            }
        }
        else
        {
            for (var i = 0; i < m; i++) scratch[i] = rng.NextInt(n);
        }
        picked.Sort();
        return picked;
    }
}
