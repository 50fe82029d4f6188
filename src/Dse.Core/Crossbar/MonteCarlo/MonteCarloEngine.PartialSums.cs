using Dse.Randomness;

namespace Dse.Crossbar;

public static partial class MonteCarloEngine
{
    /// <summary>
    /// Analog partial sums of the chunk's bit-planes on every fine row block, data and reference columns in one GEMM per block;
    /// with per-read noise a second GEMM against the per-cell read variance and one Gaussian per partial sum (see the class remarks).
    /// With wires, whose rows entry r has partial sums of its own, each GEMM spans a whole <c>RowsList[r]</c>-row block (into the
    /// block's first fine buffer): no fine sums to add up afterwards.
    /// </summary>
    private static void ComputeFineBlocks(MonteCarloPlan plan, int v, int trial, int chunkIndex, int r, MonteCarloWorkspace ws)
    {
        var cells = plan.Job.Cells;
        var ops = plan.Job.Operands;
        var chunk = plan.Chunks[chunkIndex];
        int d = cells.Dim, p = plan.Stride, ib = ops.InputBits;
        int planeRows = (chunk.InputEnd - chunk.InputStart) * ib, planeRow0 = chunk.InputStart * ib;
        bool readNoise = plan.Terms[v].ReadSigmaRelative > 0;
        int group = plan.BlockGroup(r);
        for (int f = 0; f < plan.FineBlocks; f += group)
        {
            int k0 = f * plan.FineRows, k1 = Math.Min(d, (f + group) * plan.FineRows);
            ws.Packed[f].Multiply(ops.Planes.AsSpan(planeRow0 * d + k0), d, ws.Fine[f], p, planeRows);
            plan.Job.Counters?.AddFlops(2L * planeRows * p * (k1 - k0));
            if (!readNoise) continue;
            Gemm.Multiply(plan.Job.Gemm, ops.Planes.AsSpan(planeRow0 * d + k0), d, ws.ReadVariance.AsSpan(k0 * p), p, ws.Coarse, p, planeRows, p, k1 - k0);
            plan.Job.Counters?.AddFlops(2L * planeRows * p * (k1 - k0));
            var rng = new Rng(Rng.DeriveSeed(plan.Job.CellSeed, $"trial/{trial}/read/{chunkIndex}/{f}"));
            var fine = ws.Fine[f];
            for (int i = 0; i < planeRows * p; i++) fine[i] += MathF.Sqrt(MathF.Max(0f, ws.Coarse[i])) * (float)rng.NextGaussian();
        }
    }

    /// <summary>Values <paramref name="start"/>..<paramref name="start"/>+<paramref name="n"/>-1 (one partial-sum row) of blocks
    /// <paramref name="f0"/>..<paramref name="f1"/>-1 summed elementwise in block order into <paramref name="into"/> (a row-sized buffer
    /// that stays in L1); block <paramref name="f0"/>'s own values when it is the only one.</summary>
    private static ReadOnlySpan<float> BlockRow(float[][] blocks, int f0, int f1, int start, int n, float[] into)
    {
        if (f1 - f0 == 1) return blocks[f0].AsSpan(start, n);
        var sum = into.AsSpan(0, n);
        System.Numerics.Tensors.TensorPrimitives.Add(blocks[f0].AsSpan(start, n), blocks[f0 + 1].AsSpan(start, n), sum);
        for (int f = f0 + 2; f < f1; f++) System.Numerics.Tensors.TensorPrimitives.Add(sum, blocks[f].AsSpan(start, n), sum);
        return sum;
    }
}
