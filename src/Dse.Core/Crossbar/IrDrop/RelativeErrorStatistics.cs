namespace Dse.Crossbar.IrDrop;

/// <summary>Mean and 99th percentile of relative errors <c>|model - exact| / |exact|</c> of partial sums.</summary>
/// <param name="Count">Partial sums compared (those with a non-zero exact current).</param>
/// <param name="Mean">Mean relative error (dimensionless; 0.01 = 1 %).</param>
/// <param name="P99">99th percentile of the relative error (MathNet <c>Statistics.Quantile</c>, R-8 definition).</param>
/// <param name="Max">Largest relative error.</param>
public sealed record RelativeErrorStatistics(int Count, double Mean, double P99, double Max)
{
    /// <summary>Accumulates relative errors of partial sums one comparison at a time.</summary>
    public sealed class Builder
    {
        private readonly List<double> _errors = [];

        /// <summary>Adds the errors of <paramref name="model"/> against <paramref name="exact"/>, skipping exact zeros (a column
        /// with no current: every model gives 0 there too).</summary>
        /// <param name="model">Partial sums of the model, amperes.</param>
        /// <param name="exact">Partial sums of the exact solve, amperes, same length.</param>
        /// <exception cref="ArgumentException">When the lengths differ.</exception>
        public void Add(ReadOnlySpan<double> model, ReadOnlySpan<double> exact)
        {
            if (model.Length != exact.Length) throw new ArgumentException("Model and exact partial sums differ in length.", nameof(model));
            for (int k = 0; k < exact.Length; k++)
                if (exact[k] != 0) _errors.Add(Math.Abs(model[k] - exact[k]) / Math.Abs(exact[k]));
        }

        /// <summary>The statistics of every error added; all zero when none was.</summary>
        public RelativeErrorStatistics Build() => _errors.Count == 0
            ? new RelativeErrorStatistics(0, 0, 0, 0)
            : new RelativeErrorStatistics(_errors.Count, _errors.Average(),
                MathNet.Numerics.Statistics.Statistics.Quantile(_errors, 0.99), _errors.Max());
    }
}
