using Dse.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Dse.Workloads;

/// <summary>
/// PCA compression of the stored rows, <c>d -> d'</c> (see docs/models.md#virtual-tokens-and-compression: NVCiM-PT shrinks OVTs with an
/// autoencoder; Dse uses the linear, deterministic stand-in). Row-vector convention: a row
/// <c>x [1, d]</c> maps to <c>y = (x - mean) W</c>, <c>y [1, d']</c>, with <c>W [d, d']</c> whose
/// orthonormal columns are the leading principal directions.
/// </summary>
/// <remarks>
/// Fitted by the symmetric eigendecomposition of the scatter matrix <c>X_c^T X_c [d, d]</c> of the
/// centred rows <c>X_c [R, d]</c> (R = all rows of all OVTs; MathNet.Numerics, double precision):
/// <c>W</c> holds the eigenvectors of the d' largest eigenvalues, which equal the squared singular
/// values of <c>X_c</c>. Each direction's sign is fixed so that its largest-magnitude entry is
/// positive, making the projection deterministic across solvers.
/// </remarks>
public sealed class PcaCompression
{
    private readonly double[] _mean;
    private readonly double[] _components; // row-major [d, d']

    /// <summary>d, the input width.</summary>
    public int InputDim { get; }

    /// <summary>d', the output width.</summary>
    public int OutputDim { get; }

    /// <summary>Fraction of the total variance of the fitted rows kept by the first <see cref="OutputDim"/> directions, in <c>[0, 1]</c> (1 when the rows have no variance).</summary>
    public double RetainedVariance { get; }

    private PcaCompression(double[] mean, double[] components, int inputDim, int outputDim, double retained)
    {
        _mean = mean;
        _components = components;
        InputDim = inputDim;
        OutputDim = outputDim;
        RetainedVariance = retained;
    }

    /// <summary>Fits the projection on every row of every OVT of <paramref name="store"/>.</summary>
    /// <param name="store">The store; <c>R = sum n_j</c> rows of width <c>d</c>.</param>
    /// <param name="outputDim">d'. Range: <c>1 &lt;= d' &lt;= min(R, d)</c>.</param>
    /// <param name="source">What to name in an error: the sweep file or workload that asked for d'.</param>
    /// <returns>The fitted projection.</returns>
    /// <exception cref="InputException">When d' is outside its range (path <c>compressedDim</c>).</exception>
    public static PcaCompression Fit(PromptStore store, int outputDim, string source)
    {
        var rows = store.Ovts.Sum(o => o.Tokens);
        var d = store.Dim;
        var max = Math.Min(rows, d);
        if (outputDim < 1 || outputDim > max)
            throw new InputException(new InputError(source, "compressedDim", null,
                $"1 <= compressedDim <= min(stored rows {rows}, d {d}) = {max}", outputDim.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var mean = new double[d];
        foreach (var o in store.Ovts)
            for (var i = 0; i < o.Values.Length; i++) mean[i % d] += o.Values[i];
        for (var c = 0; c < d; c++) mean[c] /= rows;

        var x = Matrix<double>.Build.Dense(rows, d);
        var r = 0;
        foreach (var o in store.Ovts)
            for (var t = 0; t < o.Tokens; t++, r++)
            {
                var row = o.Row(t);
                for (var c = 0; c < d; c++) x[r, c] = row[c] - mean[c];
            }
        var evd = x.TransposeThisAndMultiply(x).Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues; // ascending for a symmetric matrix
        var vectors = evd.EigenVectors;
        double total = 0, kept = 0;
        for (var i = 0; i < d; i++) total += Math.Max(0, eigenvalues[i].Real);
        var components = new double[d * outputDim];
        for (var k = 0; k < outputDim; k++)
        {
            var col = d - 1 - k;
            kept += Math.Max(0, eigenvalues[col].Real);
            var best = 0;
            for (var c = 1; c < d; c++) if (Math.Abs(vectors[c, col]) > Math.Abs(vectors[best, col])) best = c;
            var sign = vectors[best, col] < 0 ? -1.0 : 1.0;
            for (var c = 0; c < d; c++) components[c * outputDim + k] = sign * vectors[c, col];
        }
        return new PcaCompression(mean, components, d, outputDim, total > 0 ? kept / total : 1.0);
    }

    /// <summary>Projects row-major values <c>[rows, d]</c> to <c>[rows, d']</c>.</summary>
    /// <param name="values">Row-major, length a multiple of <see cref="InputDim"/>.</param>
    /// <returns>A new row-major array of <c>rows x d'</c> values.</returns>
    /// <exception cref="ArgumentException">When the length is not a multiple of <see cref="InputDim"/>.</exception>
    public float[] Project(ReadOnlySpan<float> values)
    {
        if (values.Length % InputDim != 0)
            throw new ArgumentException($"Length {values.Length} is not a multiple of d = {InputDim}.", nameof(values));
        var rows = values.Length / InputDim;
        var result = new float[rows * OutputDim];
        var acc = new double[OutputDim];
        for (var r = 0; r < rows; r++)
        {
            Array.Clear(acc);
            var row = values.Slice(r * InputDim, InputDim);
            for (var c = 0; c < InputDim; c++)
            {
                var centred = row[c] - _mean[c];
                var w = _components.AsSpan(c * OutputDim, OutputDim);
                for (var k = 0; k < OutputDim; k++) acc[k] += centred * w[k];
            }
            for (var k = 0; k < OutputDim; k++) result[r * OutputDim + k] = (float)acc[k];
        }
        return result;
    }

    /// <summary>Projects every OVT of a store.</summary>
    /// <param name="store">A store of width <see cref="InputDim"/>.</param>
    /// <returns>The same OVTs (names, n) with width <see cref="OutputDim"/>.</returns>
    /// <exception cref="ArgumentException">When <c>store.Dim != InputDim</c>.</exception>
    public PromptStore Project(PromptStore store)
    {
        CheckDim(store.Dim);
        return new PromptStore(store.Ovts.Select(o => o with { Values = Project(o.Values), Dim = OutputDim }).ToArray(), OutputDim);
    }

    /// <summary>Projects every query through the same map as the store.</summary>
    /// <param name="queries">Queries of width <see cref="InputDim"/>.</param>
    /// <returns>The same queries (m, labels) with width <see cref="OutputDim"/>.</returns>
    /// <exception cref="ArgumentException">When <c>queries.Dim != InputDim</c>.</exception>
    public QuerySet Project(QuerySet queries)
    {
        CheckDim(queries.Dim);
        return new QuerySet(queries.Queries.Select(q => q with { Values = Project(q.Values) }).ToArray(), OutputDim);
    }

    private void CheckDim(int dim)
    {
        if (dim != InputDim) throw new ArgumentException($"Width {dim} differs from the fitted d = {InputDim}.");
    }
}
