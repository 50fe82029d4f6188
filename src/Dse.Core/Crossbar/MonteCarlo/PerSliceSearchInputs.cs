namespace Dse.Crossbar;

/// <summary>
/// What a Monte-Carlo job adds for the per-slice ADC search (docs/models.md, 'Per-slice ADC resolution'): slice assignments to
/// score and the separable per-slice error surrogate to measure, on the same chips and queries as the job's homogeneous designs
/// (common random numbers). Either one makes every bit slice shift-and-add into accumulators of its own; the homogeneous counts
/// do not change.
/// </summary>
/// <param name="Assignments">Per-slice ADC assignments scored on every trial of their variant and rows value; read with
/// <see cref="MonteCarloCounts.AssignmentFractions"/>. Each assignment has <see cref="CellArray.Slices"/> resolutions, every one in
/// <see cref="MonteCarloJob.AdcBitsList"/>. Empty: none.</param>
/// <param name="MeasureErrors">Measure the separable per-slice error surrogate (<see cref="MonteCarloCounts.SliceError"/>) of every
/// variant, rows value, bit slice and resolution.</param>
/// <param name="Readout">How the <paramref name="Assignments"/> are read out.</param>
public sealed record PerSliceSearchInputs(
    IReadOnlyList<SliceAssignment> Assignments,
    bool MeasureErrors = false,
    SliceReadout Readout = SliceReadout.Decomposed);
