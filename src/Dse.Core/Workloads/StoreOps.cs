namespace Dse.Workloads;

/// <summary>Operations on prompt stores and OVTs that do not change their values.</summary>
public static class StoreOps
{
    /// <summary>
    /// Keeps the first <c>min(tokens, n)</c> rows of every OVT, so a sweep over the number of
    /// virtual tokens can generate or load the largest <c>n</c> once and cut it down.
    /// </summary>
    /// <param name="store">The store; not modified.</param>
    /// <param name="tokens">Rows to keep per OVT. Range: <c>tokens >= 1</c>.</param>
    /// <returns>A new store of the same OVT names and <c>Dim</c>; OVTs already short enough are reused as they are.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="tokens"/> &lt; 1.</exception>
    public static PromptStore Truncate(this PromptStore store, int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        var ovts = store.Ovts
            .Select(o => o.Tokens <= tokens ? o : o with { Values = o.Values.AsSpan(0, tokens * o.Dim).ToArray(), Tokens = tokens })
            .ToArray();
        return new PromptStore(ovts, store.Dim);
    }

    /// <summary>
    /// The first <paramref name="count"/> OVTs of the store and the queries that belong to them (label below
    /// <paramref name="count"/>; unlabelled queries are all kept), so a sweep over the store size searches a prefix of one
    /// loaded store.
    /// </summary>
    /// <param name="store">The store; not modified.</param>
    /// <param name="queries">Its queries.</param>
    /// <param name="count">OVTs to keep. Range: <c>1 &lt;= count &lt;= store.Ovts.Count</c>.</param>
    /// <returns>The prefix store (labels unchanged: they index the same OVTs) and its queries.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="count"/> is outside its range.</exception>
    public static (PromptStore Store, QuerySet Queries) Prefix(this PromptStore store, QuerySet queries, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, store.Ovts.Count);
        if (count == store.Ovts.Count) return (store, queries);
        return (new PromptStore(store.Ovts.Take(count).ToArray(), store.Dim),
            new QuerySet(queries.Queries.Where(q => q.Label is not int label || label < count).ToArray(), queries.Dim));
    }

    /// <summary>Root mean square of all values of an OVT (same unit as its values).</summary>
    /// <param name="ovt">The OVT, <c>[n, d]</c>.</param>
    /// <returns><c>sqrt(sum v^2 / (n d))</c>, accumulated in double precision.</returns>
    public static double Rms(this Ovt ovt)
    {
        double sum = 0;
        foreach (var v in ovt.Values) sum += (double)v * v;
        return Math.Sqrt(sum / ovt.Values.Length);
    }

    /// <summary>Largest absolute value over every OVT of the store.</summary>
    /// <param name="store">The store.</param>
    /// <returns><c>max |v|</c>, in the unit of the stored values.</returns>
    public static double MaxAbs(this PromptStore store)
    {
        double max = 0;
        foreach (var o in store.Ovts)
            foreach (var v in o.Values)
                max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
