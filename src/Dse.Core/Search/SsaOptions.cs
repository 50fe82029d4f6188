namespace Dse.Search;

/// <summary>How the scaled search is laid out on the arrays (see docs/models.md#scaled-search-ssa-and-mips).</summary>
public enum SsaMapping
{
    /// <summary>All n rows of every OVT stored, all m query rows applied; pooling done digitally on the read-out.</summary>
    DigitalPooling,
    /// <summary>Only the pooled rows P_L(V_j) are stored (1 + 2 + 4 = 7 columns per OVT); pooled query rows applied.</summary>
    StoredScales,
}

/// <summary>Parameters of the scaled search algorithm (SSA).</summary>
/// <param name="Scales">Segment counts L of the average pooling (default 1, 2, 4).</param>
/// <param name="Weights">Weight w_L of each scale in the weighted sum (default 1.0, 0.8, 0.6).</param>
/// <param name="CosineNormalise">True: divide each congruence term by the norms of the pooled rows (computed digitally from unquantised values); false: plain inner products.</param>
/// <remarks>Source: Qin et al., NVCiM-PT (DATE 2025) names scales 1, 2, 4 with weights 1.0, 0.8, 0.6; the score formula is our reading (see docs/models.md#scaled-search-ssa-and-mips).</remarks>
public sealed record SsaOptions(IReadOnlyList<int> Scales, IReadOnlyList<double> Weights, bool CosineNormalise)
{
    /// <summary>Scales 1, 2, 4; weights 1.0, 0.8, 0.6; cosine normalisation.</summary>
    public static SsaOptions Default { get; } = new([1, 2, 4], [1.0, 0.8, 0.6], true);

    /// <summary>Total pooled rows over all scales (7 for the default).</summary>
    public int PooledRows => Scales.Sum();
}

/// <summary>Average pooling of a token matrix into L contiguous segments (see docs/models.md#scaled-search-ssa-and-mips).</summary>
public static class Pooling
{
    /// <summary>
    /// Row range <c>[start, end)</c> of segment <paramref name="i"/> of <paramref name="rows"/> rows cut into
    /// <paramref name="segments"/>: boundaries <c>floor(i r / L)</c>; when <c>r &lt; L</c> an empty segment is the
    /// single row <c>floor(i r / L)</c>.
    /// </summary>
    public static (int Start, int End) Segment(int rows, int segments, int i)
    {
        int start = (int)((long)i * rows / segments);
        int end = (int)((long)(i + 1) * rows / segments);
        return end > start ? (start, end) : (start, start + 1);
    }

    /// <summary>Pools <paramref name="values"/> <c>[rows, dim]</c> to <c>[segments, dim]</c> by averaging each segment.</summary>
    public static float[] Pool(ReadOnlySpan<float> values, int rows, int dim, int segments)
    {
        var result = new float[segments * dim];
        var acc = new double[dim];
        for (int i = 0; i < segments; i++)
        {
            var (start, end) = Segment(rows, segments, i);
            Array.Clear(acc);
            for (int r = start; r < end; r++)
            {
                var row = values.Slice(r * dim, dim);
                for (int k = 0; k < dim; k++) acc[k] += row[k];
            }
            for (int k = 0; k < dim; k++) result[i * dim + k] = (float)(acc[k] / (end - start));
        }
        return result;
    }
}
