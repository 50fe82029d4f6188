using Dse.Search;

namespace Dse.Crossbar;

/// <summary>
/// The quantised operands of a retrieval problem and the references every design point compares
/// against: exact (float) picks and the picks of plain digital arithmetic on the same quantised operands.
/// Built once per workload layout and quantisation; shared by every design point and trial.
/// </summary>
public sealed class QuantizedOperands
{
    /// <summary>The retrieval layout (stored vectors, inputs, scoring).</summary>
    public RetrievalProblem Problem { get; }

    /// <summary>Stored vectors quantised to weightBits, <c>[S, d]</c>, one scale per stored vector (per crossbar column).</summary>
    public QuantizedMatrix Stored { get; }

    /// <summary>Input vectors quantised to inputBits, <c>[I, d]</c>, one scale per input vector (per query token).</summary>
    public QuantizedMatrix Inputs { get; }

    /// <summary>
    /// Input bit-planes as 0/1 floats, row-major <c>[I x inputBits, d]</c>; row <c>a inputBits + p</c> is bit p of the
    /// two's-complement code of input a (docs/models.md).
    /// </summary>
    public float[] Planes { get; }

    /// <summary>Exact SSA pick per query (float arithmetic, no quantisation).</summary>
    public int[] ExactSsa { get; }

    /// <summary>Exact MIPS pick per query.</summary>
    public int[] ExactMips { get; }

    /// <summary>SSA pick per query from integer dot products of the quantised operands (plain digital arithmetic).</summary>
    public int[] DigitalSsa { get; }

    /// <summary>MIPS pick per query from the quantised operands.</summary>
    public int[] DigitalMips { get; }

    /// <summary>Fraction of queries whose digital SSA pick equals the exact SSA pick (quantisation loss alone).</summary>
    public double DigitalAgreement => Fraction(DigitalSsa, ExactSsa);

    /// <summary>Fraction of queries whose digital SSA pick equals the label; null without labels.</summary>
    public double? DigitalAccuracy => Problem.Labels is { } labels ? Fraction(DigitalSsa, labels) : null;

    private static double Fraction(int[] picks, int[] reference)
        => picks.Length == 0 ? 0 : picks.Where((p, i) => p == reference[i]).Count() / (double)picks.Length;

    /// <summary>Mean fraction of 1 bits over all input bit-planes, in [0, 1].</summary>
    public double InputActiveFraction { get; }

    /// <summary>Quantises the problem's stored and input vectors and computes the reference picks.</summary>
    /// <param name="problem">The retrieval layout.</param>
    /// <param name="weightBits">Bits of the stored values (signed). Range: <see cref="Quantizer.BitsRange"/>.</param>
    /// <param name="inputBits">Bits of the input values (signed, two's complement). Range: <see cref="Quantizer.BitsRange"/>.</param>
    /// <param name="clipping">Clipping policy for both.</param>
    public QuantizedOperands(RetrievalProblem problem, int weightBits, int inputBits, ClippingPolicy clipping)
    {
        Problem = problem;
        int d = problem.Dim;
        Stored = Quantizer.Quantize(problem.Stored, problem.StoredCount, d, weightBits, clipping);
        Inputs = Quantizer.Quantize(problem.Inputs, problem.InputCount, d, inputBits, clipping);
        Planes = BitPlanes(Inputs);
        double ones = 0;
        foreach (float bit in Planes) ones += bit;
        InputActiveFraction = Planes.Length == 0 ? 0 : ones / Planes.Length;

        int qn = problem.QueryCount, s = problem.StoredCount;
        ExactSsa = new int[qn];
        ExactMips = new int[qn];
        DigitalSsa = new int[qn];
        DigitalMips = new int[qn];
        for (int q = 0; q < qn; q++)
        {
            (ExactSsa[q], ExactMips[q]) = problem.Score(q, problem.ExactReadout(q));
            var (start, end) = problem.InputRange(q);
            var readout = new double[(end - start) * s];
            for (int a = start; a < end; a++)
                for (int c = 0; c < s; c++)
                {
                    long dot = 0;
                    for (int k = 0; k < d; k++) dot += (long)Inputs.Values[a * d + k] * Stored.Values[c * d + k];
                    readout[(a - start) * s + c] = Dequantize(a, c, dot);
                }
            (DigitalSsa[q], DigitalMips[q]) = problem.Score(q, readout);
        }
    }

    /// <summary>
    /// The input bit-planes of quantised inputs as 0/1 floats, row-major <c>[Rows x Bits, Dim]</c>; row <c>a Bits + p</c> is bit p
    /// of the two's-complement code of input a.
    /// </summary>
    public static float[] BitPlanes(QuantizedMatrix inputs)
    {
        int d = inputs.Dim, bits = inputs.Bits, mask = (1 << bits) - 1;
        var planes = new float[inputs.Rows * bits * d];
        for (int a = 0; a < inputs.Rows; a++)
            for (int k = 0; k < d; k++)
            {
                int code = inputs.Values[a * d + k] & mask;
                for (int p = 0; p < bits; p++) planes[(a * bits + p) * d + k] = (code >> p) & 1;
            }
        return planes;
    }

    /// <summary>Inputs bits (number of bit-planes per input vector).</summary>
    public int InputBits => Inputs.Bits;

    /// <summary>Real-valued product of input a and stored vector c from their integer dot product.</summary>
    public double Dequantize(int a, int c, long integerDot) => (double)Inputs.Scales[a] * Stored.Scales[c] * integerDot;
}
