namespace Dse.Crossbar;

/// <summary>What a Monte-Carlo trial counts per query: whether the noisy pick agrees with a reference.</summary>
public enum RetrievalOutcome
{
    /// <summary>Noisy SSA pick equals the exact SSA pick.</summary>
    SsaAgreement = 0,
    /// <summary>Noisy SSA pick equals the query's label.</summary>
    SsaAccuracy = 1,
    /// <summary>Noisy MIPS pick equals the exact MIPS pick.</summary>
    MipsAgreement = 2,
    /// <summary>Noisy MIPS pick equals the query's label.</summary>
    MipsAccuracy = 3,
}
