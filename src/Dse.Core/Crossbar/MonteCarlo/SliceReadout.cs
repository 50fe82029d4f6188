namespace Dse.Crossbar;

/// <summary>How the engine reads out a per-slice ADC assignment (<see cref="PerSliceSearchInputs.Assignments"/>).</summary>
public enum SliceReadout
{
    /// <summary>
    /// From one conversion pass: every bit slice's partial sums are converted at every resolution of the job and shift-and-added
    /// into an accumulator per slice and resolution; an assignment's read-out is the sum over slices of the accumulator at that
    /// slice's resolution. Exact integers, so it equals <see cref="Direct"/> bit for bit at the cost of a sum and the scoring.
    /// </summary>
    Decomposed,

    /// <summary>
    /// As a chip of the mixed design runs: each slice's partial sums converted only at that slice's resolution and shift-and-added.
    /// One extra conversion pass per assignment; the reference the decomposed read-out is tested against.
    /// </summary>
    Direct,
}
