using System.Globalization;
using Dse.Diagnostics;

namespace Dse.Crossbar;

/// <summary>How the clipping value of a symmetric quantiser is chosen for one vector.</summary>
/// <param name="Percentile">null: the largest magnitude (<c>maxAbs</c>); else the p-th percentile of the magnitudes, p in (0, 100].</param>
/// <remarks>Heavy-tailed vocab-initialised prompts waste most levels on a few outliers under <c>maxAbs</c>; a percentile clips them.</remarks>
public sealed record ClippingPolicy(double? Percentile)
{
    /// <summary>Clip at the largest magnitude: nothing saturates.</summary>
    public static ClippingPolicy MaxAbs { get; } = new((double?)null);

    /// <summary>Parses <c>maxAbs</c> or <c>percentile(p)</c> with 0 &lt; p &lt;= 100.</summary>
    /// <returns>The policy, or null when <paramref name="text"/> is neither form.</returns>
    public static ClippingPolicy? TryParse(string text)
    {
        if (text == "maxAbs") return MaxAbs;
        if (text.StartsWith("percentile(", StringComparison.Ordinal) && text.EndsWith(')')
            && double.TryParse(text.AsSpan(11, text.Length - 12), NumberStyles.Float, CultureInfo.InvariantCulture, out double p)
            && p > 0 && p <= 100)
            return new ClippingPolicy(p);
        return null;
    }

    /// <summary>The clipping value (>= 0) for <paramref name="values"/>.</summary>
    public double ClipValue(ReadOnlySpan<float> values)
    {
        if (Percentile is not double p)
        {
            double max = 0;
            foreach (float v in values) max = Math.Max(max, Math.Abs(v));
            return max;
        }
        var magnitudes = new double[values.Length];
        for (int i = 0; i < values.Length; i++) magnitudes[i] = Math.Abs(values[i]);
        return MathNet.Numerics.Statistics.ArrayStatistics.QuantileInplace(magnitudes, p / 100.0);
    }

    /// <inheritdoc />
    public override string ToString() => Percentile is double p ? $"percentile({p.ToString(CultureInfo.InvariantCulture)})" : "maxAbs";
}

/// <summary>Integer values with one symmetric scale per row: <c>value ~ Scales[r] * Values[r, k]</c>.</summary>
/// <param name="Values">Row-major <c>[Rows, Dim]</c> integers in <c>[-(2^(Bits-1) - 1), 2^(Bits-1) - 1]</c>.</param>
/// <param name="Scales">Per-row scale, length Rows (real units per integer step).</param>
/// <param name="Rows">Number of vectors.</param>
/// <param name="Dim">Vector width.</param>
/// <param name="Bits">Bits of the signed integer representation.</param>
public sealed record QuantizedMatrix(int[] Values, float[] Scales, int Rows, int Dim, int Bits)
{
    /// <summary>Largest magnitude, <c>2^(Bits-1) - 1</c>.</summary>
    public int MaxMagnitude => (1 << (Bits - 1)) - 1;
}

/// <summary>Symmetric per-vector quantisation (docs/models.md).</summary>
public static class Quantizer
{
    /// <summary>Valid widths of a quantised value, sign included: 2..16 bits (one sign bit and at least one magnitude bit).</summary>
    public static IntRange BitsRange { get; } = new(2, 16);

    /// <summary>
    /// Quantises each row of <paramref name="values"/> <c>[rows, dim]</c> to <paramref name="bits"/> signed bits:
    /// <c>scale = clip / (2^(bits-1) - 1)</c>, <c>q = clamp(round(v / scale))</c> (round half away from zero).
    /// A row of zeros gets scale 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside <see cref="BitsRange"/> or values.Length != rows * dim.</exception>
    public static QuantizedMatrix Quantize(float[] values, int rows, int dim, int bits, ClippingPolicy clipping)
    {
        BitsRange.Check(bits, nameof(bits));
        if (values.Length != rows * dim) throw new ArgumentOutOfRangeException(nameof(values), values.Length, $"Expected rows * dim = {rows * dim} values.");
        int qmax = (1 << (bits - 1)) - 1;
        var q = new int[values.Length];
        var scales = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * dim, dim);
            double clip = clipping.ClipValue(row);
            double scale = clip > 0 ? clip / qmax : 1.0;
            scales[r] = (float)scale;
            for (int k = 0; k < dim; k++)
            {
                double x = Math.Round(row[k] / scale, MidpointRounding.AwayFromZero);
                q[r * dim + k] = (int)Math.Clamp(x, -qmax, qmax);
            }
        }
        return new QuantizedMatrix(q, scales, rows, dim, bits);
    }
}
