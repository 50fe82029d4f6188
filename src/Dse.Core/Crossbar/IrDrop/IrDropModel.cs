namespace Dse.Crossbar.IrDrop;

/// <summary>
/// The fast IR-drop model of the Monte Carlo: a per-chip, position-dependent effective conductance. Once per programmed
/// tile it solves the tile's network with every row driven and every cell's current into its bitline weighted by the mean
/// input density p (mean field), and replaces each cell's conductance G by <c>G_eff = g (u - v) / Vread</c>, where
/// <c>g = G / (1 + G R_access)</c> and u, v are the cell's wordline and bitline node voltages. The engine's GEMM then
/// computes <c>Vread sum(active G_eff)</c> as it computes <c>Vread sum(active G)</c> today: no cost per input.
/// </summary>
/// <remarks>
/// What it captures: the access transistor exactly; the driver and wordline drop of each row from its own cells' currents
/// (a row's wordline current does not depend on the other rows' inputs); the bitline and sense drop at the mean column
/// current. What it misses: the fluctuation of each bit-plane's column current around that mean (the number and
/// positions of its active rows). <c>dse irdrop check</c> measures the resulting error against
/// <see cref="ExactTileSolver"/>. The mean-field network is solved by alternating exact line solves (every wordline, then
/// every bitline, each a tridiagonal system), i.e. block Gauss-Seidel, until no node moves by more than
/// <see cref="ToleranceRelative"/> x Vread.
/// <para>Engine hook: call <see cref="Apply"/> on a trial's programmed level matrix right after programming (after
/// <c>CellProgramming.ApplyCellTerms</c>), once per variant and tile geometry, before the bit-plane GEMMs.</para>
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
    /// <param name="parasitics">From <see cref="TileParasitics.For"/>; the wire, driver and sense resistances all &gt; 0 or all 0.</param>
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
    /// Engine hook: replaces every programmed conductance of a <c>[dim, columns]</c> level matrix by its effective
    /// conductance, tile by tile (rows cut into blocks of <paramref name="tileRows"/>, columns into blocks of
    /// <paramref name="tileCols"/>; the last block of each may be smaller). Leaves the matrix bit-for-bit unchanged when
    /// the parasitics are ideal.
    /// </summary>
    /// <param name="wLevels">Programmed conductances in level steps (<c>G / dG</c>), row-major <c>[dim, columns]</c>, updated in place.</param>
    /// <param name="dim">Rows of the matrix (wordlines over all row blocks).</param>
    /// <param name="columns">Physical columns of the matrix (bitlines over all column blocks).</param>
    /// <param name="tileRows">Crossbar rows R. Range: &gt;= 1.</param>
    /// <param name="tileCols">Crossbar columns C. Range: &gt;= 1.</param>
    /// <param name="levelStepS">dG, siemens per level step (<c>CellProgramming.LevelStepS</c>). Range: &gt; 0.</param>
    /// <exception cref="ArgumentException">When shapes disagree.</exception>
    /// <remarks>Thread-safe: allocates its own buffers (3 doubles per cell of one tile).</remarks>
    public void Apply(Span<float> wLevels, int dim, int columns, int tileRows, int tileCols, double levelStepS)
    {
        if (dim < 1 || columns < 1 || wLevels.Length != dim * columns || tileRows < 1 || tileCols < 1 || !(levelStepS > 0))
            throw new ArgumentException($"Expected a {dim} x {columns} matrix, positive tile sizes and level step.", nameof(wLevels));
        if (Parasitics.IsIdeal) return;
        int maxR = Math.Min(tileRows, dim), maxC = Math.Min(tileCols, columns);
        var g = new double[maxR * maxC];
        var eff = new double[maxR * maxC];
        var scratch = new Workspace(maxR, maxC);
        for (int r0 = 0; r0 < dim; r0 += tileRows)
            for (int c0 = 0; c0 < columns; c0 += tileCols)
            {
                int rows = Math.Min(tileRows, dim - r0), cols = Math.Min(tileCols, columns - c0);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) g[i * cols + j] = wLevels[(r0 + i) * columns + c0 + j] * levelStepS;
                EffectiveConductance(g.AsSpan(0, rows * cols), rows, cols, eff.AsSpan(0, rows * cols), scratch);
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) wLevels[(r0 + i) * columns + c0 + j] = (float)(eff[i * cols + j] / levelStepS);
            }
    }

    /// <summary>The effective conductances of one tile: <c>g (u - v) / Vread</c> from the mean-field solve.</summary>
    /// <param name="conductanceS">Programmed G, siemens, row-major <c>[rows, cols]</c>.</param>
    /// <param name="rows">R. Range: &gt;= 1.</param>
    /// <param name="cols">C. Range: &gt;= 1.</param>
    /// <param name="effectiveS">Output G_eff, siemens, same shape.</param>
    /// <returns>Iterations of the mean-field solve (0 for ideal parasitics, where <c>G_eff = G</c>).</returns>
    /// <exception cref="ArgumentException">When shapes disagree.</exception>
    /// <exception cref="InvalidOperationException">When the iteration does not converge within <see cref="MaxIterations"/>.</exception>
    public int EffectiveConductance(ReadOnlySpan<double> conductanceS, int rows, int cols, Span<double> effectiveS)
    {
        if (rows < 1 || cols < 1 || conductanceS.Length != rows * cols || effectiveS.Length != rows * cols)
            throw new ArgumentException($"Expected {rows} x {cols} conductances.", nameof(conductanceS));
        return EffectiveConductance(conductanceS, rows, cols, effectiveS, new Workspace(rows, cols));
    }

    private sealed class Workspace(int rows, int cols)
    {
        public double[] Cell { get; } = new double[rows * cols];
        public double[] U { get; } = new double[rows * cols];
        public double[] V { get; } = new double[rows * cols];
        public double[] WordlinePivot { get; } = new double[rows * cols];   // 1 / Thomas pivot of each wordline node
        public double[] BitlinePivot { get; } = new double[rows * cols];    // same for each bitline node, column-major
        public double[] Line { get; } = new double[Math.Max(rows, cols)];
    }

    private int EffectiveConductance(ReadOnlySpan<double> gS, int rows, int cols, Span<double> effS, Workspace ws)
    {
        var p = Parasitics;
        int n = rows * cols;
        if (p.IsIdeal)
        {
            gS.CopyTo(effS);
            return 0;
        }
        var cell = ws.Cell;
        for (int k = 0; k < n; k++) cell[k] = p.CellConductanceS(gS[k]);
        if (p.WordlineSegmentOhm == 0)
        {
            cell.AsSpan(0, n).CopyTo(effS);
            return 0;
        }

        double vread = ReadVoltageV, density = InputDensity;
        double gW = 1 / p.WordlineSegmentOhm, gB = 1 / p.BitlineSegmentOhm;
        double gDrive = 1 / (p.DriverOhm + p.WordlineSegmentOhm), gSense = 1 / (p.BitlineSegmentOhm + p.SenseOhm);
        // The line matrices do not change between iterations: factor them once.
        // Wordline i: diagonal (left + right + g), off-diagonal -gW; bitline j: (up + down + p g), off-diagonal -gB.
        for (int i = 0; i < rows; i++)
            Factor(ws.WordlinePivot.AsSpan(i * cols, cols), gW, j => (j == 0 ? gDrive : gW) + (j < cols - 1 ? gW : 0) + cell[i * cols + j]);
        for (int j = 0; j < cols; j++)
            Factor(ws.BitlinePivot.AsSpan(j * rows, rows), gB, i => (i > 0 ? gB : 0) + (i < rows - 1 ? gB : gSense) + density * cell[i * cols + j]);

        var u = ws.U;
        var v = ws.V;
        var line = ws.Line;
        Array.Fill(u, vread, 0, n);
        Array.Clear(v, 0, n);
        double tolerance = ToleranceRelative * vread, omega = 1, previous = double.PositiveInfinity;
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            double change = 0;
            for (int i = 0; i < rows; i++)
            {
                int o = i * cols;
                for (int j = 0; j < cols; j++) line[j] = cell[o + j] * v[o + j];
                line[0] += gDrive * vread;
                Substitute(ws.WordlinePivot.AsSpan(o, cols), gW, line.AsSpan(0, cols));
                for (int j = 0; j < cols; j++)
                {
                    double step = omega * (line[j] - u[o + j]);
                    change = Math.Max(change, Math.Abs(step));
                    u[o + j] += step;
                }
            }
            for (int j = 0; j < cols; j++)
            {
                for (int i = 0; i < rows; i++) line[i] = density * cell[i * cols + j] * u[i * cols + j];
                Substitute(ws.BitlinePivot.AsSpan(j * rows, rows), gB, line.AsSpan(0, rows));
                for (int i = 0; i < rows; i++)
                {
                    double step = omega * (line[i] - v[i * cols + j]);
                    change = Math.Max(change, Math.Abs(step));
                    v[i * cols + j] += step;
                }
            }
            if (change <= tolerance)
            {
                for (int k = 0; k < n; k++) effS[k] = cell[k] * (u[k] - v[k]) / vread;
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

    /// <summary>Plain Gauss-Seidel sweeps before the over-relaxation factor is estimated from their convergence rate.</summary>
    private const int OverRelaxationAfter = 4;

    /// <summary>Thomas factorisation of a symmetric tridiagonal matrix with diagonal <c>diagonal(k)</c> and every off-diagonal
    /// <c>-offDiagonal</c>: stores <c>1 / pivot</c> per row (diagonally dominant here, so no pivoting is needed).</summary>
    private static void Factor(Span<double> inversePivot, double offDiagonal, Func<int, double> diagonal)
    {
        double pivot = diagonal(0);
        inversePivot[0] = 1 / pivot;
        for (int k = 1; k < inversePivot.Length; k++)
        {
            pivot = diagonal(k) - offDiagonal * offDiagonal / pivot;
            inversePivot[k] = 1 / pivot;
        }
    }

    /// <summary>Solves the factored system in place: <paramref name="x"/> holds the right-hand side on entry, the solution on exit.</summary>
    private static void Substitute(ReadOnlySpan<double> inversePivot, double offDiagonal, Span<double> x)
    {
        x[0] *= inversePivot[0];
        for (int k = 1; k < x.Length; k++) x[k] = (x[k] + offDiagonal * x[k - 1]) * inversePivot[k];
        for (int k = x.Length - 2; k >= 0; k--) x[k] += offDiagonal * inversePivot[k] * x[k + 1];
    }
}
