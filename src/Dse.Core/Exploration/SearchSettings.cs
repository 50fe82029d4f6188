namespace Dse.Exploration;

/// <summary>
/// A per-slice ADC search over the base designs of a Monte-Carlo run (docs/models.md, 'Per-slice ADC resolution'), as
/// <c>dse search</c>'s options or a sweep file's <c>search</c> block give it (docs/sweep-files.md, 'search'); both have the
/// defaults of <see cref="Default"/>.
/// </summary>
/// <param name="AdcBits">Candidate ADC resolutions per bit slice, bits, distinct, each in <see cref="Devices.AdcResolution.Bits"/>; the
/// highest is the surrogate's reference (error 0). A base design keeps those its ADC model covers.</param>
/// <param name="EpsilonSteps">Epsilons of each CP-SAT epsilon-constraint sweep. Range: &gt;= 2.</param>
/// <param name="Objectives">What CP-SAT minimises, one sweep each: <c>energy</c>, <c>area</c> (<see cref="ObjectiveNames"/>), distinct, non-empty.</param>
/// <param name="SurrogateTrials">Chips of the surrogate pass: the run's first chips. Range: 1..mc.trials.</param>
/// <param name="Sample">Random assignments per base design also verified, for the surrogate's rank correlation. Range: &gt;= 0.</param>
/// <param name="Seed">CP-SAT <c>random_seed</c> and the sample's seed. Range: &gt;= 0.</param>
/// <param name="Workers">CP-SAT <c>num_workers</c> (1: deterministic). Range: &gt;= 1.</param>
/// <param name="MaxTimeS">CP-SAT time limit per solve, s. Range: finite, &gt; 0.</param>
public sealed record SearchSettings(IReadOnlyList<int> AdcBits, int EpsilonSteps, IReadOnlyList<string> Objectives, int SurrogateTrials, int Sample,
    int Seed, int Workers, double MaxTimeS)
{
    /// <summary>The one kind of search a sweep file's <c>search</c> block can ask for: <c>perSliceAdc</c>.</summary>
    public const string PerSliceAdcKind = "perSliceAdc";

    /// <summary>The valid values of the block's <c>kind</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [PerSliceAdcKind];

    /// <summary>The valid objective names: <c>energy</c>, <c>area</c>.</summary>
    public static IReadOnlyList<string> ObjectiveNames { get; } = ["energy", "area"];

    /// <summary>Default epsilons per CP-SAT sweep: 12.</summary>
    public const int DefaultEpsilonSteps = 12;

    /// <summary>Default chips of the surrogate pass: 4.</summary>
    public const int DefaultSurrogateTrials = 4;

    /// <summary>Default random assignments verified per base design: 0.</summary>
    public const int DefaultSample = 0;

    /// <summary>Default CP-SAT and sample seed: 1.</summary>
    public const int DefaultSeed = 1;

    /// <summary>Default CP-SAT workers: 1 (deterministic).</summary>
    public const int DefaultWorkers = 1;

    /// <summary>Default CP-SAT time limit per solve: 10 s.</summary>
    public const double DefaultMaxTimeS = 10;

    /// <summary>The defaults: resolutions 3..9, 12 epsilons, energy and area, 4 surrogate chips, no sample, seed 1, 1 worker, 10 s per solve.</summary>
    public static SearchSettings Default { get; } = new([3, 4, 5, 6, 7, 8, 9], DefaultEpsilonSteps, ObjectiveNames, DefaultSurrogateTrials, DefaultSample,
        DefaultSeed, DefaultWorkers, DefaultMaxTimeS);
}
