namespace Dse.Crossbar;

public static partial class MonteCarloEngine
{
    /// <summary>Standard normals in a chip's comparator-noise table (<see cref="MonteCarloWorkspace.NoiseTable"/>, which holds one
    /// row of physical columns more): each conversion row reads a run of them from a start hashed from the chip's seed.</summary>
    internal const int NoiseTableSize = 1 << 16;

    /// <summary>
    /// For the row-block sizes <c>RowsList[rFirst..rEnd-1]</c>, one partial-sum row of the chunk at a time (each row's fine blocks are
    /// read from memory once and stay in cache while every rows value converts them; <see cref="ConvertBlockRow"/>): sums fine blocks
    /// into blocks, subtracts the reference column (referenceColumn), adds the comparator offset and noise, converts every partial
    /// sum with each ADC and shift-and-adds over bit-planes, slices, signs and blocks into <c>ws.Accumulators[r][b]</c>
    /// <c>[inputs, GroupWidth]</c>. The weight of a bit-plane and slice is <c>+-2^e</c>, so the shift-and-add shifts; integer sums, so
    /// the order of the rows changes no number. Offset and noise are the same for every ADC resolution (in LSB).
    /// With per-slice accumulators (<see cref="MonteCarloWorkspace.PerSlice"/>) each slice accumulates apart, into
    /// <c>ws.SliceAccumulators[r][slice][b]</c>, and <c>ws.Accumulators[r][b]</c> is their sum (integer addition: the same numbers).
    /// With <paramref name="mixed"/> (resolution index per slice, least significant first; one rows value) each slice's partial sums
    /// are converted only at its own resolution, as a chip of that mixed design does, into <c>ws.Mixed[0]</c>.
    /// </summary>
    /// <remarks>With <paramref name="selection"/> naming ADC resolutions (and no per-slice accumulators), only the lowest to the highest of
    /// them are converted (<see cref="TrialSelection.ConvertedBits"/>).</remarks>
    private static void ConvertAndShiftAdd(MonteCarloPlan plan, int v, int rFirst, int rEnd, int chunkIndex, MonteCarloWorkspace ws, int[]? mixed = null, TrialSelection? selection = null)
    {
        var job = plan.Job;
        var chunk = plan.Chunks[chunkIndex];
        int ib = job.Operands.InputBits, planeRows = (chunk.InputEnd - chunk.InputStart) * ib, n = planeRows / ib * job.Cells.GroupWidth;
        bool perSlice = ws.PerSlice && mixed is null;
        for (int r = rFirst; r < rEnd; r++)
            foreach (var acc in mixed is not null ? ws.Mixed : perSlice ? ws.SliceAccumulators[r].SelectMany(a => a) : ws.Accumulators[r]) Array.Clear(acc, 0, n);
        for (int row = 0; row < planeRows; row++)
            for (int r = rFirst; r < rEnd; r++)
            {
                int group = job.RowsList[r] / plan.FineRows, blocks = (plan.FineBlocks + group - 1) / group;
                var bits = mixed is null && !perSlice ? selection?.ConvertedBits(v, r) : null;
                for (int blk = 0; blk < blocks; blk++) ConvertBlockRow(plan, v, r, chunkIndex, blk, row, ws, mixed, perSlice, bits);
            }
        if (perSlice)
            for (int r = rFirst; r < rEnd; r++) SumSlices(ws, r, n);
    }

    /// <summary>One partial-sum row (plane row <paramref name="row"/> of the chunk) of block <paramref name="blk"/> at rows value r,
    /// converted and shift-and-added as <see cref="ConvertAndShiftAdd"/> says.</summary>
    private static void ConvertBlockRow(MonteCarloPlan plan, int v, int r, int chunkIndex, int blk, int row, MonteCarloWorkspace ws, int[]? mixed, bool perSlice,
        (int First, int End)? bits)
    {
        var job = plan.Job;
        var cells = job.Cells;
        int p = cells.PhysicalColumns, stride = plan.Stride, ib = job.Operands.InputBits, width = cells.GroupWidth;
        int planeRow0 = plan.Chunks[chunkIndex].InputStart * ib, group = job.RowsList[r] / plan.FineRows;
        int f0 = blk * group, f1 = Math.Min(plan.FineBlocks, f0 + group), summed = plan.SummedEnd(f0, f1);
        bool offset = job.Comparator.OffsetSigmaLsb > 0, noise = job.Comparator.NoiseSigmaLsb > 0, zeroCalibrated = job.Reference == AdcReference.Calibrated;
        int active = 0;
        for (int f = f0; f < f1; f++) active += plan.Popcount[f][planeRow0 + row];
        int bit = row % ib, input = row / ib;
        var partialSums = BlockRow(ws.Fine, f0, summed, row * stride, stride, ws.RowSum);
        // What the ADCs see: with reference columns, each data column's partial sum less its reference column's current.
        var dataSums = plan.ReferenceColumns > 0 ? AdcStage.SubtractReferences(partialSums, p, job.Span, ws.Shifted) : partialSums[..p];
        if (ws.Gained.Length > 0) dataSums = ApplyGain(dataSums, ws.ColumnGain[r].AsSpan(blk * p, p), ws.Gained);
        float zero = job.Reference == AdcReference.Nominal ? active * plan.GMinLevels[v] : 0f;
        // Comparator error of this row's conversions, all column groups at once: the ADCs' offsets plus one run of the
        // noise table (a start per row and block; the groups take consecutive draws).
        ReadOnlySpan<float> rowError = default;
        if (noise)
        {
            var e = ws.ErrorLsb.AsSpan(0, p);
            ulong key = (((ulong)chunkIndex * 65_537 + (ulong)job.RowsList[r]) * 4_099 + (ulong)blk) * 1_048_583 + (ulong)row;
            int start = (int)(Mix(ws.NoiseSeed ^ key) % NoiseTableSize);
            if (offset) System.Numerics.Tensors.TensorPrimitives.Add(ws.OffsetLsb[r].AsSpan(blk * p, p), ws.NoiseTable.AsSpan(start, p), e);
            else ws.NoiseTable.AsSpan(start, p).CopyTo(e);
            rowError = e;
        }
        else if (offset) rowError = ws.OffsetLsb[r].AsSpan(blk * p, p);
        for (int g = 0; g < cells.Groups; g++)
        {
            int weight = (bit == ib - 1 ? -(1 << bit) : 1 << bit) * cells.GroupWeight(g);
            int slice = g % cells.Slices;
            ReadOnlySpan<AdcTransfer> groupAdcs = mixed is null ? ws.Adc[r] : ws.Adc[r].AsSpan(mixed[slice], 1);
            var target = mixed is not null ? ws.Mixed : perSlice ? ws.SliceAccumulators[r][slice] : ws.Accumulators[r];
            int c0 = g * width;
            ReadOnlySpan<float> error = rowError.IsEmpty ? default : rowError.Slice(c0, width);
            ReadOnlySpan<float> zeroPerRow = default, zeroLsb = default;
            if (zeroCalibrated)
            {
                zeroPerRow = ws.ZeroPerRow[r].AsSpan(blk * p + c0, width);
                zeroLsb = offset ? ws.OffsetLsb[r].AsSpan(blk * p + c0, width) : ws.NoOffset.AsSpan(0, width);
            }
            var (b0, b1) = bits ?? (0, groupAdcs.Length);
            AdcStage.ConvertShiftAccumulate(groupAdcs[b0..b1], dataSums.Slice(c0, width), error, zero, zeroPerRow, zeroLsb, active, weight, target.AsSpan(b0, b1 - b0), input * width);
        }
    }

    /// <summary>Each column's partial sum times its trimmed gain, into <paramref name="into"/>.</summary>
    private static ReadOnlySpan<float> ApplyGain(ReadOnlySpan<float> sums, ReadOnlySpan<float> gain, float[] into)
    {
        System.Numerics.Tensors.TensorPrimitives.Multiply(sums, gain, into);
        return into;
    }

    /// <summary>SplitMix64 finaliser: the start of a conversion batch's run in the comparator-noise table.</summary>
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
