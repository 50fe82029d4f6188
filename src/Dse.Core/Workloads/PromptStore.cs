using Dse.Diagnostics;

namespace Dse.Workloads;

/// <summary>One optimal set of virtual tokens (OVT): a soft-prompt matrix.</summary>
/// <param name="Name">Domain name (file stem for adapters).</param>
/// <param name="Values">Row-major values, shape <c>[Tokens, Dim]</c>.</param>
/// <param name="Tokens">n, the number of virtual tokens.</param>
/// <param name="Dim">d, the embedding width.</param>
public sealed record Ovt(string Name, float[] Values, int Tokens, int Dim)
{
    /// <summary>Row <paramref name="r"/> as a span of length <see cref="Dim"/>.</summary>
    public ReadOnlySpan<float> Row(int r) => Values.AsSpan(r * Dim, Dim);
}

/// <summary>The prompt store: N OVTs sharing one embedding width d (their n may differ).</summary>
/// <param name="Ovts">The stored OVTs, in store order (their index is the retrieval label).</param>
/// <param name="Dim">d, shared by every OVT.</param>
public sealed record PromptStore(IReadOnlyList<Ovt> Ovts, int Dim)
{
    /// <summary>Valid numbers of OVTs in a store to search (N): 2..100000 (a retrieval needs two candidates).</summary>
    public static IntRange OvtCountRange { get; } = new(2, 100000);

    /// <summary>Valid embedding widths (d): 1..65536.</summary>
    public static IntRange DimRange { get; } = new(1, 65536);

    /// <summary>
    /// Valid token counts: 1..4096 virtual tokens n per OVT (the sweeps' <c>virtualTokens</c>), and m tokens per query on the
    /// command line (<c>--query-tokens</c>; a sweep file's <c>workload.queryTokens</c> is only checked to be &gt;= 1).
    /// </summary>
    public static IntRange TokensRange { get; } = new(1, 4096);
}

/// <summary>One user input embedding.</summary>
/// <param name="Values">Row-major values, shape <c>[Tokens, Dim]</c>.</param>
/// <param name="Tokens">m, the number of input tokens.</param>
/// <param name="Label">Index of the OVT it should retrieve, when known.</param>
public sealed record Query(float[] Values, int Tokens, int? Label)
{
    /// <summary>Row <paramref name="r"/>.</summary>
    public ReadOnlySpan<float> Row(int r) => Values.AsSpan(r * (Values.Length / Tokens), Values.Length / Tokens);
}

/// <summary>The queries of a workload, all of width <see cref="Dim"/>.</summary>
public sealed record QuerySet(IReadOnlyList<Query> Queries, int Dim)
{
    /// <summary>True when every query has a ground-truth label.</summary>
    public bool HasLabels => Queries.Count > 0 && Queries.All(q => q.Label is not null);
}

/// <summary>A loaded workload: the store, its queries and a description for reports.</summary>
/// <param name="Store">The prompt store.</param>
/// <param name="Queries">The queries (same Dim as the store).</param>
/// <param name="Description">One line: kind, sizes, value statistics, retained PCA variance.</param>
/// <param name="InputFiles">Files read (for hashes in summary.json); empty for synthetic.</param>
public sealed record Workload(PromptStore Store, QuerySet Queries, string Description, IReadOnlyList<string> InputFiles)
{
    /// <summary>
    /// Builds the store for n virtual tokens when the OVT values depend on n (the <c>text</c> workload reruns
    /// representative selection with k = n); null when the first n rows of <see cref="Store"/> are the answer.
    /// </summary>
    public Func<int, PromptStore>? StoreForTokens { get; init; }

    /// <summary>
    /// Held-out queries for ADC calibration, disjoint from <see cref="Queries"/> (drawn like them from the same distribution); null
    /// when the workload has none (then a chip calibrates on its first scored queries, which is optimistic).
    /// </summary>
    public QuerySet? CalibrationQueries { get; init; }

    /// <summary>The store for <paramref name="tokens"/> virtual tokens.</summary>
    /// <param name="tokens">n. Range: <c>>= 1</c>.</param>
    /// <returns><see cref="StoreForTokens"/>(n) when set, else <see cref="StoreOps.Truncate"/>(<see cref="Store"/>, n).</returns>
    public PromptStore StoreFor(int tokens) => StoreForTokens?.Invoke(tokens) ?? Store.Truncate(tokens);
}
