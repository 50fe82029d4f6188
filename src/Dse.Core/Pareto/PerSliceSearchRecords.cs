using Dse.Costs;
using Dse.Exploration;
using Dse.Exploration.Axes;

namespace Dse.Pareto;

/// <summary>What a per-slice ADC search over a run's base designs does (docs/models.md, 'Per-slice ADC resolution').</summary>
/// <param name="AdcBits">Candidate resolutions per bit slice, bits, distinct; a base design keeps those its ADC model covers. The highest is
/// the surrogate's reference (error 0).</param>
/// <param name="EpsilonSteps">Epsilons of each epsilon-constraint sweep (<see cref="PerSliceAdcSearch.EpsilonSweep"/>), &gt;= 2.</param>
/// <param name="Objectives">What each sweep minimises (one sweep per objective and base design), non-empty.</param>
/// <param name="SurrogateTrials">Chips of the surrogate pass: the first trials of the run's chips, in <c>1 .. mc.trials</c>.</param>
/// <param name="SampleAssignments">Uniformly random assignments per base design verified as well, for the surrogate's rank correlation; 0: none.</param>
/// <param name="SampleSeed">Seed of that sample.</param>
/// <param name="Solver">CP-SAT budgets, workers, seed and time limit (its objective is set per sweep).</param>
public sealed record PerSliceSearchSpec(IReadOnlyList<int> AdcBits, int EpsilonSteps, IReadOnlyList<PerSliceObjective> Objectives, int SurrogateTrials,
    int SampleAssignments, ulong SampleSeed, PerSliceAdcSearchOptions Solver)
{
    /// <summary>The search <paramref name="settings"/> ask for (<c>dse search</c>'s options or a sweep file's <c>search</c> block): the seed
    /// is CP-SAT's and the sample's.</summary>
    /// <param name="settings">Checked settings (objective names among <see cref="SearchSettings.ObjectiveNames"/>).</param>
    /// <exception cref="ArgumentException">When an objective name is not <c>energy</c> or <c>area</c>.</exception>
    public static PerSliceSearchSpec Of(SearchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var objectives = settings.Objectives.Select(o => o switch
        {
            "energy" => PerSliceObjective.Energy,
            "area" => PerSliceObjective.Area,
            _ => throw new ArgumentException($"Unknown search objective \"{o}\"; expected energy or area.", nameof(settings)),
        }).ToArray();
        return new PerSliceSearchSpec(settings.AdcBits, settings.EpsilonSteps, objectives, settings.SurrogateTrials, settings.Sample, (ulong)settings.Seed,
            new PerSliceAdcSearchOptions(NumWorkers: settings.Workers, Seed: settings.Seed, MaxTimeS: settings.MaxTimeS));
    }
}

/// <summary>
/// Keys of per-slice ADC designs: the key of a homogeneous design of the same base design with its ADC-bits token (<c>a6</c>) replaced,
/// by <c>a*</c> for the base design and by the assignment for a per-slice design (<c>a8-6-5-4</c>).
/// </summary>
public static class PerSliceKeys
{
    /// <summary>The base design of a homogeneous design: its key with the ADC-bits token written <c>a*</c>.</summary>
    /// <param name="key">The homogeneous design's key.</param>
    /// <param name="adcBits">Its ADC resolution, bits (the value whose token the key holds).</param>
    /// <exception cref="ArgumentException">When <paramref name="key"/> holds no token of <paramref name="adcBits"/>.</exception>
    public static string Base(string key, int adcBits) => WithAdcToken(key, adcBits, DesignAxes.AdcBits.TokenPrefix + "*");

    /// <summary>The key of the design converting each slice at <paramref name="bits"/>, of the base design of a homogeneous design.</summary>
    /// <param name="key">The homogeneous design's key.</param>
    /// <param name="adcBits">Its ADC resolution, bits.</param>
    /// <param name="bits">The assignment, most significant slice first.</param>
    /// <returns>The key with the ADC-bits token replaced by <c>a</c> + <paramref name="bits"/>, e.g. <c>a8-6-5-4</c>; a homogeneous assignment gives
    /// the token of its single resolution (the homogeneous design's own key when it is <paramref name="adcBits"/>).</returns>
    /// <exception cref="ArgumentException">When <paramref name="key"/> holds no token of <paramref name="adcBits"/>.</exception>
    public static string Of(string key, int adcBits, AdcBitsPerSlice bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        return WithAdcToken(key, adcBits, bits.IsHomogeneous ? DesignAxes.AdcBits.KeyToken(bits.MaxBits) : DesignAxes.AdcBits.TokenPrefix + bits);
    }

    private static string WithAdcToken(string key, int adcBits, string token)
    {
        var parts = key.Split(DesignAxes.TokenSeparator);
        int i = Array.IndexOf(parts, DesignAxes.AdcBits.KeyToken(adcBits));
        if (i < 0) throw new ArgumentException($"Key {key} holds no ADC-bits token of {adcBits} bits.", nameof(key));
        parts[i] = token;
        return string.Join(DesignAxes.TokenSeparator, parts);
    }
}

/// <summary>Where a verified assignment came from.</summary>
[Flags]
public enum PerSliceOrigin
{
    /// <summary>Every slice at one candidate resolution (a homogeneous design, read from the same pass).</summary>
    Homogeneous = 1,
    /// <summary>Chosen by a CP-SAT solve minimising energy.</summary>
    EnergySolve = 2,
    /// <summary>Chosen by a CP-SAT solve minimising area.</summary>
    AreaSolve = 4,
    /// <summary>Drawn for the rank correlation of the surrogate.</summary>
    Sample = 8,
}

/// <summary>One assignment of a base design verified by the exact Monte Carlo (the run's chips and queries).</summary>
/// <param name="BaseKey">The base design: the point key with the ADC-bits token <c>a*</c>.</param>
/// <param name="Bits">Resolution per bit slice, most significant first.</param>
/// <param name="SurrogateError">Summed surrogate error <c>sum_s e[s, b_s]</c> (squared read-out units).</param>
/// <param name="Result">Accuracy, agreement (the run's trials) and cost of the mixed design (<see cref="CostModel"/>); key: the point key with the
/// ADC-bits token replaced by the assignment, e.g. <c>a8-6-5-4</c>.</param>
/// <param name="Origin">Why it was verified.</param>
public sealed record PerSliceVerified(string BaseKey, AdcBitsPerSlice Bits, double SurrogateError, PointResult Result, PerSliceOrigin Origin);

/// <summary>One CP-SAT solve of a base design's epsilon sweep.</summary>
/// <param name="BaseKey">The base design.</param>
/// <param name="Objective">What it minimised.</param>
/// <param name="Solve">Epsilon, status, gap, wall time and the assignment.</param>
public sealed record PerSliceSolveRecord(string BaseKey, PerSliceObjective Objective, PerSliceAdcSolve Solve);

/// <summary>
/// Spearman rank correlation of the surrogate error with the exact Monte-Carlo result over one base design's verified assignments:
/// the random sample (<see cref="PerSliceSearchSpec.SampleAssignments"/>) and those CP-SAT chose (near the front). A perfect ranking is
/// -1; NaN with fewer than 3 assignments or when either quantity is constant.
/// </summary>
/// <param name="BaseKey">The base design.</param>
/// <param name="Assignments">Distinct sampled assignments.</param>
/// <param name="WithAccuracy">Over the sample: rho of (surrogate error, mean accuracy).</param>
/// <param name="WithAgreement">Over the sample: rho of (surrogate error, mean SSA agreement with the exact pick).</param>
/// <param name="ChosenAssignments">Distinct assignments CP-SAT chose, homogeneous ones included.</param>
/// <param name="ChosenWithAccuracy">Over those: rho of (surrogate error, mean accuracy).</param>
public sealed record PerSliceRankCorrelation(string BaseKey, int Assignments, double WithAccuracy, double WithAgreement, int ChosenAssignments, double ChosenWithAccuracy);

/// <summary>Everything a per-slice ADC search produced.</summary>
/// <param name="Verified">Every assignment verified, homogeneous ones at every candidate resolution included.</param>
/// <param name="Solves">Every CP-SAT solve.</param>
/// <param name="Correlations">Per base design, the surrogate's rank correlation.</param>
/// <param name="Front">The exact non-dominated set, under the run's objectives, of the run's points, the homogeneous designs at the other
/// candidate resolutions and the verified heterogeneous points.</param>
/// <param name="SurrogateTime">Wall time of the surrogate pass.</param>
/// <param name="SolveTime">Wall time of all CP-SAT solves.</param>
/// <param name="VerifyTime">Wall time of the verification pass.</param>
/// <param name="RunPointsChecked">Run points whose trials equal <c>mc.trials</c>, compared with the verification pass's homogeneous result.</param>
/// <param name="RunPointsDiffering">Of those, how many differ in any accuracy or agreement (0: the search reproduces the sweep's chips).</param>
public sealed record PerSliceSearchResult(IReadOnlyList<PerSliceVerified> Verified, IReadOnlyList<PerSliceSolveRecord> Solves,
    IReadOnlyList<PerSliceRankCorrelation> Correlations, IReadOnlyList<PointResult> Front, TimeSpan SurrogateTime, TimeSpan SolveTime,
    TimeSpan VerifyTime, int RunPointsChecked, int RunPointsDiffering);
