namespace Dse.Crossbar;

/// <summary>One per-slice ADC assignment to score in a Monte-Carlo job, for one variant and one rows value.</summary>
/// <param name="Variant">Index into <see cref="MonteCarloJob.Variants"/>.</param>
/// <param name="RowsIndex">Index into <see cref="MonteCarloJob.RowsList"/>.</param>
/// <param name="Bits">ADC resolution per bit slice, most significant first (the order of a design's per-slice resolutions in files
/// and keys); every resolution one of <see cref="MonteCarloJob.AdcBitsList"/>. Length: the job's slices per value.</param>
public sealed record SliceAssignment(int Variant, int RowsIndex, IReadOnlyList<int> Bits);
