using Dse.Diagnostics;
using Dse.Exploration;

namespace Dse.Exploration;

/// <summary>Whether an objective is to be made as large or as small as possible.</summary>
public enum Sense
{
    /// <summary>Larger is better (accuracy, agreement).</summary>
    Maximise,
    /// <summary>Smaller is better (energy, area, latency).</summary>
    Minimise,
}

/// <summary>
/// One objective of the design-space exploration: a name, a direction and the value it reads from a
/// <see cref="PointResult"/>. Instances are the static members below; obtain one by name with
/// <see cref="Parse"/>.
/// </summary>
public sealed class Objective
{
    private readonly Func<PointResult, double> _value;

    private Objective(string name, Sense sense, string unit, Func<PointResult, double> value, bool needsMonteCarlo = false)
    {
        NeedsMonteCarlo = needsMonteCarlo;
        Name = name;
        Sense = sense;
        Unit = unit;
        _value = value;
    }

    /// <summary>Name as written in sweep files and on the command line (e.g. <c>energy</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// True for accuracy-like objectives, read from the Monte-Carlo statistics (absent from a cost-only point); false for the
    /// closed-form costs (energy, area, latency).
    /// </summary>
    public bool NeedsMonteCarlo { get; }

    /// <summary>Direction of improvement.</summary>
    public Sense Sense { get; }

    /// <summary>Unit of <see cref="Value"/>: <c>fraction</c>, <c>score</c> (the task metric's own), <c>J</c>, <c>mm^2</c>, <c>s</c> or <c>years</c>.</summary>
    public string Unit { get; }

    /// <summary>Retrieval accuracy (mean over trials), falling back to agreement when there are no labels (<see cref="PointResult.ObjectiveAccuracy"/>). Maximised.</summary>
    public static Objective Accuracy { get; } = new("accuracy", Sense.Maximise, "fraction", p => p.ObjectiveAccuracy, needsMonteCarlo: true);

    /// <summary>Agreement of the noisy SSA pick with the exact SSA pick (mean over trials). Maximised.</summary>
    public static Objective Agreement { get; } = new("agreement", Sense.Maximise, "fraction", p => p.Agreement!.Mean, needsMonteCarlo: true);

    /// <summary>The edge LLM's task score with the retrieved OVT (<see cref="PointResult.TaskScore"/>, mean over chips), from the
    /// workload's task-score matrix. Maximised.</summary>
    public static Objective TaskScore { get; } = new("taskScore", Sense.Maximise, "score", p => p.TaskScore!.Mean, needsMonteCarlo: true);

    /// <summary>Energy per query search (<see cref="PointResult.EnergyJ"/>), joules. Minimised.</summary>
    public static Objective Energy { get; } = new("energy", Sense.Minimise, "J", p => p.EnergyJ);

    /// <summary>Chip area (<see cref="PointResult.AreaMm2"/>), mm^2. Minimised.</summary>
    public static Objective Area { get; } = new("area", Sense.Minimise, "mm^2", p => p.AreaMm2);

    /// <summary>Latency per query search (<see cref="PointResult.LatencyS"/>), seconds. Minimised.</summary>
    public static Objective Latency { get; } = new("latency", Sense.Minimise, "s", p => p.LatencyS);

    /// <summary>Maximise the 5th percentile over trials of accuracy (agreement without labels): a chip-yield view.</summary>
    public static Objective AccuracyP5 { get; } = new("accuracyP5", Sense.Maximise, "fraction", p => p.AccuracyStats.P5, needsMonteCarlo: true);

    /// <summary>Maximise the 5th percentile over trials of agreement.</summary>
    public static Objective AgreementP5 { get; } = new("agreementP5", Sense.Maximise, "fraction", p => p.Agreement!.P5, needsMonteCarlo: true);

    /// <summary>Store lifetime under continuous tuning (<see cref="PointResult.LifetimeYears"/>), years; +infinity for a point without
    /// <c>updatesPerDay</c> (a store never rewritten does not wear out). Maximised.</summary>
    public static Objective Lifetime { get; } = new("lifetime", Sense.Maximise, "years", p => p.LifetimeYears ?? double.PositiveInfinity);

    /// <summary>Every objective, in the order they are listed to users.</summary>
    public static IReadOnlyList<Objective> All { get; } = [Accuracy, Agreement, AccuracyP5, AgreementP5, TaskScore, Energy, Area, Latency, Lifetime];

    /// <summary>The default objectives: accuracy (max), energy (min), area (min) (see docs/sweep-files.md#objectives).</summary>
    public static IReadOnlyList<Objective> Default { get; } = [Accuracy, Energy, Area];

    /// <summary>The default objectives of a cost-only screen (<c>mc.trials = 0</c>): energy, area and latency (all minimised).</summary>
    public static IReadOnlyList<Objective> CostOnlyDefault { get; } = [Energy, Area, Latency];

    /// <summary>The objective's value for <paramref name="point"/>, in <see cref="Unit"/>.</summary>
    public double Value(PointResult point) => _value(point);

    /// <summary>
    /// The value oriented so that smaller is always better: <see cref="Value"/> for minimised
    /// objectives, its negation for maximised ones.
    /// </summary>
    public double Cost(PointResult point) => Sense == Sense.Minimise ? _value(point) : -_value(point);

    /// <summary>Looks an objective up by name (case-sensitive, as written in <see cref="Name"/>).</summary>
    /// <param name="name">Objective name, e.g. <c>energy</c>.</param>
    /// <param name="file">File (or <c>command line</c>) the name came from, for the error message.</param>
    /// <param name="path">JSON path or option name the name came from, for the error message.</param>
    /// <exception cref="InputException">When <paramref name="name"/> is not an objective; the message lists the valid names.</exception>
    public static Objective Parse(string name, string file = "command line", string? path = "objectives")
    {
        foreach (var o in All)
            if (o.Name == name) return o;
        var valid = string.Join(", ", All.Select(o => o.Name));
        throw new InputException(new InputError(file, path, null, $"one of {valid}", $"\"{name}\""));
    }

    /// <summary>The objective's name.</summary>
    public override string ToString() => Name;
}
