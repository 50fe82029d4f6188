using System.Text.Json;

namespace Dse.Devices.Import;

/// <summary>
/// Thresholds of the measurement checks of <see cref="DeviceImporter"/>, read from the embedded <c>import-checks.json</c>
/// (next to this file), where each value has its source.
/// </summary>
/// <param name="ConductanceTypicalMinS">Lowest conductance in siemens not flagged as a unit slip (reads of 0 S are allowed).</param>
/// <param name="ConductanceTypicalMaxS">Highest conductance in siemens not flagged as a unit slip.</param>
/// <param name="MinReadsPerLevel">Default of the fewest reads (or cells, for drift) per level without a warning.</param>
/// <param name="OverlapWarnFraction">Gaussian tail fraction of a level beyond the midpoint to its neighbour reported as overlap. Range: (0, 0.5).</param>
/// <param name="GridDeviationWarnSteps">Largest distance of a level mean from the evenly spaced grid, in level steps, without a warning.</param>
public sealed record ImportChecks(
    double ConductanceTypicalMinS,
    double ConductanceTypicalMaxS,
    int MinReadsPerLevel,
    double OverlapWarnFraction,
    double GridDeviationWarnSteps)
{
    /// <summary>Lowest resistance in ohm not flagged: 1 / <see cref="ConductanceTypicalMaxS"/>.</summary>
    public double ResistanceTypicalMinOhm => 1 / ConductanceTypicalMaxS;

    /// <summary>Highest resistance in ohm not flagged: 1 / <see cref="ConductanceTypicalMinS"/>.</summary>
    public double ResistanceTypicalMaxOhm => 1 / ConductanceTypicalMinS;

    /// <summary>The thresholds shipped inside <c>Dse.Core</c>.</summary>
    public static ImportChecks Default { get; } = LoadEmbedded();

    private static ImportChecks LoadEmbedded()
    {
        using var stream = typeof(ImportChecks).Assembly.GetManifestResourceStream("Dse.Devices.Import.import-checks.json")
            ?? throw new InvalidOperationException("Dse.Core is built without its embedded import-checks.json.");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        return new ImportChecks(
            root.GetProperty("conductanceTypicalMinS").GetDouble(),
            root.GetProperty("conductanceTypicalMaxS").GetDouble(),
            root.GetProperty("minReadsPerLevel").GetInt32(),
            root.GetProperty("overlapWarnFraction").GetDouble(),
            root.GetProperty("gridDeviationWarnSteps").GetDouble());
    }
}
