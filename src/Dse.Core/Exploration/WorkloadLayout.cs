using Dse.Randomness;
using Dse.Workloads;

namespace Dse.Exploration;

/// <summary>Loads a sweep's workload and lays it out for one token count and PCA width.</summary>
internal static class WorkloadLayout
{
    /// <summary>The workload of <paramref name="spec"/> at its largest token count (seeded from the sweep seed).</summary>
    public static Workload Load(SweepSpec spec)
    {
        ulong seed = Rng.DeriveSeed(spec.Mc.Seed, "workload");
        int maxTokens() => spec.Space.Values(Axes.DesignAxes.VirtualTokens).Max() ?? throw new InvalidOperationException("virtualTokens is required for this workload.");
        return spec.Workload switch
        {
            SyntheticWorkloadSpec s => SyntheticWorkload.Generate(new SyntheticWorkloadOptions(
                Prompts: s.Prompts, Dim: s.Dim, Tokens: maxTokens(), Queries: spec.Mc.Queries, QueryTokens: s.QueryTokens,
                Regime: s.Regime, DomainShift: s.DomainShift ?? new SyntheticWorkloadOptions().DomainShift, Seed: seed), spec.Mc.CalibrationQueries),
            PeftWorkloadSpec p => PeftWorkload.Load(p.Adapters, new PeftWorkloadOptions(p.QueriesPerPrompt, p.QueryTokens, p.QueryNoise, seed), spec.Mc.CalibrationQueries),
            TextWorkloadSpec t => TextWorkload.Load(new TextWorkloadOptions(t.Domains, t.Vectors, t.BufferSize, t.QueriesPerDomain, t.QueryTokens, seed), maxTokens()),
            TensorsWorkloadSpec t => TensorsWorkload.Load(t.Store, t.Queries, t.Labels),
            _ => throw new InvalidOperationException("Unknown workload kind."),
        };
    }

    /// <summary>
    /// The store truncated to <paramref name="tokens"/>, cut to its first <paramref name="storedPrompts"/> OVTs (and their queries)
    /// and, with <paramref name="dim"/>, both store and queries projected by PCA fitted on that store.
    /// </summary>
    /// <returns>The store, its scored queries, its held-out calibration queries (projected like the scored ones; null when the
    /// workload has none) and the PCA retained variance.</returns>
    public static (PromptStore Store, QuerySet Queries, QuerySet? Calibration, double? RetainedVariance) Layout(Workload workload, int? tokens, int? dim, int? storedPrompts, string source)
    {
        var full = tokens is int n ? workload.StoreFor(n) : workload.Store;
        var (store, queries) = storedPrompts is int count ? full.Prefix(workload.Queries, count) : (full, workload.Queries);
        if (dim is not int d) return (store, queries, workload.CalibrationQueries, null);
        var pca = PcaCompression.Fit(store, d, source);
        return (pca.Project(store), pca.Project(queries), workload.CalibrationQueries is { } c ? pca.Project(c) : null, pca.RetainedVariance);
    }
}
