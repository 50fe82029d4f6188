using Dse.Crossbar;
using Dse.Exploration.Axes;
using Dse.Search;

namespace Dse.Exploration;

/// <summary>
/// The quantised operands of each mapped store (laid out, truncated and PCA-projected once per run, with the held-out ADC calibration
/// batch quantised and mapped the same way) and the cost model's inputs per store; thread-safe (different stores are laid out in parallel).
/// </summary>
internal sealed class OperandCache(PreparedSweep prepared)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<OperandsKey, Lazy<(QuantizedOperands, AdcCalibrationBatch?)>> _operands = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(OperandsKey, int, SignedMapping), Lazy<CostInputs>> _inputs = new();

    /// <summary>PCA retained variance per (tokens, d') label of the stores laid out so far.</summary>
    public SortedDictionary<string, double> RetainedVariance { get; } = new(StringComparer.Ordinal);

    /// <summary>The quantised operands of <paramref name="key"/> and its calibration batch (null when the workload has none), laid out once.</summary>
    public (QuantizedOperands Ops, AdcCalibrationBatch? Calibration) Operands(OperandsKey key)
        => _operands.GetOrAdd(key, k => new Lazy<(QuantizedOperands, AdcCalibrationBatch?)>(() => Layout(k))).Value;

    /// <summary>The cost inputs of <paramref name="point"/>'s mapped store.</summary>
    public CostInputs For(DesignPoint point)
    {
        var key = (new OperandsKey(point.VirtualTokens, point.CompressedDim, point.SsaMapping, point.WeightBits, point.InputBits, point.StoredPrompts), point.CellBits, point.SignedMapping);
        return _inputs.GetOrAdd(key, k => new Lazy<CostInputs>(() =>
        {
            var ops = Operands(k.Item1).Ops;
            return new CostInputs(ops.Problem, ops.InputActiveFraction, CellArray.Map(ops.Stored, k.Item2, k.Item3).MeanLevelFraction());
        })).Value;
    }

    private (QuantizedOperands, AdcCalibrationBatch?) Layout(OperandsKey key)
    {
        var spec = prepared.Spec;
        var (store, queries, held, variance) = WorkloadLayout.Layout(prepared.Workload, key.Tokens, key.Dim, key.StoredPrompts, spec.SourceFile);
        if (variance is double v)
            lock (RetainedVariance) RetainedVariance[key.StoreLabel] = v;
        var ops = new QuantizedOperands(new RetrievalProblem(store, queries, spec.Ssa, key.Ssa), key.WeightBits, key.InputBits, spec.Clipping);
        var calibration = held is null ? null : AdcCalibrationBatch.LeadingQueries(
            new QuantizedOperands(new RetrievalProblem(store, held, spec.Ssa, key.Ssa), key.WeightBits, key.InputBits, spec.Clipping), held.Queries.Count);
        return (ops, calibration);
    }
}
