using Dse.Crossbar;
using Dse.Devices;
using Dse.Randomness;
using Dse.Search;
using Dse.Workloads;

namespace Dse.Tests.Shared;

/// <summary>Small stores, queries and devices built in code.</summary>
public static class TestProblems
{
    /// <summary>A random store of <paramref name="ovts"/> OVTs [tokens, dim] and queries that are noisy token subsets.</summary>
    public static (PromptStore Store, QuerySet Queries) Random(int ovts, int tokens, int dim, int queriesPerOvt, int queryTokens, ulong seed, double noise = 0.5)
    {
        var rng = new Rng(seed);
        var list = new List<Ovt>();
        for (int j = 0; j < ovts; j++)
        {
            var v = new float[tokens * dim];
            rng.FillGaussian(v, 0, 1);
            list.Add(new Ovt($"ovt{j}", v, tokens, dim));
        }
        var queries = new List<Query>();
        for (int j = 0; j < ovts; j++)
            for (int k = 0; k < queriesPerOvt; k++)
            {
                var x = new float[queryTokens * dim];
                for (int r = 0; r < queryTokens; r++)
                {
                    int src = r * tokens / queryTokens;
                    for (int c = 0; c < dim; c++) x[r * dim + c] = list[j].Values[src * dim + c] + (float)(noise * rng.NextGaussian());
                }
                queries.Add(new Query(x, queryTokens, j));
            }
        return (new PromptStore(list, dim), new QuerySet(queries, dim));
    }

    /// <summary>A 4-level perLevel device with the given on/off ratio and sigma at every level.</summary>
    public static DeviceModel Device(double sigma = 0.01, double onOff = 17, int levels = 4)
        => new("test", "rram", "test device", 1e-5 / onOff, 1e-5, levels, (int)Math.Floor(Math.Log2(levels)), 48,
            new PerLevelVariation(Enumerable.Repeat(sigma, levels).ToArray()), TestWrite, "test.json");

    /// <summary>A write model for in-code test devices: 2 pJ, 50 ns pulses, one program-and-verify iteration.</summary>
    public static WriteModel TestWrite { get; } = new(EnergyPerCellJ: 2e-12, PulseS: 50e-9, VerifyIterations: 1, EnduranceCycles: 1e6);

    /// <summary>Exact integer dot products of quantised inputs and stored vectors, [I, S].</summary>
    public static long[] IntegerDots(QuantizedOperands ops)
    {
        int d = ops.Problem.Dim, s = ops.Problem.StoredCount, n = ops.Problem.InputCount;
        var result = new long[n * s];
        for (int a = 0; a < n; a++)
            for (int c = 0; c < s; c++)
            {
                long dot = 0;
                for (int k = 0; k < d; k++) dot += (long)ops.Inputs.Values[a * d + k] * ops.Stored.Values[c * d + k];
                result[a * s + c] = dot;
            }
        return result;
    }
}
