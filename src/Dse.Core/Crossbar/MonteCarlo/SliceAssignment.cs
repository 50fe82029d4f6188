using Dse.Costs;

namespace Dse.Crossbar;

/// <summary>One per-slice ADC assignment to score in a Monte-Carlo job, for one variant and one rows value.</summary>
/// <param name="Variant">Index into <see cref="MonteCarloJob.Variants"/>.</param>
/// <param name="RowsIndex">Index into <see cref="MonteCarloJob.RowsList"/>.</param>
/// <param name="Bits">ADC resolution per bit slice, most significant first; every resolution one of <see cref="MonteCarloJob.AdcBitsList"/>.</param>
public sealed record SliceAssignment(int Variant, int RowsIndex, AdcBitsPerSlice Bits);
