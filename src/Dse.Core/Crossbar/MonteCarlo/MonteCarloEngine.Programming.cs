using Dse.Crossbar.IrDrop;
using Dse.Randomness;

namespace Dse.Crossbar;

public static partial class MonteCarloEngine
{
    /// <summary>
    /// The trial's draws, each term from its own stream; a term no variant uses draws nothing. Data cells use <c>trial/t</c>
    /// (and <c>/stuck</c>, <c>/drift</c>, <c>/oneOverF</c>), reference cells the same under <c>trial/t/reference</c>, comparator
    /// offsets <c>trial/t/adcOffset/rowsR</c> and comparator noise <c>trial/t/adcNoise</c>: none depends on the variant, rows list
    /// or ADC resolutions (common random numbers).
    /// </summary>
    private static void DrawTrial(MonteCarloPlan plan, int trial, MonteCarloWorkspace ws)
    {
        ulong seed = plan.Job.CellSeed;
        DrawCells(plan, Rng.DeriveSeed(seed, $"trial/{trial}"), $"trial/{trial}", ws.Data);
        if (ws.Reference is { } reference) DrawCells(plan, Rng.DeriveSeed(seed, $"trial/{trial}/reference"), $"trial/{trial}/reference", reference);
        var comparator = plan.Job.Comparator;
        if (comparator.OffsetSigmaLsb > 0)
            for (int r = 0; r < plan.Job.RowsList.Count; r++)
                new Rng(Rng.DeriveSeed(seed, $"trial/{trial}/adcOffset/rows{plan.Job.RowsList[r]}")).FillGaussian(ws.OffsetLsb[r], 0, comparator.OffsetSigmaLsb);
        if (comparator.NoiseSigmaLsb > 0)
        {
            new Rng(Rng.DeriveSeed(seed, $"trial/{trial}/adcNoise")).FillGaussian(ws.NoiseTable, 0, comparator.NoiseSigmaLsb);
            ws.NoiseSeed = Rng.DeriveSeed(seed, $"trial/{trial}/adcNoise/start");
        }
    }

    private static void DrawCells(MonteCarloPlan plan, ulong seed, string key, CellDraws draws)
    {
        ulong root = plan.Job.CellSeed;
        new Rng(seed).FillGaussian(draws.Z, 0, 1);
        if (draws.UStuck.Length > 0)
        {
            var rng = new Rng(Rng.DeriveSeed(root, $"{key}/stuck"));
            for (int i = 0; i < draws.UStuck.Length; i++) draws.UStuck[i] = (float)rng.NextDouble();
        }
        if (draws.ZDrift.Length > 0) new Rng(Rng.DeriveSeed(root, $"{key}/drift")).FillGaussian(draws.ZDrift, 0, 1);
        if (draws.ZOneOverF.Length > 0) new Rng(Rng.DeriveSeed(root, $"{key}/oneOverF")).FillGaussian(draws.ZOneOverF, 0, 1);
    }

    /// <summary>
    /// Programs variant v's cells into <c>ws.W</c> <c>[d, Stride]</c> (data columns, then the reference columns) and applies its cell
    /// terms.
    /// </summary>
    private static void ProgramVariant(MonteCarloPlan plan, int v, MonteCarloWorkspace ws)
    {
        ProgramCells(plan, v, plan.Job.Cells.Levels, ws.Data, ws.Reference is null ? ws.W : ws.Data.W);
        if (ws.Reference is { } reference)
        {
            ProgramCells(plan, v, plan.ReferenceLevels, reference, reference.W, reference: true);
            int d = plan.Job.Cells.Dim, p = plan.Job.Cells.PhysicalColumns, refs = plan.ReferenceColumns;
            for (int k = 0; k < d; k++)
            {
                ws.Data.W.AsSpan(k * p, p).CopyTo(ws.W.AsSpan(k * plan.Stride, p));
                reference.W.AsSpan(k * refs, refs).CopyTo(ws.W.AsSpan(k * plan.Stride + p, refs));
            }
        }
    }

    /// <summary>
    /// The conductances the crossbars of rows values <c>RowsList[rFirst..]</c> present to their inputs, packed once for every GEMM
    /// that reads them (<c>ws.Packed</c>: the chunks of queries and the calibration batch): the programmed <c>ws.W</c> itself with
    /// ideal wires, else <c>ws.W</c> with every cell attenuated for its position in an <c>RowsList[rFirst]</c>-row crossbar
    /// (<see cref="IrDropModel.Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/>, into <c>ws.WiredW</c>); with
    /// per-read noise, their per-cell read variance <c>(r G)^2</c> into <c>ws.ReadVariance</c>.
    /// </summary>
    private static void SelectConductances(MonteCarloPlan plan, int v, int rFirst, MonteCarloWorkspace ws)
    {
        var conductances = ws.W;
        if (plan.IrDrop[v] is { } model)
        {
            model.Apply(ws.W, plan.Attenuation[v][rFirst], plan.LevelStepS[v], ws.WiredW);
            conductances = ws.WiredW;
        }
        int d = plan.Job.Cells.Dim, group = plan.BlockGroup(rFirst);
        for (int f = 0; f < plan.FineBlocks; f += group)
        {
            int k0 = f * plan.FineRows, k1 = Math.Min(d, (f + group) * plan.FineRows);
            ws.Packed[f].Pack(plan.Job.Gemm, conductances, k0 * plan.Stride, plan.Stride, k1 - k0, plan.Stride);
        }
        float readSigma = (float)plan.Terms[v].ReadSigmaRelative;
        if (readSigma > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(conductances, readSigma, ws.ReadVariance);
            System.Numerics.Tensors.TensorPrimitives.Multiply(ws.ReadVariance, ws.ReadVariance, ws.ReadVariance);
        }
    }

    private static void ProgramCells(MonteCarloPlan plan, int v, byte[] levels, CellDraws draws, float[] w, bool reference = false)
    {
        var terms = plan.Terms[v];
        var cells = plan.Job.Cells;
        if (reference) CellProgramming.Program(levels, plan.ReferenceNoiseStd[v], plan.GMinLevels[v], draws.Z, w, plan.GCeilingLevels[v]);
        else CellProgramming.Program(levels, plan.NoiseStd[v], plan.GMinLevels[v], draws.Z, w, plan.GCeilingLevels[v], cells.Groups, cells.GroupWidth);
        if (terms.HasCellTerms) CellProgramming.ApplyCellTerms(levels, terms, draws.ZDrift, draws.ZOneOverF, draws.UStuck, w);
    }
}
