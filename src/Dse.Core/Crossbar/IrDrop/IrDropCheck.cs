using System.Diagnostics;
using Dse.Devices;
using Dse.Randomness;

namespace Dse.Crossbar.IrDrop;

/// <summary>What <see cref="IrDropCheck.Run"/> compares: one tile geometry of one device on random programmed tiles.</summary>
/// <param name="Device">The device; its levels and conductance range set the programmed conductances.</param>
/// <param name="Parasitics">The tile's resistances (<see cref="TileParasitics.For(WireModel, DeviceModel, double, SwitchSizes)"/>).</param>
/// <param name="ReadVoltageV">Vread, volts. Range: &gt; 0.</param>
/// <param name="Rows">R. Range: &gt;= 1.</param>
/// <param name="Cols">C. Range: &gt;= 1.</param>
/// <param name="InputDensity">p: probability that a row's input bit is 1. Range: (0, 1].</param>
/// <param name="MeanLevel">Mean programmed level as a fraction of the top level, in [0, 1]: each cell's level is drawn
/// Binomial(top, MeanLevel); null: levels uniform over <c>0 .. top</c>.</param>
/// <param name="CellBits">Bits per cell (levels <c>0 .. 2^CellBits - 1</c> spread over [Gmin, Gmax]). Range: 1..MaxBitsPerCell.</param>
/// <param name="SigmaScale">s of the device's programming variation (<see cref="CellProgramming.NoiseStdLevels"/>): the exact solve
/// sees the programmed conductances, the fast model the attenuation of the nominal ones, as in the engine. Range: &gt;= 0.</param>
/// <param name="Tiles">Random programmed tiles. Range: &gt;= 1.</param>
/// <param name="PlanesPerTile">Random input bit-planes solved exactly per tile. Range: &gt;= 1.</param>
/// <param name="Seed">Seed; tile t uses <c>Rng.DeriveSeed(Seed, "irdrop/R x C/t")</c> for its levels, variation and inputs.</param>
public sealed record IrDropCheckCase(DeviceModel Device, TileParasitics Parasitics, double ReadVoltageV, int Rows, int Cols,
    double InputDensity, double? MeanLevel, int CellBits, double SigmaScale, int Tiles, int PlanesPerTile, ulong Seed);

/// <summary>The errors of one <see cref="IrDropCheckCase"/> and what the models cost.</summary>
/// <param name="Case">What was compared.</param>
/// <param name="Fast">Partial-sum errors of the fast model (<see cref="IrDropModel.TileAttenuation"/>, <see cref="IrDropModel.Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/>) against the exact solve.</param>
/// <param name="Corrected">The same with the column-current correction (<see cref="IrDropModel.ColumnCorrection"/>) on every partial sum.</param>
/// <param name="Ideal">Partial-sum errors of ideal wires (<c>Vread sum(active G)</c>, today's engine) against the exact solve.</param>
/// <param name="FastSecondsPerTile">Wall time of the fast model's attenuation solve per tile (once per job in the engine), seconds.</param>
/// <param name="FastIterationsMean">Mean iterations of the fast model's mean-field solve.</param>
/// <param name="ExactSecondsPerSolve">Wall time of one exact solve (one bit-plane), seconds.</param>
/// <param name="ExactIterationsMean">Mean BiCGStab iterations of the exact solves.</param>
/// <param name="ExactResidualMax">Largest relative residual of the exact solves.</param>
public sealed record IrDropCheckResult(IrDropCheckCase Case, RelativeErrorStatistics Fast, RelativeErrorStatistics Corrected, RelativeErrorStatistics Ideal,
    double FastSecondsPerTile, double FastIterationsMean, double ExactSecondsPerSolve, double ExactIterationsMean, double ExactResidualMax);

/// <summary>
/// Measures the fast IR-drop model and ideal wires against the exact nodal solve on random programmed tiles: the numbers
/// behind <c>dse irdrop check</c>.
/// </summary>
public static class IrDropCheck
{
    /// <summary>Runs one case.</summary>
    /// <param name="c">The case.</param>
    /// <returns>Error statistics over every tile, bit-plane and column, and timings.</returns>
    /// <exception cref="ArgumentException">When a field of the case is out of range.</exception>
    public static IrDropCheckResult Run(IrDropCheckCase c)
    {
        if (c.Rows < 1 || c.Cols < 1 || c.Tiles < 1 || c.PlanesPerTile < 1) throw new ArgumentException("Rows, columns, tiles and planes must be >= 1.", nameof(c));
        if (c.MeanLevel is < 0 or > 1) throw new ArgumentException("Mean level must be in [0, 1].", nameof(c));
        int top = (1 << c.CellBits) - 1;
        if (c.CellBits < 1 || c.CellBits > c.Device.MaxBitsPerCell) throw new ArgumentException($"Cell bits must be in 1..{c.Device.MaxBitsPerCell}.", nameof(c));
        if (!(c.SigmaScale >= 0)) throw new ArgumentException("Sigma scale must be >= 0.", nameof(c));
        var model = new IrDropModel(c.Parasitics, c.ReadVoltageV, c.InputDensity);
        double dG = CellProgramming.LevelStepS(c.Device, c.CellBits);
        float gMinLevels = (float)CellProgramming.GMinLevels(c.Device, c.CellBits);
        var std = CellProgramming.NoiseStdLevels(c.Device, c.CellBits, c.SigmaScale);
        int n = c.Rows * c.Cols;
        var levels = new byte[n];
        var z = new float[n];
        var w = new float[n];
        var nominal = new double[n];
        var programmed = new double[n];
        var alpha = new double[n];
        var active = new bool[c.Rows];
        var fastSums = new double[c.Cols];
        var idealSums = new double[c.Cols];
        var fast = new RelativeErrorStatistics.Builder();
        var corrected = new RelativeErrorStatistics.Builder();
        var correctedSums = new double[c.Cols];
        var gain = new double[c.Cols];
        var meanSum = new double[c.Cols];
        var ideal = new RelativeErrorStatistics.Builder();
        double fastSeconds = 0, exactSeconds = 0, residualMax = 0;
        long fastIterations = 0, exactIterations = 0;
        for (int t = 0; t < c.Tiles; t++)
        {
            var rng = new Rng(Rng.DeriveSeed(c.Seed, $"irdrop/{c.Rows}x{c.Cols}/{t}"));
            for (int k = 0; k < n; k++) levels[k] = (byte)DrawLevel(rng, top, c.MeanLevel);
            rng.FillGaussian(z, 0, 1);
            CellProgramming.Program(levels, std, gMinLevels, z, w);
            for (int k = 0; k < n; k++)
            {
                nominal[k] = (gMinLevels + levels[k]) * dG;
                programmed[k] = w[k] * dG;
            }
            long t0 = Stopwatch.GetTimestamp();
            fastIterations += model.TileAttenuation(nominal, c.Rows, c.Cols, alpha);
            fastSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
            // The column correction of IrDropModel.ColumnCorrection, in amperes: k = R_eff sum(g) / (Vread sum(alpha g)), M = p Vread sum(alpha g).
            double rEff = model.SenseSideOhm(c.Rows);
            for (int j = 0; j < c.Cols; j++)
            {
                double sumG = 0, sumEff = 0;
                for (int i = 0; i < c.Rows; i++)
                {
                    double g = c.Parasitics.CellConductanceS(programmed[i * c.Cols + j]);
                    sumG += g;
                    sumEff += alpha[i * c.Cols + j] * g;
                }
                gain[j] = rEff * sumG / (c.ReadVoltageV * sumEff);
                meanSum[j] = c.InputDensity * c.ReadVoltageV * sumEff;
            }
            for (int plane = 0; plane < c.PlanesPerTile; plane++)
            {
                for (int i = 0; i < c.Rows; i++) active[i] = rng.NextDouble() < c.InputDensity;
                Array.Clear(fastSums);
                Array.Clear(idealSums);
                for (int i = 0; i < c.Rows; i++)
                {
                    if (!active[i]) continue;
                    for (int j = 0; j < c.Cols; j++)
                    {
                        int k = i * c.Cols + j;
                        fastSums[j] += c.ReadVoltageV * alpha[k] * c.Parasitics.CellConductanceS(programmed[k]);
                        idealSums[j] += c.ReadVoltageV * programmed[k];
                    }
                }
                t0 = Stopwatch.GetTimestamp();
                var exact = ExactTileSolver.Solve(programmed, c.Rows, c.Cols, active, c.Parasitics, c.ReadVoltageV);
                exactSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                exactIterations += exact.Iterations;
                residualMax = Math.Max(residualMax, exact.RelativeResidual);
                fast.Add(fastSums, exact.ColumnCurrentsA);
                for (int j = 0; j < c.Cols; j++) correctedSums[j] = IrDropModel.CorrectPartialSum(fastSums[j], gain[j], meanSum[j]);
                corrected.Add(correctedSums, exact.ColumnCurrentsA);
                ideal.Add(idealSums, exact.ColumnCurrentsA);
            }
        }
        int solves = c.Tiles * c.PlanesPerTile;
        return new IrDropCheckResult(c, fast.Build(), corrected.Build(), ideal.Build(), fastSeconds / c.Tiles, (double)fastIterations / c.Tiles,
            exactSeconds / solves, (double)exactIterations / solves, residualMax);
    }

    /// <summary>A level in <c>0 .. top</c>: uniform, or Binomial(top, meanLevel).</summary>
    private static int DrawLevel(Rng rng, int top, double? meanLevel)
    {
        if (meanLevel is not { } f) return rng.NextInt(top + 1);
        int level = 0;
        for (int b = 0; b < top; b++) if (rng.NextDouble() < f) level++;
        return level;
    }
}
