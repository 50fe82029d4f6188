using Dse.Devices;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double.Solvers;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace Dse.Crossbar.IrDrop;

/// <summary>The result of one exact solve: the bitline currents and how well the linear system was solved.</summary>
/// <param name="ColumnCurrentsA">Current into each column's sense node (the partial sum), amperes; length = columns.</param>
/// <param name="Iterations">Iterations the Krylov solver took (0 for the ideal tile, solved in closed form).</param>
/// <param name="RelativeResidual">Final <c>||b - A x|| / ||b||</c> of the nodal system (0 for the ideal tile).</param>
public sealed record TileSolution(double[] ColumnCurrentsA, int Iterations, double RelativeResidual);

/// <summary>
/// Exact nodal analysis of one crossbar tile for one input bit-plane: the ground truth of the IR-drop models
/// (<see cref="IrDropModel"/> is checked against it). Every wordline node of an active row and every bitline node is an
/// unknown (but those of a floating unselected bitline no driven cell connects); Kirchhoff's current law at each gives a sparse
/// symmetric positive definite system <c>A x = b</c> (<see cref="TileParasitics"/> describes the circuit).
/// </summary>
/// <remarks>
/// Solver: MathNet.Numerics 5.0.0 (already a dependency of Dse.Core, maintained, managed, no native code): sparse CSR
/// matrix and its BiCGStab Krylov solver, preconditioned by exact solves of every wire (<see cref="LinePreconditioner"/>,
/// block Jacobi over lines). MathNet has no sparse direct solver (its LU densifies: 2M unknowns at 1024 x 1024) and no
/// plain conjugate gradient; its own <c>MILU0Preconditioner</c> diverged on low-Ron tiles (relative residual 1e16 on a
/// 64 x 64 rram-intel22 tile) and <c>DiagonalPreconditioner</c> cannot see the wire chains, whose conductance is 1e3 to
/// 1e5 times a cell's. With every wordline and bitline solved exactly (Thomas algorithm), only the cell couplings are left
/// to the Krylov iteration. The solve stops at a relative residual of <see cref="Tolerance"/>; the returned residual is
/// recomputed from the solution.
/// </remarks>
public static class ExactTileSolver
{
    /// <summary>Relative residual <c>||b - A x|| / ||b||</c> at which BiCGStab stops.</summary>
    public const double Tolerance = 1e-12;

    /// <summary>Iteration cap of BiCGStab (never reached on the shipped devices; reaching it throws).</summary>
    public const int MaxIterations = 5000;

    /// <summary>Solves the tile for one bit-plane with every bitline sensed.</summary>
    /// <param name="conductanceS">Programmed cell conductances G, siemens, row-major <c>[rows, cols]</c>, each &gt;= 0.</param>
    /// <param name="rows">R, wordlines. Range: &gt;= 1.</param>
    /// <param name="cols">C, bitlines. Range: &gt;= 1.</param>
    /// <param name="active">Input bit of each row (length R): true drives the row at Vread, false leaves its cells off.</param>
    /// <param name="parasitics">Wire, driver, sense and access resistances; the wire, driver and sense ones all &gt; 0 or all 0.</param>
    /// <param name="readVoltageV">Vread, volts, &gt; 0.</param>
    /// <returns>The column currents in amperes (exactly <c>Vread sum(active G)</c> when <paramref name="parasitics"/> is ideal).</returns>
    /// <exception cref="ArgumentException">Shapes disagree, or some but not all of the wire, driver and sense resistances are 0.</exception>
    /// <exception cref="InvalidOperationException">BiCGStab did not reach <see cref="Tolerance"/> within <see cref="MaxIterations"/>.</exception>
    /// <remarks>The same as the column-selecting overload with every column selected (the same nodal system, entry for entry).</remarks>
    public static TileSolution Solve(ReadOnlySpan<double> conductanceS, int rows, int cols, ReadOnlySpan<bool> active,
        TileParasitics parasitics, double readVoltageV)
    {
        var all = new bool[Math.Max(cols, 0)];
        Array.Fill(all, true);
        return Solve(conductanceS, rows, cols, active, all, UnselectedBitlines.Grounded, parasitics, readVoltageV);
    }

    /// <summary>Solves one read of the tile: the driven rows, and the bitlines the column multiplexer senses.</summary>
    /// <param name="conductanceS">Programmed cell conductances G, siemens, row-major <c>[rows, cols]</c>, each &gt;= 0.</param>
    /// <param name="rows">R, wordlines. Range: &gt;= 1.</param>
    /// <param name="cols">C, bitlines. Range: &gt;= 1.</param>
    /// <param name="active">Input bit of each row (length R): true drives the row at Vread, false leaves its cells off.</param>
    /// <param name="selected">Sensed bitlines (length C): true ends the bitline in the sense resistance into the virtual ground.</param>
    /// <param name="unselected">What the other bitlines end in: <see cref="UnselectedBitlines.Grounded"/>, the same sense
    /// resistance into ground (their current is drawn but not reported); <see cref="UnselectedBitlines.Floating"/>, nothing.</param>
    /// <param name="parasitics">Wire, driver, sense and access resistances; the wire, driver and sense ones all &gt; 0 or all 0.</param>
    /// <param name="readVoltageV">Vread, volts, &gt; 0.</param>
    /// <returns>The current into each selected column's sense node, amperes, 0 for the unselected ones (length C); exactly
    /// <c>Vread sum(active G / (1 + G R_access))</c> per selected column when the wire, driver and sense resistances are 0.</returns>
    /// <exception cref="ArgumentException">Shapes disagree, or some but not all of the wire, driver and sense resistances are 0.</exception>
    /// <exception cref="InvalidOperationException">BiCGStab did not reach <see cref="Tolerance"/> within <see cref="MaxIterations"/>.</exception>
    /// <remarks>
    /// Circuit: <see cref="TileParasitics"/>'s, except at the bottom of each bitline. A selected bitline, and an unselected one
    /// with <see cref="UnselectedBitlines.Grounded"/>, runs from its last cell through one bitline segment and the sense
    /// resistance into the virtual ground (0 V). A floating unselected bitline ends at its last cell's node: its cells are its
    /// only connections, so it carries current only from a driven row at a higher wordline potential to one at a lower one (a
    /// sneak path), and a floating bitline whose cells in the driven rows all have G = 0 (or with no driven row) is an isolated
    /// component at no defined potential, left out of the system (it carries nothing). Every other component reaches a driver,
    /// so the nodal matrix stays symmetric positive definite.
    /// </remarks>
    public static TileSolution Solve(ReadOnlySpan<double> conductanceS, int rows, int cols, ReadOnlySpan<bool> active,
        ReadOnlySpan<bool> selected, UnselectedBitlines unselected, TileParasitics parasitics, double readVoltageV)
    {
        if (rows < 1 || cols < 1 || conductanceS.Length != rows * cols || active.Length != rows || selected.Length != cols)
            throw new ArgumentException($"Expected {rows} x {cols} conductances, {rows} input bits and {cols} column flags.", nameof(conductanceS));
        if (!parasitics.WiresAllPositiveOrAllZero)
            throw new ArgumentException("Wire, driver and sense resistances must be all > 0 or all 0.", nameof(parasitics));

        var activeRows = new List<int>();
        for (int i = 0; i < rows; i++) if (active[i]) activeRows.Add(i);
        var currents = new double[cols];
        if (parasitics.WordlineSegmentOhm == 0)
        {
            // No wire, driver or sense resistance: every active cell sees Vread across it (with its access transistor); the
            // wordlines are at Vread whatever the unselected bitlines draw.
            foreach (int i in activeRows)
                for (int j = 0; j < cols; j++)
                    if (selected[j]) currents[j] += readVoltageV * parasitics.CellConductanceS(conductanceS[i * cols + j]);
            return new TileSolution(currents, 0, 0);
        }
        if (activeRows.Count == 0 || !selected.Contains(true)) return new TileSolution(currents, 0, 0);

        // The bitlines in the system: every grounded one, and every floating one that some driven cell connects.
        var bitlines = new List<Bitline>();
        for (int j = 0; j < cols; j++)
        {
            bool grounded = selected[j] || unselected == UnselectedBitlines.Grounded;
            bool connected = grounded;
            foreach (int i in activeRows) connected |= conductanceS[i * cols + j] > 0;
            if (connected) bitlines.Add(new Bitline(j, grounded));
        }

        var system = Assemble(conductanceS, rows, cols, activeRows, bitlines, parasitics, readVoltageV);
        var x = Vector<double>.Build.Dense(system.B.Count);
        var counter = new IterationCounter();
        var iterator = new Iterator<double>(
            new IterationCountStopCriterion<double>(MaxIterations),
            new ResidualStopCriterion<double>(Tolerance),
            counter);
        new BiCgStab().Solve(system.A, system.B, x, iterator, system.Preconditioner);
        double residual = (system.B - system.A * x).L2Norm() / system.B.L2Norm();
        if (iterator.Status != IterationStatus.Converged)
            throw new InvalidOperationException($"BiCGStab stopped ({iterator.Status}) at relative residual {residual:E2} on a {rows} x {cols} tile.");

        double gOut = 1 / (parasitics.BitlineSegmentOhm + parasitics.SenseOhm);
        int bottom = system.BitlineBase + rows - 1;
        for (int k = 0; k < bitlines.Count; k++)
            if (selected[bitlines[k].Column]) currents[bitlines[k].Column] = x[bottom + k * rows] * gOut;
        return new TileSolution(currents, counter.Iterations, residual);
    }

    private sealed record NodalSystem(Matrix<double> A, Vector<double> B, int BitlineBase, LinePreconditioner Preconditioner);

    /// <summary>One bitline of the system: its column, and whether its bottom node reaches ground through the sense resistance.</summary>
    private readonly record struct Bitline(int Column, bool Grounded);

    /// <summary>
    /// Builds the CSR nodal matrix: wordline node (a, j) of the a-th active row at <c>a C + j</c>, node (i, k) of the k-th bitline
    /// of <paramref name="bitlines"/> at <c>base + k R + i</c> (each wire chain consecutive). A cell on a bitline left out (a
    /// floating one no driven cell connects, so G = 0) has no entry. Conductances in siemens, voltages in volts.
    /// </summary>
    private static NodalSystem Assemble(ReadOnlySpan<double> conductanceS, int rows, int cols, List<int> activeRows, List<Bitline> bitlines,
        TileParasitics p, double vread)
    {
        int nA = activeRows.Count, nB = bitlines.Count, wlBase = 0, blBase = nA * cols, n = blBase + rows * nB;
        double gW = 1 / p.WordlineSegmentOhm, gB = 1 / p.BitlineSegmentOhm;
        double gDrive = 1 / (p.DriverOhm + p.WordlineSegmentOhm), gSense = 1 / (p.BitlineSegmentOhm + p.SenseOhm);
        var activeIndex = new int[rows];
        Array.Fill(activeIndex, -1);
        for (int a = 0; a < nA; a++) activeIndex[activeRows[a]] = a;
        var slot = new int[cols];
        Array.Fill(slot, -1);
        for (int k = 0; k < nB; k++) slot[bitlines[k].Column] = k;
        var cell = new double[rows * cols];
        foreach (int i in activeRows)
            for (int j = 0; j < cols; j++) cell[i * cols + j] = p.CellConductanceS(conductanceS[i * cols + j]);

        var diagonal = new double[n];
        var rowPtr = new int[n + 1];
        var colIdx = new List<int>(5 * n);
        var values = new List<double>(5 * n);
        var b = new double[n];
        int node = 0;
        void Entry(int c, double v) { colIdx.Add(c); values.Add(v); }
        for (int a = 0; a < nA; a++)
        {
            int i = activeRows[a];
            for (int j = 0; j < cols; j++, node++)
            {
                rowPtr[node] = colIdx.Count;
                double g = cell[i * cols + j], left = j == 0 ? gDrive : gW, right = j < cols - 1 ? gW : 0;
                if (j > 0) Entry(wlBase + a * cols + j - 1, -gW);
                Entry(node, diagonal[node] = left + right + g);
                if (j < cols - 1) Entry(node + 1, -gW);
                if (slot[j] >= 0) Entry(blBase + slot[j] * rows + i, -g);
                if (j == 0) b[node] = gDrive * vread;
            }
        }
        foreach (var (j, grounded) in bitlines)
            for (int i = 0; i < rows; i++, node++)
            {
                rowPtr[node] = colIdx.Count;
                int a = activeIndex[i];
                double g = a >= 0 ? cell[i * cols + j] : 0, up = i > 0 ? gB : 0, down = i < rows - 1 ? gB : grounded ? gSense : 0;
                if (a >= 0) Entry(wlBase + a * cols + j, -g);
                if (i > 0) Entry(node - 1, -gB);
                Entry(node, diagonal[node] = up + down + g);
                if (i < rows - 1) Entry(node + 1, -gB);
            }
        rowPtr[n] = colIdx.Count;
        var matrix = Matrix<double>.Build.SparseFromCompressedSparseRowFormat(n, n, colIdx.Count, rowPtr, colIdx.ToArray(), values.ToArray());
        var lines = new LinePreconditioner(diagonal, [.. Enumerable.Repeat((cols, gW), nA), .. Enumerable.Repeat((rows, gB), nB)]);
        return new NodalSystem(matrix, Vector<double>.Build.Dense(b), blBase, lines);
    }

    /// <summary>A stop criterion that never stops the solve, only records how many iterations it ran.</summary>
    private sealed class IterationCounter : IIterationStopCriterion<double>
    {
        public int Iterations { get; private set; }

        public IterationStatus Status => IterationStatus.Continue;

        public IterationStatus DetermineStatus(int iterationNumber, Vector<double> solutionVector, Vector<double> sourceVector,
            Vector<double> residualVector)
        {
            Iterations = iterationNumber + 1;
            return IterationStatus.Continue;
        }

        public void Reset() => Iterations = 0;

        public IIterationStopCriterion<double> Clone() => new IterationCounter();
    }
}
