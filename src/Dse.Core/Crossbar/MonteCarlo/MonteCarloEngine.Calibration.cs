namespace Dse.Crossbar;

public static partial class MonteCarloEngine
{
    /// <summary>Bins of the calibration's histogram of partial sums, spanning 0 to the largest raw current (<c>rows x Gmax / dG</c>
    /// levels).</summary>
    internal const int HistogramBins = 1 << 14;

    /// <summary>The lowest first bin of the calibration's tail pass: 1/64 of the largest raw current.</summary>
    internal const int TailBin = HistogramBins / 64;

    /// <summary>
    /// Per-chip calibration after programming (variant v): converts the calibration batch once (one GEMM per fine block) and,
    /// for every rows value, sets the ADC range (calibrated range: the calibration quantile of the partial sums the ADCs see) and
    /// the digital zero (calibrated zero: each column's mean offset per active row over the batch, <c>sum (analog - ideal) /
    /// sum active rows</c>, and its comparator offset). Calibrated column gains are measured first (<see cref="CalibrateGains"/>),
    /// and the range and zero are set on the trimmed sums. The zero is the mean of many conversions of the batch; its residual
    /// quantisation error (the batch's signal and the comparator noise dither the codes) is neglected.
    /// </summary>
    private static void Calibrate(MonteCarloPlan plan, int v, int rFirst, int rEnd, MonteCarloWorkspace ws)
    {
        var job = plan.Job;
        if (!plan.NeedsCalibration)
        {
            for (int r = rFirst; r < rEnd; r++) plan.FullScale[v][r].CopyTo(ws.Adc[r], 0);
            return;
        }
        var cal = plan.Calibration;
        int d = job.Cells.Dim, group = plan.BlockGroup(rFirst);
        for (int f = 0; f < plan.FineBlocks; f += group)
            ws.Packed[f].Multiply(cal.Planes.AsSpan(f * plan.FineRows), d, ws.CalFine[f], plan.Stride, cal.PlaneRows);
        for (int r = rFirst; r < rEnd; r++)
        {
            if (job.Gain == AdcGain.Calibrated) CalibrateGains(plan, v, r, ws);
            var device = job.Variants[v].Device;
            double range = plan.FullScale[v][r][0].RangeLevels;
            double binsPerLevel = HistogramBins / AdcTransfer.FullScaleLevels(job.RowsList[r], job.Cells.CellBits, device.GMinS, device.GMaxS);
            if (job.RangeMode == AdcRangeMode.Calibrated)
            {
                // The upper edge of the histogram bin holding the quantile (bins of rows x Gmax / dG / 2^14, the largest raw
                // current); a batch that drives (almost) no current keeps the fullScale range. Only the tail is histogrammed when
                // the quantile lies in it (the usual case: the same bin as a full histogram, far fewer increments), else the full
                // histogram is taken. The tail starts at 4/5 of the bin the last chip of the variant and rows value calibrated
                // (by any worker) found (chips differ little), at least TailBin: which tail is taken changes no result.
                int fromBin = plan.TailFrom[v * job.RowsList.Count + r];
                long samples = CalibrationPass(plan, v, r, ws, binsPerLevel, fromBin, out long above);
                int bin = fromBin;
                long target = (long)Math.Ceiling(job.CalibrationQuantile * samples), seen = samples - above;
                if (seen >= target)
                {
                    CalibrationPass(plan, v, r, ws, binsPerLevel, 0, out _);
                    (bin, seen) = (0, 0);
                }
                while (bin < HistogramBins - 1 && seen + ws.Histogram[bin] < target) seen += ws.Histogram[bin++];
                plan.TailFrom[v * job.RowsList.Count + r] = Math.Max(TailBin, bin * 4 / 5);
                if (bin > 0) range = (bin + 1) / binsPerLevel;
            }
            else CalibrationPass(plan, v, r, ws, binsPerLevel, -1, out _);
            for (int b = 0; b < job.AdcBitsList.Count; b++) ws.Adc[r][b] = new AdcTransfer(job.AdcBitsList[b], range);
        }
    }

    /// <summary>
    /// One pass over the calibration batch's partial sums at rows value r: the calibrated zero of every block (calibrated zero),
    /// and the histogram of the partial sums the ADCs see from bin <paramref name="fromBin"/> up (0: every sum, the negative ones in
    /// bin 0; -1: none). Returns the number of partial sums and, in <paramref name="above"/>, how many fell in bins from <paramref name="fromBin"/>.
    /// </summary>
    private static long CalibrationPass(MonteCarloPlan plan, int v, int r, MonteCarloWorkspace ws, double binsPerLevel, int fromBin, out long above)
    {
        var job = plan.Job;
        int p = job.Cells.PhysicalColumns, stride = plan.Stride, rows = plan.Calibration.PlaneRows;
        int group = job.RowsList[r] / plan.FineRows;
        bool zeroCalibrated = job.Reference == AdcReference.Calibrated;
        if (fromBin >= 0) Array.Clear(ws.Histogram);
        long samples = 0;
        above = 0;
        if (!zeroCalibrated && fromBin < 0) return samples;
        float scale = (float)binsPerLevel;
        for (int f0 = 0, blk = 0; f0 < plan.FineBlocks; f0 += group, blk++)
        {
            int f1 = Math.Min(plan.FineBlocks, f0 + group), summed = plan.SummedEnd(f0, f1);
            var zero = zeroCalibrated ? ws.ZeroPerRow[r].AsSpan(blk * p, p) : default;
            zero.Clear();
            long active = 0;
            for (int row = 0; row < rows; row++)
            {
                var sum = BlockRow(ws.CalFine, f0, summed, row * stride, stride, ws.RowSum);
                var analog = plan.ReferenceColumns > 0 ? AdcStage.SubtractReferences(sum, p, job.Span, ws.Shifted) : sum[..p];
                if (ws.Gained.Length > 0) analog = ApplyGain(analog, ws.ColumnGain[r].AsSpan(blk * p, p), ws.Gained);
                if (zeroCalibrated) active += AddZeroOffsets(plan, row, analog, f0, f1, zero);
                if (fromBin < 0) continue;
                above += fromBin == 0 ? Histogram(analog, scale, ws.Histogram) : HistogramTail(analog, scale, fromBin, ws.Histogram);
                samples += p;
            }
            if (!zeroCalibrated) continue;
            if (active == 0) zero.Fill(plan.GMinLevels[v]);
            else System.Numerics.Tensors.TensorPrimitives.Multiply(zero, 1f / active, zero);
        }
        return samples;
    }

    /// <summary>
    /// Calibrated column gains at rows value r: per block and column, the nominal response summed over the calibration batch
    /// (its exact level sums, plus active rows x Gmin / dG when no reference column removes the zero in analog) over the analog
    /// partial sums the ADC would see; 1 where either sum is not positive.
    /// </summary>
    private static void CalibrateGains(MonteCarloPlan plan, int v, int r, MonteCarloWorkspace ws)
    {
        var job = plan.Job;
        int p = job.Cells.PhysicalColumns, stride = plan.Stride, rows = plan.Calibration.PlaneRows, group = job.RowsList[r] / plan.FineRows;
        float gMin = plan.ReferenceColumns > 0 ? 0f : plan.GMinLevels[v];
        var measured = new double[p];
        var nominal = new double[p];
        for (int f0 = 0, blk = 0; f0 < plan.FineBlocks; f0 += group, blk++)
        {
            int f1 = Math.Min(plan.FineBlocks, f0 + group), summed = plan.SummedEnd(f0, f1);
            Array.Clear(measured);
            Array.Clear(nominal);
            for (int row = 0; row < rows; row++)
            {
                var sum = BlockRow(ws.CalFine, f0, summed, row * stride, stride, ws.RowSum);
                var analog = plan.ReferenceColumns > 0 ? AdcStage.SubtractReferences(sum, p, job.Span, ws.Shifted) : sum[..p];
                int active = 0;
                for (int f = f0; f < f1; f++) active += plan.CalPopcount[f][row];
                for (int c = 0; c < p; c++)
                {
                    float ideal = active * gMin;
                    for (int f = f0; f < f1; f++) ideal += plan.CalIdeal[f][row * p + c];
                    measured[c] += analog[c];
                    nominal[c] += ideal;
                }
            }
            var gain = ws.ColumnGain[r].AsSpan(blk * p, p);
            for (int c = 0; c < p; c++) gain[c] = measured[c] > 0 && nominal[c] > 0 ? (float)(nominal[c] / measured[c]) : 1f;
        }
    }

    /// <summary>Adds every value's bin <c>min(floor(max(x scale, 0)), bins - 1)</c>; returns the count.</summary>
    private static long Histogram(ReadOnlySpan<float> analog, float scale, int[] histogram)
    {
        foreach (float x in analog) histogram[Math.Min((int)MathF.Max(x * scale, 0f), HistogramBins - 1)]++;
        return analog.Length;
    }

    /// <summary>Adds the bin of every value with <c>x scale &gt;= fromBin</c> (skipping whole vectors below it); returns how many.</summary>
    private static long HistogramTail(ReadOnlySpan<float> analog, float scale, int fromBin, int[] histogram)
    {
        long above = 0;
        int i = 0, lanes = System.Numerics.Vector<float>.Count;
        var scaleV = new System.Numerics.Vector<float>(scale);
        var threshold = new System.Numerics.Vector<float>(fromBin);
        for (; i <= analog.Length - lanes; i += lanes)
            if (System.Numerics.Vector.GreaterThanOrEqualAny(new System.Numerics.Vector<float>(analog.Slice(i, lanes)) * scaleV, threshold))
                above += Histogram(analog.Slice(i, lanes), scale, fromBin, histogram);
        return above + Histogram(analog[i..], scale, fromBin, histogram);
    }

    private static long Histogram(ReadOnlySpan<float> analog, float scale, int fromBin, int[] histogram)
    {
        long above = 0;
        foreach (float x in analog)
        {
            float bin = x * scale;
            if (bin < fromBin) continue;
            histogram[Math.Min((int)bin, HistogramBins - 1)]++;
            above++;
        }
        return above;
    }

    /// <summary>Calibrated zero, one calibration plane row of a block (fine blocks f0..f1): adds the row's analog offset per column
    /// (<paramref name="analog"/> minus the ideal level sums) to <paramref name="zero"/> and returns its active rows (nothing added
    /// for a row with none). The block's zero per active row is the sum over the batch divided by the summed active rows.</summary>
    private static int AddZeroOffsets(MonteCarloPlan plan, int row, ReadOnlySpan<float> analog, int f0, int f1, Span<float> zero)
    {
        int p = plan.Job.Cells.PhysicalColumns, active = 0;
        for (int f = f0; f < f1; f++) active += plan.CalPopcount[f][row];
        if (active == 0) return 0;
        for (int c = 0; c < p; c++)
        {
            float ideal = 0;
            for (int f = f0; f < f1; f++) ideal += plan.CalIdeal[f][row * p + c];
            zero[c] += analog[c] - ideal;
        }
        return active;
    }
}
