using System.Reflection;
using System.Security.Cryptography;

namespace Dse.Exploration.Runs;

/// <summary>Builds the <see cref="RunSummary"/> of a sweep invocation or a merge.</summary>
public static class RunSummaries
{
    /// <summary>Statements about the models that every report carries (see docs/models.md, 'Assumptions').</summary>
    public static IReadOnlyList<string> Assumptions { get; } =
    [
        "sigmaScale multiplies each device's programming sigma (perLevel: relative to Gmax - Gmin; proportional: relative to G; polynomial: sigma(G)), not drift, read noise or faults; NVCiM-PT's global sigma 0.025-0.125 (nominal 0.1) is read as sigmaScale 2.5-12.5 (nominal 10), normalising the per-level values to RRAM1's 0.01. This reading is Dse's assumption.",
        "Latency uses analog timing (SAR ADC (B+1) x 1 ns per conversion, array read pulse per input cycle), not NeuroSim's synchronous 1.4x clock convention.",
        "The SSA score formula (congruence of pooled segments, cosine-normalised, weighted over scales) is Dse's reading of NVCiM-PT; the paper's exact formula was not available.",
        "ADC fullScale range = rows x Vread x Gmax; the Gmin offset is removed digitally, so a low ON/OFF ratio needs more ADC bits than ceil(log2(rows (2^cellBits - 1) + 1)) to be lossless.",
    ];

    /// <summary>The summary of a sweep invocation.</summary>
    /// <param name="prepared">The prepared sweep.</param>
    /// <param name="result">What this invocation computed.</param>
    /// <param name="totalPoints">Points in the run folder (computed now, resumed or merged).</param>
    /// <param name="shard">The shard of the run, or null.</param>
    /// <param name="threads">Worker threads used (0 for a merge).</param>
    /// <param name="timingsS">Named wall times in seconds.</param>
    /// <param name="gemmBackend">The GEMM path the Monte Carlo ran on.</param>
    public static RunSummary Of(PreparedSweep prepared, SweepResult result, int totalPoints, string? shard, int threads,
        IReadOnlyDictionary<string, double> timingsS, string gemmBackend)
    {
        var spec = prepared.Spec;
        double evaluate = result.WallTime.TotalSeconds;
        return new RunSummary
        {
            Sweep = spec.Name, SpecFile = spec.SourceFile, Seed = spec.Mc.Seed, Trials = spec.Mc.Trials, Workload = prepared.Workload.Description,
            Points = totalPoints, PointsComputedNow = result.PointsComputed, Shard = shard,
            SkippedPoints = prepared.Skipped.Count,
            SkippedByReason = prepared.Skipped.GroupBy(s => s.Reason).ToDictionary(g => g.Key, g => g.Count()),
            Skipped = prepared.Skipped, Threads = threads, TimingsS = timingsS,
            PointsPerS = evaluate > 0 ? result.PointsComputed / evaluate : null,
            GemmBackend = gemmBackend, RetainedVariance = result.RetainedVariance,
            Inputs = prepared.InputFiles.Distinct().Select(f => new InputFile(f, Sha256(f))).ToArray(),
            Versions = Versions(), Assumptions = Assumptions, CreatedUtc = DateTime.UtcNow.ToString("O"),
        };
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>.NET and package versions (Dse.Core, MathNet.Numerics, Google.OrTools, Plotly.NET).</summary>
    public static IReadOnlyDictionary<string, string?> Versions()
    {
        var versions = new Dictionary<string, string?> { ["dotnet"] = Environment.Version.ToString() };
        foreach (var assembly in new[] { typeof(RunSummaries).Assembly, typeof(MathNet.Numerics.Control).Assembly, typeof(Google.OrTools.Sat.CpModel).Assembly, typeof(Plotly.NET.Chart).Assembly })
        {
            var name = assembly.GetName();
            var info = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            versions[name.Name!] = info?.Split('+')[0] ?? name.Version?.ToString();
        }
        return versions;
    }
}
