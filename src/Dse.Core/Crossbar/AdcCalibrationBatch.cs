namespace Dse.Crossbar;

/// <summary>
/// The input bit-planes a chip converts once after programming to calibrate its ADCs (<see cref="AdcRangeMode.Calibrated"/>
/// range, <see cref="AdcReference.Calibrated"/> zero): quantised query tokens that should be disjoint from the scored queries.
/// </summary>
/// <param name="Planes">0/1 bit-planes, row-major <c>[PlaneRows, Dim]</c> (<see cref="QuantizedOperands.BitPlanes"/>).</param>
/// <param name="PlaneRows">Rows of <paramref name="Planes"/>: calibration inputs x input bits.</param>
/// <param name="Dim">Embedding width d (crossbar rows in use).</param>
public sealed record AdcCalibrationBatch(float[] Planes, int PlaneRows, int Dim)
{
    /// <summary>
    /// Quantises calibration inputs exactly as scored inputs are (one scale per input vector) and takes their bit-planes.
    /// </summary>
    /// <param name="inputs">Input vectors (query tokens) <c>[count, dim]</c>, row-major.</param>
    /// <param name="count">Number of input vectors, &gt;= 1.</param>
    /// <param name="dim">Width d.</param>
    /// <param name="inputBits">Input bits (the job's <see cref="QuantizedOperands.InputBits"/>).</param>
    /// <param name="clipping">The clipping policy of the scored inputs.</param>
    /// <exception cref="ArgumentException">When <paramref name="inputs"/> is not <c>count x dim</c> long or count &lt; 1.</exception>
    public static AdcCalibrationBatch FromInputs(float[] inputs, int count, int dim, int inputBits, ClippingPolicy clipping)
    {
        if (count < 1 || inputs.Length != count * dim) throw new ArgumentException($"Expected {count} x {dim} calibration inputs, found {inputs.Length} values.", nameof(inputs));
        return new AdcCalibrationBatch(QuantizedOperands.BitPlanes(Quantizer.Quantize(inputs, count, dim, inputBits, clipping)), count * inputBits, dim);
    }

    /// <summary>
    /// The bit-planes of the first <paramref name="queries"/> scored queries of <paramref name="operands"/> (clamped to
    /// <c>1 .. QueryCount</c>). Not disjoint from the scored queries: calibrating on them is optimistic; use
    /// <see cref="FromInputs"/> with held-out queries where the workload has them.
    /// </summary>
    public static AdcCalibrationBatch LeadingQueries(QuantizedOperands operands, int queries)
    {
        int q = Math.Clamp(queries, 1, operands.Problem.QueryCount), d = operands.Problem.Dim;
        int rows = operands.Problem.InputRange(q - 1).End * operands.InputBits;
        return new AdcCalibrationBatch(operands.Planes.AsSpan(0, rows * d).ToArray(), rows, d);
    }
}
