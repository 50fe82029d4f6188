using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Exploration;

namespace Dse.Reports;

/// <summary>
/// Writes <c>summary.json</c>: what was run (input files and their SHA-256, seed, versions), how long it took,
/// what was skipped and why, and the modelling assumptions a reader must know.
/// </summary>
public static class RunSummaryWriter
{
    /// <summary>Statements about the models that every report must carry (DESIGN §6, §8).</summary>
    public static IReadOnlyList<string> Assumptions { get; } =
    [
        "sigmaScale multiplies each device's programming sigma (perLevel: relative to Gmax - Gmin; proportional: relative to G; polynomial: sigma(G)), not drift, read noise or faults; NVCiM-PT's global sigma 0.025-0.125 (nominal 0.1) is read as sigmaScale 2.5-12.5 (nominal 10), normalising the per-level values to RRAM1's 0.01. This reading is Dse's assumption.",
        "Latency uses analog timing (SAR ADC (B+1) x 1 ns per conversion, array read pulse per input cycle), not NeuroSim's synchronous 1.4x clock convention.",
        "The SSA score formula (congruence of pooled segments, cosine-normalised, weighted over scales) is Dse's reading of NVCiM-PT; the paper's exact formula was not available.",
        "ADC fullScale range = rows x Vread x Gmax; the Gmin offset is removed digitally, so a low ON/OFF ratio needs more ADC bits than ceil(log2(rows (2^cellBits - 1) + 1)) to be lossless.",
    ];

    /// <summary>Writes the summary atomically.</summary>
    /// <param name="path">Output path.</param>
    /// <param name="prepared">The prepared sweep.</param>
    /// <param name="result">What this invocation computed.</param>
    /// <param name="totalPoints">Points in the run folder (computed now, resumed or merged).</param>
    /// <param name="shard">The shard of the run, or null.</param>
    /// <param name="threads">Worker threads used.</param>
    /// <param name="timingsS">Named wall times in seconds.</param>
    public static void Write(string path, PreparedSweep prepared, SweepResult result, int totalPoints, string? shard, int threads, IReadOnlyDictionary<string, double> timingsS)
    {
        var spec = prepared.Spec;
        var inputs = new JsonArray();
        foreach (var file in prepared.InputFiles.Distinct())
            inputs.Add(new JsonObject { ["path"] = file, ["sha256"] = Sha256(file) });
        var skipped = new JsonArray();
        foreach (var s in result.Skipped) skipped.Add(new JsonObject { ["key"] = s.Key, ["reason"] = s.Reason });
        var skippedByReason = new JsonObject();
        foreach (var g in result.Skipped.GroupBy(s => s.Reason)) skippedByReason[g.Key] = g.Count();
        var timings = new JsonObject();
        foreach (var (name, seconds) in timingsS) timings[name] = seconds;
        var variance = new JsonObject();
        foreach (var (label, v) in result.RetainedVariance) variance[label] = v;
        double evaluate = result.WallTime.TotalSeconds;
        var root = new JsonObject
        {
            ["sweep"] = spec.Name,
            ["specFile"] = spec.SourceFile,
            ["seed"] = spec.Mc.Seed,
            ["trials"] = spec.Mc.Trials,
            ["workload"] = prepared.Workload.Description,
            ["points"] = totalPoints,
            ["pointsComputedNow"] = result.PointsComputed,
            ["shard"] = shard,
            ["skippedPoints"] = result.Skipped.Count,
            ["skippedByReason"] = skippedByReason,
            ["skipped"] = skipped,
            ["threads"] = threads,
            ["timingsS"] = timings,
            ["pointsPerS"] = evaluate > 0 ? result.PointsComputed / evaluate : null,
            ["gemmBackend"] = Dse.Crossbar.Gemm.BackendDescription,
            ["retainedVariance"] = variance,
            ["inputs"] = inputs,
            ["versions"] = Versions(),
            ["assumptions"] = new JsonArray(Assumptions.Select(a => (JsonNode)a).ToArray()),
            ["createdUtc"] = DateTime.UtcNow.ToString("O"),
        };
        AtomicFile.WriteText(path, w => w.Write(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
    }

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static JsonObject Versions()
    {
        var versions = new JsonObject { ["dotnet"] = Environment.Version.ToString() };
        foreach (var assembly in new[] { typeof(RunSummaryWriter).Assembly, typeof(MathNet.Numerics.Control).Assembly, typeof(Google.OrTools.Sat.CpModel).Assembly, typeof(Plotly.NET.Chart).Assembly })
        {
            var name = assembly.GetName();
            var info = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            versions[name.Name!] = info?.Split('+')[0] ?? name.Version?.ToString();
        }
        return versions;
    }
}
