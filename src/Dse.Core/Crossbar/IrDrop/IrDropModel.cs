using System.Numerics.Tensors;
using Dse.Devices;

namespace Dse.Crossbar.IrDrop;

/// <summary>
/// The fast IR-drop model of the Monte Carlo: a per-chip, position-dependent effective conductance. Once per job and tile
/// geometry it solves each tile's network at its nominal levels with every row driven and every cell's current into its
/// bitline weighted by the mean input density p (mean field), giving each cell an attenuation <c>alpha = (u - v) / Vread</c>
/// (u, v its wordline and bitline node voltages); each trial then replaces each programmed conductance G by
/// <c>G_eff = alpha G / (1 + G R_access)</c>. The engine's GEMM computes <c>Vread sum(active G_eff)</c> as it computes
/// <c>Vread sum(active G)</c> today: no cost per input, one multiply per cell per trial.
/// </summary>
/// <remarks>
/// What it captures: the access transistor exactly (per trial, on the programmed G); the driver and wordline drop of each
/// row from its own cells' currents (a row's wordline current does not depend on the other rows' inputs); the bitline and
/// sense drop at the mean column current. What it misses: the fluctuation of each bit-plane's column current around that
/// mean (the number and positions of its active rows), which the optional <see cref="ColumnCorrection"/> /
/// <see cref="CorrectPartialSum"/> reduce, and the second-order change of alpha with each trial's variation.
/// <c>dse irdrop check</c> measures both against <see cref="ExactTileSolver"/>. The mean-field network is solved by
/// alternating exact line solves (every wordline, then every bitline, each a tridiagonal system factored once), i.e.
/// two-block Gauss-Seidel over-relaxed after <see cref="OverRelaxationAfter"/> sweeps, until no node moves by more than
/// <see cref="ToleranceRelative"/> x Vread.
/// <para>Engine hook: (1) per job, variant device and rows x cols geometry, <see cref="Attenuation(ReadOnlySpan{float}, int, int, int, IReadOnlyList{int[]}, double)"/> of the nominal level
/// matrix; (2) per trial and variant, <see cref="Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/> on the programmed levels right after
/// <c>CellProgramming.ApplyCellTerms</c>, before the bit-plane GEMMs; (3) optionally, per trial,
/// <see cref="ColumnCorrection"/> and <see cref="CorrectPartialSum"/> on every analog partial sum before the ADC. Because
/// alpha depends on the tile's rows, the partial sums of different <c>rows</c> values no longer share fine-block GEMMs.</para>
/// </remarks>
public sealed class IrDropModel
{
    /// <summary>Largest node-voltage change, relative to Vread, at which the mean-field iteration stops.</summary>
    public const double ToleranceRelative = 1e-7;

    /// <summary>Iteration cap of the mean-field solve; reaching it throws.</summary>
    public const int MaxIterations = 20000;

    /// <summary>The tile's parasitic resistances.</summary>
    public TileParasitics Parasitics { get; }

    /// <summary>Vread, volts.</summary>
    public double ReadVoltageV { get; }

    /// <summary>p, the mean fraction of rows driven per bit-plane, in (0, 1].</summary>
    public double InputDensity { get; }

    /// <summary>Creates the model for one device's tiles.</summary>
    /// <param name="parasitics">From <see cref="TileParasitics.For(WireModel, DeviceModel, double, SwitchSizes)"/>; the wire, driver and sense resistances all &gt; 0 or all 0.</param>
    /// <param name="readVoltageV">Vread, volts (the periphery file's <c>readVoltageV</c>). Range: &gt; 0.</param>
    /// <param name="inputDensity">p: mean fraction of 1 bits over the workload's input bit-planes (the engine knows it from its
    /// popcounts). Range: (0, 1].</param>
    /// <exception cref="ArgumentException">When a resistance pattern or value is out of range.</exception>
    public IrDropModel(TileParasitics parasitics, double readVoltageV, double inputDensity)
    {
        if (!parasitics.WiresAllPositiveOrAllZero)
            throw new ArgumentException("Wire, driver and sense resistances must be all > 0 or all 0.", nameof(parasitics));
        if (!(readVoltageV > 0)) throw new ArgumentException("Vread must be > 0.", nameof(readVoltageV));
        if (!(inputDensity > 0 && inputDensity <= 1)) throw new ArgumentException("Input density must be in (0, 1].", nameof(inputDensity));
        Parasitics = parasitics;
        ReadVoltageV = readVoltageV;
        InputDensity = inputDensity;
    }

    /// <summary>
    /// The attenuation <c>(u - v) / Vread</c> of every cell of a <c>[dim, columns]</c> level matrix cut into tiles of contiguous
    /// columns (rows into blocks of <paramref name="tileRows"/>, columns into blocks of <paramref name="tileCols"/>; the last block
    /// of each may be smaller): <see cref="Attenuation(ReadOnlySpan{float}, int, int, int, IReadOnlyList{int[]}, double)"/> with
    /// column tiles <c>[0, tileCols)</c>, <c>[tileCols, 2 tileCols)</c>, ...
    /// </summary>
    /// <param name="nominalLevels">Nominal (noiseless) conductances in level steps, row-major <c>[dim, columns]</c>.</param>
    /// <param name="dim">Rows of the matrix. Range: &gt;= 1.</param>
    /// <param name="columns">Physical columns of the matrix. Range: &gt;= 1.</param>
    /// <param name="tileRows">Crossbar rows R. Range: &gt;= 1.</param>
    /// <param name="tileCols">Crossbar columns C. Range: &gt;= 1.</param>
    /// <param name="levelStepS">dG, siemens per level step. Range: &gt; 0.</param>
    /// <returns>Attenuation per cell, <c>[dim, columns]</c>, in (0, 1]; all 1 for ideal parasitics.</returns>
    /// <exception cref="ArgumentException">When shapes disagree.</exception>
    public float[] Attenuation(ReadOnlySpan<float> nominalLevels, int dim, int columns, int tileRows, int tileCols, double levelStepS)
    {
        if (tileCols < 1) throw new ArgumentException("The tile must have at least one column.", nameof(tileCols));
        var tiles = new List<int[]>();
        for (int c0 = 0; c0 < columns; c0 += tileCols) tiles.Add(Enumerable.Range(c0, Math.Min(tileCols, columns - c0)).ToArray());
        return Attenuation(nominalLevels, dim, columns, tileRows, tiles, levelStepS);
    }

    /// <summary>
    /// Engine hook, once per job, variant device and crossbar geometry: the attenuation <c>(u - v) / Vread</c> of every cell of a
    /// <c>[dim, columns]</c> level matrix whose columns sit on the crossbars as <paramref name="columnTiles"/> lists them (rows cut
    /// into blocks of <paramref name="tileRows"/>, the last may be smaller), from the mean-field solve of each tile programmed at
    /// its nominal levels.
    /// </summary>
    /// <param name="nominalLevels">Nominal (noiseless) conductances in level steps, <c>G / dG = gMinLevels + level</c>, row-major
    /// <c>[dim, columns]</c>.</param>
    /// <param name="dim">Rows of the matrix (wordlines over all row blocks). Range: &gt;= 1.</param>
    /// <param name="columns">Columns of the matrix. Range: &gt;= 1.</param>
    /// <param name="tileRows">Crossbar rows R. Range: &gt;= 1.</param>
    /// <param name="columnTiles">The matrix columns of each crossbar in wordline order (the first next to the drivers); every
    /// column in exactly one tile (e.g. a tile's data columns with its reference columns).</param>
    /// <param name="levelStepS">dG, siemens per level step (<c>CellProgramming.LevelStepS</c>). Range: &gt; 0.</param>
    /// <returns>Attenuation per cell, <c>[dim, columns]</c>, in (0, 1]; all 1 for ideal parasitics.</returns>
    /// <exception cref="ArgumentException">When shapes disagree or a column is in no tile or in two.</exception>
    /// <remarks>Thread-safe. A trial's cells differ from the nominal ones by programming variation and the other cell terms;
    /// the attenuation of a cell depends on the others only through its row's and column's total currents, which that
    /// noise moves by a fraction of a percent, so the nominal attenuation serves every trial and variation scale
    /// (<c>dse irdrop check --sigma-scale</c> measures it).</remarks>
    public float[] Attenuation(ReadOnlySpan<float> nominalLevels, int dim, int columns, int tileRows, IReadOnlyList<int[]> columnTiles, double levelStepS)
        => Attenuation(nominalLevels, dim, columns, tileRows, tileRows, 1, columns, UnselectedBitlines.Grounded, columnTiles, levelStepS);

    /// <summary>
    /// Engine hook, once per job, variant device and read circuit: the attenuation <c>(u - v) / Vread</c> of every cell of a
    /// <c>[dim, columns]</c> level matrix whose columns sit on the crossbars as <paramref name="columnTiles"/> lists them, each cell
    /// from the mean-field solve of the read that senses it. Rows are cut into subarrays of <paramref name="tileRows"/> and each
    /// subarray read in groups of <paramref name="rowsPerRead"/> wordlines: only a group's rows drive current, through the whole
    /// bitline below them to the sense node (a last, partly filled subarray holds its rows next to the sense nodes). A tile's data columns (matrix columns below <paramref name="dataColumns"/>) share ADCs
    /// <paramref name="colsPerAdc"/> at a time: phase m senses the tile's data columns <c>a colsPerAdc + m</c>, and every reference
    /// column (matrix columns from <paramref name="dataColumns"/> on) in every phase. With <see cref="UnselectedBitlines.Floating"/>
    /// the unselected bitlines carry no current, so a phase's solve holds its sensed columns alone, the wordline between them
    /// lumped; with <see cref="UnselectedBitlines.Grounded"/> every column conducts in every phase, one solve per group. A
    /// reference column, sensed in every phase, gets the mean of its phases' attenuations.
    /// </summary>
    /// <param name="nominalLevels">Nominal (noiseless) conductances in level steps, <c>G / dG</c>, row-major <c>[dim, columns]</c>.</param>
    /// <param name="dim">Rows of the matrix (wordlines over all subarrays). Range: &gt;= 1.</param>
    /// <param name="columns">Columns of the matrix, data then reference. Range: &gt;= 1.</param>
    /// <param name="tileRows">Subarray rows R. Range: &gt;= 1.</param>
    /// <param name="rowsPerRead">Wordlines driven together. Range: 1..<paramref name="tileRows"/>.</param>
    /// <param name="colsPerAdc">Data columns sharing one ADC. Range: &gt;= 1.</param>
    /// <param name="dataColumns">Matrix columns below this index are data columns, the rest reference columns. Range: 0..columns.</param>
    /// <param name="unselected">What the bitlines a phase does not sense are connected to.</param>
    /// <param name="columnTiles">The matrix columns of each crossbar in wordline order (the first next to the drivers); every
    /// column in exactly one tile.</param>
    /// <param name="levelStepS">dG, siemens per level step. Range: &gt; 0.</param>
    /// <returns>Attenuation per cell, <c>[dim, columns]</c>, in (0, 1]; all 1 for ideal parasitics.</returns>
    /// <exception cref="ArgumentException">When shapes or ranges disagree or a column is in no tile or in two.</exception>
    /// <remarks>Thread-safe. The nominal attenuation serves every trial and variation scale (see the overload without a read circuit).</remarks>
    public float[] Attenuation(ReadOnlySpan<float> nominalLevels, int dim, int columns, int tileRows, int rowsPerRead, int colsPerAdc, int dataColumns,
        UnselectedBitlines unselected, IReadOnlyList<int[]> columnTiles, double levelStepS)
    {
        if (dim < 1 || columns < 1 || nominalLevels.Length != dim * columns || tileRows < 1 || !(levelStepS > 0))
            throw new ArgumentException($"Expected a {dim} x {columns} matrix, a positive tile height and level step.", nameof(nominalLevels));
        if (rowsPerRead < 1 || rowsPerRead > tileRows || colsPerAdc < 1 || dataColumns < 0 || dataColumns > columns)
            throw new ArgumentException($"Expected 1 <= rowsPerRead <= {tileRows}, colsPerAdc >= 1 and 0 <= dataColumns <= {columns}.", nameof(rowsPerRead));
        var seen = new bool[columns];
        foreach (int c in columnTiles.SelectMany(t => t))
        {
            if (c < 0 || c >= columns || seen[c]) throw new ArgumentException($"Column {c} is outside 0..{columns - 1} or in two tiles.", nameof(columnTiles));
            seen[c] = true;
        }
        if (seen.Contains(false)) throw new ArgumentException("Every column must be in a tile.", nameof(columnTiles));
        var alpha = new float[dim * columns];
        if (Parasitics.IsIdeal || Parasitics.WordlineSegmentOhm == 0)
        {
            Array.Fill(alpha, 1f);
            return alpha;
        }
        int maxR = Math.Min(rowsPerRead, dim), maxC = columnTiles.Max(t => t.Length);
        var g = new double[maxR * maxC];
        var a = new double[maxR * maxC];
        var ws = new Workspace(maxR, maxC);
        var sum = new double[maxR * maxC];
        bool phased = colsPerAdc > 1 && unselected == UnselectedBitlines.Floating;
        for (int r0 = 0; r0 < dim; r0 += tileRows)
        {
            int rowsInTile = Math.Min(tileRows, dim - r0);
            for (int g0 = 0; g0 < rowsInTile; g0 += rowsPerRead)
            {
                int rows = Math.Min(rowsPerRead, rowsInTile - g0), below = rowsInTile - g0 - rows;
                foreach (var tile in columnTiles)
                {
                    var phases = phased ? Phases(tile, colsPerAdc, dataColumns) : [Enumerable.Range(0, tile.Length).ToArray()];
                    var references = tile.Count(c => c >= dataColumns);
                    Array.Clear(sum, 0, rows * tile.Length);
                    foreach (var positions in phases)
                    {
                        int cols = positions.Length;
                        for (int i = 0; i < rows; i++)
                            for (int j = 0; j < cols; j++) g[i * cols + j] = nominalLevels[(r0 + g0 + i) * columns + tile[positions[j]]] * levelStepS;
                        Solve(g.AsSpan(0, rows * cols), rows, cols, a.AsSpan(0, rows * cols), ws, ReadLines(positions, rows, below));
                        for (int i = 0; i < rows; i++)
                            for (int j = 0; j < cols; j++)
                            {
                                int c = tile[positions[j]];
                                double value = a[i * cols + j];
                                if (phased && c >= dataColumns) sum[i * tile.Length + positions[j]] += value / phases.Count;
                                else alpha[(r0 + g0 + i) * columns + c] = (float)value;
                            }
                    }
                    if (!phased || references == 0) continue;
                    for (int i = 0; i < rows; i++)
                        for (int k = 0; k < tile.Length; k++)
                            if (tile[k] >= dataColumns) alpha[(r0 + g0 + i) * columns + tile[k]] = (float)sum[i * tile.Length + k];
                }
            }
        }
        return alpha;
    }

    /// <summary>The tile positions each phase senses: its data columns <c>a colsPerAdc + m</c> (counting the tile's data columns
    /// only) and every reference column, in wordline order.</summary>
    private static List<int[]> Phases(int[] tile, int colsPerAdc, int dataColumns)
    {
        var phases = new List<int[]>();
        int dataCount = tile.Count(c => c < dataColumns);
        for (int m = 0; m < Math.Min(colsPerAdc, dataCount); m++)
        {
            var positions = new List<int>();
            for (int k = 0, dataIndex = 0; k < tile.Length; k++)
            {
                if (tile[k] >= dataColumns) positions.Add(k);
                else if (dataIndex++ % colsPerAdc == m) positions.Add(k);
            }
            phases.Add(positions.ToArray());
        }
        return phases;
    }

    /// <summary>The lines of one read: the sensed tile positions (wordline segments lumped between them), the read's rows and
    /// the bitline segments below them to the sense node.</summary>
    private Lines ReadLines(int[] positions, int rows, int rowsBelow)
    {
        var p = Parasitics;
        var wordline = new double[positions.Length];
        for (int j = 0; j < positions.Length; j++)
            wordline[j] = j == 0
                ? 1 / (p.DriverOhm + (positions[0] + 1) * p.WordlineSegmentOhm)
                : 1 / ((positions[j] - positions[j - 1]) * p.WordlineSegmentOhm);
        var density = new double[rows];
        Array.Fill(density, InputDensity);
        return new Lines(wordline, 1 / p.BitlineSegmentOhm, 1 / ((rowsBelow + 1) * p.BitlineSegmentOhm + p.SenseOhm), density);
    }

    /// <summary>
    /// Replaces each programmed conductance G by its effective conductance <c>alpha G / (1 + G R_access)</c>, in level steps, in
    /// place (<see cref="Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/> with the same span twice).
    /// </summary>
    /// <param name="wLevels">Programmed conductances in level steps, row-major <c>[dim, columns]</c>, updated in place.</param>
    /// <param name="attenuation">From <see cref="Attenuation(ReadOnlySpan{float}, int, int, int, IReadOnlyList{int[]}, double)"/> for the same shape and tile geometry.</param>
    /// <param name="levelStepS">dG, siemens per level step. Range: &gt; 0.</param>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public void Apply(Span<float> wLevels, ReadOnlySpan<float> attenuation, double levelStepS) => Apply(wLevels, attenuation, levelStepS, wLevels);

    /// <summary>
    /// Engine hook, once per trial, variant and crossbar size right after programming (after <c>CellProgramming.ApplyCellTerms</c>):
    /// each programmed conductance G's effective conductance <c>alpha G / (1 + G R_access)</c>, in level steps, into
    /// <paramref name="into"/> (which may be <paramref name="wLevels"/> itself). Copies the matrix bit-for-bit when the parasitics
    /// are ideal.
    /// </summary>
    /// <param name="wLevels">Programmed conductances in level steps, row-major <c>[dim, columns]</c>.</param>
    /// <param name="attenuation">From <see cref="Attenuation(ReadOnlySpan{float}, int, int, int, IReadOnlyList{int[]}, double)"/> for the same shape and tile geometry.</param>
    /// <param name="levelStepS">dG, siemens per level step. Range: &gt; 0.</param>
    /// <param name="into">The effective conductances, as long as <paramref name="wLevels"/>.</param>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public void Apply(ReadOnlySpan<float> wLevels, ReadOnlySpan<float> attenuation, double levelStepS, Span<float> into)
    {
        if (wLevels.Length != attenuation.Length || into.Length != wLevels.Length || !(levelStepS > 0))
            throw new ArgumentException("The attenuation map and the output must match the level matrix, and the level step be > 0.", nameof(attenuation));
        if (Parasitics.IsIdeal)
        {
            wLevels.CopyTo(into);
            return;
        }
        float accessLevels = (float)(Parasitics.AccessOhm * levelStepS);
        for (int k = 0; k < wLevels.Length; k++) into[k] = attenuation[k] * wLevels[k] / (1 + wLevels[k] * accessLevels);
    }

    /// <summary>
    /// Optional engine hook, once per trial and variant after <see cref="Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/>: the constants of the column-current
    /// correction of every tile column (<see cref="CorrectPartialSum"/>), in level units. The mean field fixes each column's
    /// bitline and sense drop at its mean current; a bit-plane that draws more current than the mean drops more. With
    /// <c>S</c> the partial sum <c>sum(active G_eff)</c> and <c>M = p sum(G_eff)</c> its mean over bit-planes, the extra current
    /// <c>S - M</c> raises the bitline by about <c>R_eff (S - M) Vread dG</c> under every active cell, which loses
    /// <c>sum(active g) = S / mean(alpha)</c> times that: solved for the corrected sum, <c>S (1 + k M) / (1 + k S)</c> with
    /// <c>k = R_eff dG Vread / (Vread mean(alpha)) = R_eff dG / mean(alpha)</c>, <c>mean(alpha)</c> the conductance-weighted mean
    /// attenuation of the tile column and <c>R_eff = R_sense + R_bitline (1 + R / 3)</c> (R / 3 segments: the mean bitline
    /// length shared by two cells of the column drawn uniformly).
    /// </summary>
    /// <param name="wEffectiveLevels">Effective conductances after <see cref="Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/>, level steps, <c>[dim, columns]</c>.</param>
    /// <param name="attenuation">The map <see cref="Apply(ReadOnlySpan{float}, ReadOnlySpan{float}, double, Span{float})"/> used.</param>
    /// <param name="dim">Rows of the matrix.</param>
    /// <param name="columns">Physical columns of the matrix.</param>
    /// <param name="tileRows">Crossbar rows R (the row-block size of the partial sums).</param>
    /// <param name="levelStepS">dG, siemens per level step.</param>
    /// <param name="gain">Output k per row block and column, <c>[ceil(dim / tileRows), columns]</c>, per level step.</param>
    /// <param name="meanSum">Output M per row block and column, same shape, level steps.</param>
    /// <exception cref="ArgumentException">When shapes disagree.</exception>
    public void ColumnCorrection(ReadOnlySpan<float> wEffectiveLevels, ReadOnlySpan<float> attenuation, int dim, int columns, int tileRows,
        double levelStepS, Span<float> gain, Span<float> meanSum)
    {
        int blocks = (dim + tileRows - 1) / Math.Max(1, tileRows);
        if (tileRows < 1 || wEffectiveLevels.Length != dim * columns || attenuation.Length != dim * columns
            || gain.Length != blocks * columns || meanSum.Length != blocks * columns)
            throw new ArgumentException($"Expected {dim} x {columns} maps and {blocks} x {columns} outputs.", nameof(wEffectiveLevels));
        for (int b = 0; b < blocks; b++)
        {
            int r0 = b * tileRows, rows = Math.Min(tileRows, dim - r0);
            double rEff = SenseSideOhm(rows) * levelStepS;
            for (int j = 0; j < columns; j++)
            {
                double sum = 0, unattenuated = 0;
                for (int i = r0; i < r0 + rows; i++)
                {
                    sum += wEffectiveLevels[i * columns + j];
                    unattenuated += wEffectiveLevels[i * columns + j] / attenuation[i * columns + j];
                }
                gain[b * columns + j] = sum > 0 ? (float)(rEff * unattenuated / sum) : 0f;
                meanSum[b * columns + j] = (float)(InputDensity * sum);
            }
        }
    }

    /// <summary>The corrected partial sum <c>S (1 + k M) / (1 + k S)</c> (see <see cref="ColumnCorrection"/>); any units in which
    /// <c>k S</c> is dimensionless.</summary>
    /// <param name="sum">S, the partial sum of the effective conductances over the bit-plane's active rows.</param>
    /// <param name="gain">k of the sum's tile column.</param>
    /// <param name="meanSum">M of the sum's tile column.</param>
    public static double CorrectPartialSum(double sum, double gain, double meanSum) => sum * (1 + gain * meanSum) / (1 + gain * sum);

    /// <summary><c>R_eff = R_sense + R_bitline (1 + R / 3)</c>, ohm, for a tile of <paramref name="rows"/> rows.</summary>
    internal double SenseSideOhm(int rows) => Parasitics.SenseOhm + Parasitics.BitlineSegmentOhm * (1 + rows / 3.0);

    /// <summary>The attenuation <c>(u - v) / Vread</c> of every cell of one tile from the mean-field solve.</summary>
    /// <param name="conductanceS">Nominal G, siemens, row-major <c>[rows, cols]</c>.</param>
    /// <param name="rows">R. Range: &gt;= 1.</param>
    /// <param name="cols">C. Range: &gt;= 1.</param>
    /// <param name="attenuation">Output, same shape, in (0, 1].</param>
    /// <returns>Iterations of the mean-field solve (0 when the wires are ideal: attenuation 1).</returns>
    /// <exception cref="ArgumentException">When shapes disagree.</exception>
    /// <exception cref="InvalidOperationException">When the iteration does not converge within <see cref="MaxIterations"/>.</exception>
    public int TileAttenuation(ReadOnlySpan<double> conductanceS, int rows, int cols, Span<double> attenuation)
    {
        if (rows < 1 || cols < 1 || conductanceS.Length != rows * cols || attenuation.Length != rows * cols)
            throw new ArgumentException($"Expected {rows} x {cols} conductances.", nameof(conductanceS));
        if (Parasitics.IsIdeal || Parasitics.WordlineSegmentOhm == 0)
        {
            attenuation.Fill(1);
            return 0;
        }
        return Solve(conductanceS, rows, cols, attenuation, new Workspace(rows, cols), ReadLines(Enumerable.Range(0, cols).ToArray(), rows, 0));
    }

    /// <summary>
    /// The fast model's column currents of one read of one tile, amperes: the mean-field solve with the read's own inputs (each
    /// driven row at density 1, every other row at 0), then <c>Vread sum(active alpha G / (1 + G R_access))</c> per sensed
    /// column, 0 for the others. What <c>dse irdrop tile</c> compares with <see cref="ExactTileSolver"/>.
    /// </summary>
    /// <param name="conductanceS">Cell conductances G, siemens, row-major <c>[rows, cols]</c>, each &gt;= 0.</param>
    /// <param name="rows">R. Range: &gt;= 1.</param>
    /// <param name="cols">C. Range: &gt;= 1.</param>
    /// <param name="activeRows">Driven rows (length R).</param>
    /// <param name="selectedCols">Sensed columns (length C).</param>
    /// <param name="unselected">What the other bitlines are connected to: floating ones carry no current in the fast model.</param>
    /// <returns>Current into each sensed column's sense node, amperes; length C.</returns>
    /// <exception cref="ArgumentException">When shapes disagree.</exception>
    public double[] FastColumnCurrents(ReadOnlySpan<double> conductanceS, int rows, int cols, ReadOnlySpan<bool> activeRows, ReadOnlySpan<bool> selectedCols,
        UnselectedBitlines unselected)
    {
        if (rows < 1 || cols < 1 || conductanceS.Length != rows * cols || activeRows.Length != rows || selectedCols.Length != cols)
            throw new ArgumentException($"Expected {rows} x {cols} conductances, {rows} row and {cols} column flags.", nameof(conductanceS));
        var currents = new double[cols];
        var positions = new List<int>();
        for (int j = 0; j < cols; j++)
            if (selectedCols[j] || unselected == UnselectedBitlines.Grounded) positions.Add(j);
        int n = positions.Count;
        if (n == 0) return currents;
        var g = new double[rows * n];
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < n; k++) g[i * n + k] = conductanceS[i * cols + positions[k]];
        var alpha = new double[rows * n];
        if (Parasitics.IsIdeal || Parasitics.WordlineSegmentOhm == 0) Array.Fill(alpha, 1.0);
        else
        {
            var lines = ReadLines(positions.ToArray(), rows, 0);
            for (int i = 0; i < rows; i++) lines.RowDensity[i] = activeRows[i] ? 1 : 0;
            Solve(g, rows, n, alpha, new Workspace(rows, n), lines);
        }
        for (int k = 0; k < n; k++)
        {
            if (!selectedCols[positions[k]]) continue;
            double sum = 0;
            for (int i = 0; i < rows; i++)
                if (activeRows[i]) sum += alpha[i * n + k] * Parasitics.CellConductanceS(g[i * n + k]);
            currents[positions[k]] = ReadVoltageV * sum;
        }
        return currents;
    }

    /// <summary>The lines of one mean-field solve.</summary>
    /// <param name="WordlineS">Conductance into wordline node j from its left, <c>[cols]</c>: the driver and first segment at j = 0.</param>
    /// <param name="BitlineS">Conductance of one bitline segment between neighbouring rows.</param>
    /// <param name="SenseS">Conductance from the last row's bitline node to the sense node's virtual ground.</param>
    /// <param name="RowDensity">Fraction of bit-planes driving each row, <c>[rows]</c> (the mean input density, or 0/1 for one read).</param>
    private readonly record struct Lines(double[] WordlineS, double BitlineS, double SenseS, double[] RowDensity);

    private sealed class Workspace(int rows, int cols)
    {
        public double[] Cell { get; } = new double[rows * cols];
        public double[] U { get; } = new double[rows * cols];
        public double[] V { get; } = new double[rows * cols];
        public double[] X { get; } = new double[rows * cols];               // line solutions of one pass
        public double[] WordlinePivot { get; } = new double[rows * cols];   // 1 / Thomas pivot of each wordline node
        public double[] BitlinePivot { get; } = new double[rows * cols];    // same for each bitline node (row-major)
    }

    /// <summary>Mean-field solve of one tile with non-zero wires: fills <paramref name="alpha"/>, returns the iterations.</summary>
    private int Solve(ReadOnlySpan<double> gS, int rows, int cols, Span<double> alpha, Workspace ws, Lines lines)
    {
        var p = Parasitics;
        int n = rows * cols;
        var cell = ws.Cell.AsSpan(0, n);
        for (int k = 0; k < n; k++) cell[k] = p.CellConductanceS(gS[k]);
        double vread = ReadVoltageV;
        var gW = lines.WordlineS;
        var density = lines.RowDensity;
        double gB = lines.BitlineS, gDrive = gW[0], gSense = lines.SenseS;

        // The line matrices do not change between iterations: factor them once (Thomas algorithm, 1 / pivot per node).
        // Wordline i: diagonal (left + right + g), off-diagonal -gW. Bitlines, all at once row by row: (up + down + p g), -gB.
        var wlPivot = ws.WordlinePivot.AsSpan(0, n);
        var blPivot = ws.BitlinePivot.AsSpan(0, n);
        for (int i = 0; i < rows; i++)
        {
            double pivot = 0;
            for (int j = 0; j < cols; j++)
            {
                double d = gW[j] + (j < cols - 1 ? gW[j + 1] : 0) + cell[i * cols + j];
                pivot = j == 0 ? d : d - gW[j] * gW[j] / pivot;
                wlPivot[i * cols + j] = 1 / pivot;
            }
        }
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                double d = (i > 0 ? gB : 0) + (i < rows - 1 ? gB : gSense) + density[i] * cell[i * cols + j];
                blPivot[i * cols + j] = 1 / (i == 0 ? d : d - gB * gB * blPivot[(i - 1) * cols + j]);
            }

        var u = ws.U.AsSpan(0, n);
        var v = ws.V.AsSpan(0, n);
        var x = ws.X.AsSpan(0, n);
        u.Fill(vread);
        v.Clear();
        double tolerance = ToleranceRelative * vread, omega = 1, previous = double.PositiveInfinity;
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            // Wordlines: (left + right + g) u_j - gW u_{j-1} - gW u_{j+1} = g v_j (+ gDrive Vread at j = 0).
            TensorPrimitives.Multiply(cell, v, x);
            for (int i = 0; i < rows; i++)
            {
                var line = x.Slice(i * cols, cols);
                var inv = wlPivot.Slice(i * cols, cols);
                line[0] = (line[0] + gDrive * vread) * inv[0];
                for (int j = 1; j < cols; j++) line[j] = (line[j] + gW[j] * line[j - 1]) * inv[j];
                for (int j = cols - 2; j >= 0; j--) line[j] += gW[j + 1] * inv[j] * line[j + 1];
            }
            double change = Relax(u, x, omega);
            // Bitlines, each cell injecting p g (u - v): (up + down + p g) v_i - gB v_{i-1} - gB v_{i+1} = p g u_i; all
            // columns at once, one row of the tile after the other (contiguous, vectorised).
            TensorPrimitives.Multiply(cell, u, x);
            for (int i = 0; i < rows; i++) TensorPrimitives.Multiply(x.Slice(i * cols, cols), density[i], x.Slice(i * cols, cols));
            TensorPrimitives.Multiply(x.Slice(0, cols), blPivot.Slice(0, cols), x.Slice(0, cols));
            for (int i = 1; i < rows; i++)
            {
                var row = x.Slice(i * cols, cols);
                TensorPrimitives.MultiplyAdd(x.Slice((i - 1) * cols, cols), gB, row, row);
                TensorPrimitives.Multiply(row, blPivot.Slice(i * cols, cols), row);
            }
            for (int i = rows - 2; i >= 0; i--)
            {
                // x_i += gB inv_i x_{i+1}
                var row = x.Slice(i * cols, cols);
                for (int j = 0; j < cols; j++) row[j] += gB * blPivot[i * cols + j] * x[(i + 1) * cols + j];
            }
            change = Math.Max(change, Relax(v, x, omega));
            if (change <= tolerance)
            {
                TensorPrimitives.Subtract(u, v, x);
                for (int k = 0; k < n; k++) alpha[k] = x[k] / vread;
                return iteration;
            }
            // Two-block (wordlines, bitlines) Gauss-Seidel: after a few plain sweeps the ratio of successive changes estimates
            // its spectral radius rho; the optimal over-relaxation of a two-block system is then 2 / (1 + sqrt(1 - rho)).
            if (iteration == OverRelaxationAfter && change < previous)
                omega = 2 / (1 + Math.Sqrt(1 - change / previous));
            previous = change;
        }
        throw new InvalidOperationException($"The mean-field IR-drop solve did not converge in {MaxIterations} iterations on a {rows} x {cols} tile.");
    }

    /// <summary>Over-relaxed update <c>old += omega (solved - old)</c>; returns the largest step. <paramref name="solved"/> is overwritten.</summary>
    private static double Relax(Span<double> old, Span<double> solved, double omega)
    {
        TensorPrimitives.Subtract(solved, old, solved);
        TensorPrimitives.Multiply(solved, omega, solved);
        TensorPrimitives.Add(old, solved, old);
        return Math.Abs(TensorPrimitives.MaxMagnitude(solved));
    }

    /// <summary>Plain Gauss-Seidel sweeps before the over-relaxation factor is estimated from their convergence rate.</summary>
    private const int OverRelaxationAfter = 4;
}
