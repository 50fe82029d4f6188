using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace Dse.Crossbar.IrDrop;

/// <summary>
/// Block-Jacobi preconditioner of the tile's nodal system whose blocks are the wire chains: the unknowns are consecutive
/// lines (every wordline, then every bitline), each a symmetric tridiagonal block with a constant off-diagonal
/// <c>-1 / segment resistance</c>; <see cref="Approximate"/> solves every block exactly (Thomas algorithm), dropping only the
/// cell couplings between a wordline and a bitline node. A MathNet <see cref="IPreconditioner{T}"/> for
/// <c>BiCgStab</c>.
/// </summary>
internal sealed class LinePreconditioner : IPreconditioner<double>
{
    private readonly double[] _diagonal;
    private readonly (int Length, double OffDiagonal)[] _lines;

    /// <param name="diagonal">The system's diagonal, siemens, one per unknown.</param>
    /// <param name="lines">Consecutive lines covering every unknown: node count and the magnitude of the off-diagonal (siemens).</param>
    public LinePreconditioner(double[] diagonal, (int Length, double OffDiagonal)[] lines)
    {
        _diagonal = diagonal;
        _lines = lines;
    }

    /// <summary>Checks the matrix is the one the lines describe (the blocks were taken at assembly).</summary>
    /// <exception cref="ArgumentException">When the matrix size differs from the lines' total length.</exception>
    public void Initialize(Matrix<double> matrix)
    {
        if (matrix.RowCount != _diagonal.Length) throw new ArgumentException("The matrix is not the one the preconditioner was built for.", nameof(matrix));
    }

    /// <summary>Solves every line block: <c>lhs = blockdiag(A)^-1 rhs</c>.</summary>
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        var factor = new double[_lines.Max(l => l.Length)];
        int start = 0;
        foreach (var (length, c) in _lines)
        {
            double d = _diagonal[start];
            lhs[start] = rhs[start] / d;
            for (int k = 1; k < length; k++)
            {
                factor[k] = -c / d;
                d = _diagonal[start + k] + c * factor[k];
                lhs[start + k] = (rhs[start + k] + c * lhs[start + k - 1]) / d;
            }
            for (int k = length - 2; k >= 0; k--) lhs[start + k] -= factor[k + 1] * lhs[start + k + 1];
            start += length;
        }
    }
}
