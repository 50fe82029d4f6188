namespace Dse.Crossbar;

/// <summary>
/// The random draws of one set of cells (data or reference) for one trial, one entry per cell, and the buffer their programmed
/// conductances go into; a term no variant uses is empty.
/// </summary>
internal sealed class CellDraws
{
    /// <summary>Standard normal per cell for the programming variation.</summary>
    public float[] Z { get; }

    /// <summary>Programmed conductances per cell, level steps.</summary>
    public float[] W { get; }

    /// <summary>Uniform [0, 1) per cell for the stuck-at faults; empty unless some variant has them.</summary>
    public float[] UStuck { get; }

    /// <summary>Standard normal per cell for the drift exponent; empty unless some variant drifts.</summary>
    public float[] ZDrift { get; }

    /// <summary>Standard normal per cell for the 1/f noise; empty unless some variant has it.</summary>
    public float[] ZOneOverF { get; }

    /// <summary>Buffers for <paramref name="n"/> cells and the cell terms of every variant, <paramref name="terms"/>.</summary>
    public CellDraws(int n, CellTerms[] terms)
    {
        Z = new float[n];
        W = new float[n];
        UStuck = new float[terms.Any(t => t.StuckGMinRate + t.StuckGMaxRate > 0) ? n : 0];
        ZDrift = new float[terms.Any(t => t.NuMean is not null) ? n : 0];
        ZOneOverF = new float[terms.Any(t => t.OneOverF is not null) ? n : 0];
    }
}
