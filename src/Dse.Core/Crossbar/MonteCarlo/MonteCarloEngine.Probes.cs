namespace Dse.Crossbar;

public static partial class MonteCarloEngine
{
    /// <summary>
    /// The simulated integer read-out <c>[InputCount, StoredCount]</c> (dot products of quantised inputs and stored
    /// values as seen through the arrays) of one variant, rows value, ADC resolution and trial. For tests and
    /// diagnostics; follows exactly the path of <see cref="Run"/>.
    /// </summary>
    internal static long[] IntegerReadout(MonteCarloJob job, int v, int r, int b, int trial) => Readout(job, v, r, trial, (_, ws, _) => ws.Accumulators[r][b]);

    /// <summary>The integer read-out of chip <paramref name="trial"/> of variant v at rows value r: per chunk, after its conversion,
    /// <paramref name="accumulator"/> (plan, workspace, chunk index) gives the accumulators <c>[inputs, GroupWidth]</c> read.</summary>
    private static long[] Readout(MonteCarloJob job, int v, int r, int trial, Func<MonteCarloPlan, MonteCarloWorkspace, int, int[]> accumulator)
    {
        var (plan, ws) = CalibratedChip(job, v, r, trial);
        var problem = job.Operands.Problem;
        int s = problem.StoredCount, width = job.Cells.GroupWidth;
        var result = new long[problem.InputCount * s];
        for (int ci = 0; ci < plan.Chunks.Count; ci++)
        {
            var chunk = plan.Chunks[ci];
            ComputeFineBlocks(plan, v, trial, ci, r, ws);
            ConvertAndShiftAdd(plan, v, r, r + 1, ci, ws);
            var acc = accumulator(plan, ws, ci);
            for (int a = chunk.InputStart; a < chunk.InputEnd; a++)
            {
                var row = acc.AsSpan((a - chunk.InputStart) * width, width);
                int reference = job.Cells.Mapping == SignedMapping.Offset ? row[s] : 0;
                for (int c = 0; c < s; c++) result[a * s + c] = row[c] - reference;
            }
        }
        return result;
    }

    /// <summary>The ADC range (level units) chip <paramref name="trial"/> of variant v uses at rows value r (the calibrated one in
    /// calibrated range mode). For tests; follows exactly the path of <see cref="Run"/>.</summary>
    /// <summary>The calibrated column gains <c>[block x PhysicalColumns]</c> of chip <paramref name="trial"/> of variant v at rows value r
    /// (empty unless the job calibrates them). For tests.</summary>
    internal static float[] ColumnGains(MonteCarloJob job, int v, int r, int trial) => CalibratedChip(job, v, r, trial).Ws.ColumnGain[r];

    internal static double AdcRangeLevels(MonteCarloJob job, int v, int r, int trial)
    {
        var (_, ws) = CalibratedChip(job, v, r, trial);
        return ws.Adc[r][0].RangeLevels;
    }

    /// <summary>
    /// The analog partial sums (level units, before the ADC) of the first chunk's bit-planes on fine row block
    /// <paramref name="f"/>, <c>[chunk plane rows, PhysicalColumns]</c>, of one variant, rows value r and trial. For tests of the
    /// read-noise and IR-drop models; follows exactly the path of <see cref="Run"/>.
    /// </summary>
    internal static float[] FinePartialSums(MonteCarloJob job, int v, int trial, int f, int r = 0)
    {
        var (plan, ws) = ProgrammedChip(job, v, r, trial);
        ComputeFineBlocks(plan, v, trial, 0, r, ws);
        var chunk = plan.Chunks[0];
        int rows = (chunk.InputEnd - chunk.InputStart) * job.Operands.InputBits, p = job.Cells.PhysicalColumns;
        var result = new float[rows * p];
        for (int row = 0; row < rows; row++) ws.Fine[f].AsSpan(row * plan.Stride, p).CopyTo(result.AsSpan(row * p, p));
        return result;
    }

    /// <summary>Chip <paramref name="trial"/> of variant v, drawn and programmed, with the conductances rows value r presents to its
    /// inputs packed (<see cref="SelectConductances"/>), as a trial of <see cref="Run"/> leaves it before calibration.</summary>
    private static (MonteCarloPlan Plan, MonteCarloWorkspace Ws) ProgrammedChip(MonteCarloJob job, int v, int r, int trial)
    {
        var plan = new MonteCarloPlan(job);
        var ws = new MonteCarloWorkspace(plan);
        DrawTrial(plan, trial, ws);
        ProgramVariant(plan, v, ws);
        SelectConductances(plan, v, r, ws);
        return (plan, ws);
    }

    /// <summary><see cref="ProgrammedChip"/>, then calibrated at rows value r (<see cref="Calibrate"/>): ready to convert chunks.</summary>
    private static (MonteCarloPlan Plan, MonteCarloWorkspace Ws) CalibratedChip(MonteCarloJob job, int v, int r, int trial)
    {
        var (plan, ws) = ProgrammedChip(job, v, r, trial);
        Calibrate(plan, v, r, r + 1, ws);
        return (plan, ws);
    }
}
