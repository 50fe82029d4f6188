using Dse.Exploration.Axes;

namespace Dse.Exploration;

/// <summary>
/// What is computed once per sweep and shared by everything that evaluates its points (the Monte Carlo, the cost-only screen, the
/// screen before the Monte Carlo, the per-slice ADC search): the finest row block of the partial sums, the reference-column span,
/// the quantised operands of each mapped store, and the log of the cost estimators used.
/// </summary>
public sealed class SweepContext
{
    /// <summary>The context of <paramref name="prepared"/>; nothing is laid out until a store is asked for.</summary>
    public SweepContext(PreparedSweep prepared)
    {
        Prepared = prepared;
        var crossbars = prepared.Space.Values(DesignAxes.Crossbar);
        FineRows = crossbars.Select(c => c.Rows).Concat(prepared.Space.Values(DesignAxes.RowsPerRead).OfType<int>()).Aggregate(Gcd);
        ReferenceColumnSpan = crossbars.Select(c => c.Cols).Aggregate(Gcd);
        Operands = new OperandCache(prepared);
    }

    /// <summary>The prepared sweep.</summary>
    public PreparedSweep Prepared { get; }

    /// <summary>
    /// Row block on which analog partial sums are formed (the gcd of the sweep's row counts and rows per read): partial sums of every
    /// read are sums of these blocks, so a point's numbers do not depend on which other sizes run with it.
    /// </summary>
    public int FineRows { get; }

    /// <summary>Columns per array sharing one dummy reference column: the gcd of the sweep's column counts.</summary>
    public int ReferenceColumnSpan { get; }

    /// <summary>The quantised operands and cost-model inputs of each mapped store, laid out once per sweep (thread-safe).</summary>
    internal OperandCache Operands { get; }

    /// <summary>The cost estimators used by the points evaluated in this context.</summary>
    public EstimatorLog Estimators { get; } = new();

    /// <summary>PCA retained variance per (tokens, d') label of the stores laid out so far.</summary>
    public IReadOnlyDictionary<string, double> RetainedVariance => Operands.RetainedVariance;

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
