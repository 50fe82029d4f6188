namespace Dse.Crossbar;

public static partial class MonteCarloEngine
{
    /// <summary>Checks the job's <see cref="PerSliceSearchInputs.Assignments"/> against the job.</summary>
    /// <exception cref="ArgumentException">When an assignment's variant, rows index, slice count or a resolution does not fit the job.</exception>
    private static void CheckSliceAssignments(MonteCarloJob job)
    {
        foreach (var a in job.PerSliceSearch?.Assignments ?? [])
        {
            string bits = string.Join("-", a.Bits);
            if (a.Variant < 0 || a.Variant >= job.Variants.Count || a.RowsIndex < 0 || a.RowsIndex >= job.RowsList.Count)
                throw new ArgumentException($"Slice assignment {bits}: variant {a.Variant} or rows index {a.RowsIndex} outside the job's " +
                    $"{job.Variants.Count} variants and {job.RowsList.Count} rows values.", nameof(job));
            if (a.Bits.Count != job.Cells.Slices || a.Bits.Any(b => !job.AdcBitsList.Contains(b)))
                throw new ArgumentException($"Slice assignment {bits}: expected {job.Cells.Slices} resolutions, each one of the job's ADC bits " +
                    $"({string.Join(", ", job.AdcBitsList)}).", nameof(job));
        }
    }

    /// <summary>Resolution indices into <c>AdcBitsList</c> per slice, least significant slice first (the engine's slice order).</summary>
    private static int[] SliceIndices(MonteCarloJob job, IReadOnlyList<int> bits)
    {
        var result = new int[bits.Count];
        for (int s = 0; s < bits.Count; s++)
            while (job.AdcBitsList[result[s]] != bits[bits.Count - 1 - s]) result[s]++;
        return result;
    }

    /// <summary><c>ws.Accumulators[r][b] = sum over slices of ws.SliceAccumulators[r][slice][b]</c> on the first <paramref name="n"/> entries.</summary>
    private static void SumSlices(MonteCarloWorkspace ws, int r, int n)
    {
        var slices = ws.SliceAccumulators[r];
        for (int b = 0; b < ws.Accumulators[r].Length; b++)
        {
            var sum = ws.Accumulators[r][b].AsSpan(0, n);
            slices[0][b].AsSpan(0, n).CopyTo(sum);
            for (int s = 1; s < slices.Length; s++) System.Numerics.Tensors.TensorPrimitives.Add(sum, slices[s][b].AsSpan(0, n), sum);
        }
    }

    /// <summary>
    /// After the chunk's conversion at rows value r of variant v: adds the slice errors of the chunk (when measured) and scores every
    /// slice assignment of (v, r) into its counts of <paramref name="trial"/>. Runs only with per-slice accumulators
    /// (<see cref="MonteCarloWorkspace.PerSlice"/>), so with <see cref="MonteCarloJob.PerSliceSearch"/>.
    /// </summary>
    private static void ScoreSlices(MonteCarloPlan plan, int v, int r, int trial, int chunkIndex, MonteCarloWorkspace ws, MonteCarloCounts counts)
    {
        var job = plan.Job;
        var search = job.PerSliceSearch!;
        var chunk = plan.Chunks[chunkIndex];
        if (search.MeasureErrors) AddSliceErrors(plan, chunk, ws.SliceAccumulators[r], counts.SliceErrorSlot(v, r, trial));
        var assignments = search.Assignments;
        for (int a = 0; a < assignments.Count; a++)
        {
            if (assignments[a].Variant != v || assignments[a].RowsIndex != r) continue;
            MixedReadout(plan, v, r, chunkIndex, ws, SliceIndices(job, assignments[a].Bits), search.Readout);
            ScoreChunk(plan, chunk, ws.Mixed[0], ws, counts.AssignmentSlot(a, trial), default);
        }
    }

    /// <summary>
    /// The chunk's read-out of the mixed design with resolution indices <paramref name="indices"/> (least significant slice first) into
    /// <c>ws.Mixed[0]</c> <c>[inputs, GroupWidth]</c>, after the chunk's conversion at rows value r: the sum of the slices' accumulators
    /// (<see cref="SliceReadout.Decomposed"/>) or a conversion of each slice at its resolution (<see cref="SliceReadout.Direct"/>), as
    /// <paramref name="readout"/> says.
    /// </summary>
    private static void MixedReadout(MonteCarloPlan plan, int v, int r, int chunkIndex, MonteCarloWorkspace ws, int[] indices, SliceReadout readout)
    {
        if (readout == SliceReadout.Direct)
        {
            ConvertAndShiftAdd(plan, v, r, r + 1, chunkIndex, ws, indices);
            return;
        }
        var chunk = plan.Chunks[chunkIndex];
        int n = (chunk.InputEnd - chunk.InputStart) * plan.Job.Cells.GroupWidth;
        var sum = ws.Mixed[0].AsSpan(0, n);
        var slices = ws.SliceAccumulators[r];
        slices[0][indices[0]].AsSpan(0, n).CopyTo(sum);
        for (int s = 1; s < indices.Length; s++) System.Numerics.Tensors.TensorPrimitives.Add(sum, slices[s][indices[s]].AsSpan(0, n), sum);
    }

    /// <summary>
    /// Adds to <paramref name="slot"/> <c>[slice (most significant first), ADC bits]</c> the chunk's share of the mean squared error of
    /// the dequantised read-out that each slice adds at each resolution relative to the highest resolution of the job: the sum over the
    /// chunk's inputs and stored vectors of <c>Dequantize(a, c, value_b - value_top)^2</c> divided by the problem's inputs x stored
    /// vectors, where <c>value</c> is the slice's accumulator (minus its reference column with offset mapping).
    /// </summary>
    private static void AddSliceErrors(MonteCarloPlan plan, QueryChunk chunk, int[][][] sliceAccumulators, Span<double> slot)
    {
        var job = plan.Job;
        var ops = job.Operands;
        int stored = ops.Problem.StoredCount, width = job.Cells.GroupWidth, slices = job.Cells.Slices, k = job.AdcBitsList.Count;
        int top = 0;
        for (int b = 1; b < k; b++) if (job.AdcBitsList[b] > job.AdcBitsList[top]) top = b;
        bool offset = job.Cells.Mapping == SignedMapping.Offset;
        double elements = (double)ops.Problem.InputCount * stored;
        for (int s = 0; s < slices; s++)
        {
            var exact = sliceAccumulators[s][top];
            for (int b = 0; b < k; b++)
            {
                if (b == top) continue;
                var acc = sliceAccumulators[s][b];
                double sum = 0;
                for (int a = chunk.InputStart; a < chunk.InputEnd; a++)
                {
                    int row = (a - chunk.InputStart) * width;
                    long reference = offset ? (long)acc[row + stored] - exact[row + stored] : 0;
                    for (int c = 0; c < stored; c++)
                    {
                        double e = ops.Dequantize(a, c, (long)acc[row + c] - exact[row + c] - reference);
                        sum += e * e;
                    }
                }
                slot[(slices - 1 - s) * k + b] += sum / elements;
            }
        }
    }

    /// <summary>
    /// The simulated integer read-out <c>[InputCount, StoredCount]</c> of entry <paramref name="a"/> of
    /// the job's <see cref="PerSliceSearchInputs.Assignments"/> on chip <paramref name="trial"/>, read out the job's way
    /// (<see cref="PerSliceSearchInputs.Readout"/>). For tests; follows exactly the path of <see cref="Run"/>.
    /// </summary>
    internal static long[] AssignmentReadout(MonteCarloJob job, int a, int trial)
    {
        CheckSliceAssignments(job);
        var search = job.PerSliceSearch!;
        var (v, r, bits) = search.Assignments[a];
        var indices = SliceIndices(job, bits);
        return Readout(job, v, r, trial, (plan, ws, ci) =>
        {
            MixedReadout(plan, v, r, ci, ws, indices, search.Readout);
            return ws.Mixed[0];
        });
    }
}
