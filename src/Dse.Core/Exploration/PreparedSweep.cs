using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration.Axes;
using Dse.Workloads;

namespace Dse.Exploration;

/// <summary>A validated sweep ready to run: models and workload loaded, design points expanded and checked.</summary>
/// <param name="Spec">The sweep specification.</param>
/// <param name="Space">The resolved design space (device names, columns per ADC from the periphery when not listed).</param>
/// <param name="Periphery">The periphery model.</param>
/// <param name="Workload">The loaded workload (the largest token count needed).</param>
/// <param name="Points">Feasible design points in enumeration order; empty for a cost-only sweep (<see cref="McSpec.CostOnly"/>),
/// whose points are decoded and classified as they are evaluated (<see cref="Classify"/>), never held.</param>
/// <param name="Skipped">Points that cannot be realised, with reasons; empty for a cost-only sweep (see <see cref="Points"/>).</param>
/// <param name="InputFiles">Every file read (sweep, device, periphery, baseline, workload files) for hashing.</param>
/// <param name="Baseline">The CPU+DRAM baseline every point is compared with.</param>
public sealed record PreparedSweep(
    SweepSpec Spec, DesignSpace Space, PeripheryModel Periphery, Workload Workload, IReadOnlyList<DesignPoint> Points,
    IReadOnlyList<SkippedPoint> Skipped, IReadOnlyList<string> InputFiles, CpuBaselineModel Baseline)
{
    /// <summary>The task-score matrix of the workload (<c>workload.taskScores</c>), store order; null without one.</summary>
    public TaskScoreMatrix? TaskScores { get; init; }

    /// <summary>The largest native token count of the stored OVTs (what a result records for "native n").</summary>
    public int MaxNativeTokens { get; } = Workload.Store.Ovts.Max(o => o.Tokens);

    /// <summary>Loads the workload, resolves the design space, expands the points and checks their feasibility. Nothing is written.</summary>
    /// <param name="spec">A sweep read with a device library (<see cref="SweepSpec.Models"/> set).</param>
    /// <exception cref="InputException">An invalid workload file, a PCA width above d, bits per cell no device holds, a device the wires cannot
    /// carry (<see cref="Feasibility.WireErrors"/>), or no feasible point.</exception>
    /// <exception cref="InvalidOperationException">The sweep was read without a device library.</exception>
    public static PreparedSweep From(SweepSpec spec)
    {
        var models = spec.Models ?? throw new InvalidOperationException("Read the sweep with a device library to run it.");
        var workload = WorkloadLayout.Load(spec);
        var taskScores = spec.Workload.TaskScores is string scoresPath ? TaskScoreMatrix.Read(scoresPath, workload.Store.Ovts.Select(o => o.Name).ToList()) : null;
        var errors = new List<InputError>();
        if (taskScores is not null && !workload.Queries.HasLabels)
            errors.Add(new InputError(spec.SourceFile, "$.workload.taskScores", spec.SourceMap.NearestLineOf("$.workload.taskScores"),
                "a workload with labelled queries (a task score needs each query's true domain)", "unlabelled queries"));
        foreach (var d in spec.Space.Values(DesignAxes.CompressedDim))
            if (d is int dim && dim > workload.Store.Dim)
                errors.Add(new InputError(spec.SourceFile, "$.compressedDim", spec.SourceMap.NearestLineOf("$.compressedDim"), $"a PCA width <= the embedding width d = {workload.Store.Dim}", $"{dim}"));
        if (errors.Count > 0) throw new InputException(errors);

        var devices = models.Devices.Values.DistinctBy(d => d.Name).ToDictionary(d => d.Name);
        var space = spec.Space.With(DesignAxes.Device, spec.Space.Values(DesignAxes.Device).Select(reference => models.Devices[reference].Name).Distinct().ToArray());
        if (!space.IsResolved(DesignAxes.ColsPerAdc)) space = space.With(DesignAxes.ColsPerAdc, [models.Periphery.ColsPerAdc]);
        if (!spec.Json.ContainsKey(DesignAxes.RowsPerRead.JsonKey) && models.Periphery.ReadCircuit.RowsPerRead is int rowsPerRead)
            space = space.With(DesignAxes.RowsPerRead, [rowsPerRead]);
        if (!spec.Mc.CostOnly && Feasibility.WireErrors(spec, space, devices.Values, models.Periphery) is { Count: > 0 } wireErrors) throw new InputException(wireErrors);

        var points = new List<DesignPoint>();
        var skipped = new List<SkippedPoint>();
        var files = new List<string>();
        var prepared = new PreparedSweep(spec, space, models.Periphery, workload, points, skipped, files, models.Baseline) { TaskScores = taskScores };
        foreach (var (point, reason) in prepared.Enumerate())
        {
            if (reason is not null) skipped.Add(new SkippedPoint(point.Key, reason));
            else points.Add(point);
            if (spec.Mc.CostOnly && points.Count > 0) break; // streamed later: only check that one point can be realised
        }
        var cellBits = space.Values(DesignAxes.CellBits);
        for (int i = 0; i < cellBits.Count; i++)
            if (devices.Values.All(d => cellBits[i] > d.MaxBitsPerCell))
                errors.Add(new InputError(spec.SourceFile, $"$.cellBits[{i}]", spec.SourceMap.NearestLineOf($"$.cellBits[{i}]"),
                    $"bits per cell that at least one device can hold (at most {devices.Values.Max(d => d.MaxBitsPerCell)}: " +
                    string.Join(", ", devices.Values.Select(d => $"{d.Name} {d.MaxBitsPerCell}")) + ")", $"{cellBits[i]}"));
        if (errors.Count == 0 && points.Count == 0)
            errors.Add(new InputError(spec.SourceFile, "$", 1, "at least one design point that can be realised", $"all {skipped.Count} points skipped: {skipped[0].Reason}"));
        if (errors.Count > 0) throw new InputException(errors);

        if (File.Exists(spec.SourceFile)) files.Add(Path.GetFullPath(spec.SourceFile));
        files.AddRange(devices.Values.Select(d => Path.GetFullPath(d.SourceFile)));
        files.Add(Path.GetFullPath(models.Periphery.SourceFile));
        files.Add(Path.GetFullPath(models.Baseline.SourceFile));
        files.AddRange(workload.InputFiles.Select(Path.GetFullPath));
        if (taskScores is not null) files.Add(Path.GetFullPath(taskScores.SourceFile));
        return spec.Mc.CostOnly ? prepared with { Points = [], Skipped = [] } : prepared;
    }

    /// <summary>Every point of the design space in enumeration order, lazily, with the reason it cannot be realised (null when it can).</summary>
    public IEnumerable<(DesignPoint Point, string? SkipReason)> Enumerate() => Space.Points().Select(Classify);

    /// <summary>
    /// The design point at <paramref name="coordinates"/> and the reason it cannot be realised (null when it can). Thread-safe: a
    /// cost-only screen classifies the points its threads decode (<see cref="DesignSpace.PointAt"/>) without holding them.
    /// </summary>
    public (DesignPoint Point, string? SkipReason) Classify(AxisValues coordinates)
    {
        var point = new DesignPoint(_devices[coordinates.Get(DesignAxes.Device)], coordinates);
        return (point, Feasibility.Reason(point, MaxNativeTokens, Workload.Store.Ovts.Count, Periphery));
    }

    private readonly Dictionary<string, DeviceModel> _devices = Spec.Models!.Devices.Values.DistinctBy(d => d.Name).ToDictionary(d => d.Name);
}
