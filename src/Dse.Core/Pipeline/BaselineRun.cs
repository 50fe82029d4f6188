using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Costs;
using Dse.Devices;
using Dse.Diagnostics;

namespace Dse.Pipeline;

/// <summary>What <c>dse baseline measure</c> measured and wrote.</summary>
/// <param name="Name">The baseline's name (<see cref="BaselineRun.NameFor"/>).</param>
/// <param name="Host">The host CPU (<see cref="CpuBaselineMeter.HostCpuName"/>).</param>
/// <param name="Date">When it was measured, UTC, ISO 8601 (<c>yyyy-MM-ddTHH:mm:ssZ</c>).</param>
/// <param name="Measurement">The measured figures.</param>
/// <param name="Text">The baseline file's text (indented JSON, a final newline), as <see cref="BaselineLoader"/> reads it.</param>
/// <param name="Out">The file written; null when nothing was written.</param>
public sealed record BaselineOutcome(string Name, string Host, string Date, CpuBaselineMeasurement Measurement, string Text, string? Out);

/// <summary>
/// <c>dse baseline measure</c>: measures this machine (<see cref="CpuBaselineMeter"/>) and makes a CPU baseline file marked as measured
/// (host CPU, threads, date) that <see cref="BaselineLoader"/> accepts. The energy coefficients are not measurable here and are copied,
/// with their sources, from a reference baseline.
/// </summary>
public static class BaselineRun
{
    /// <summary>The name of the baseline written to <paramref name="outPath"/>: the file's stem, or <c>measured-host</c> for none.</summary>
    public static string NameFor(string? outPath) => outPath is null ? "measured-host" : Path.GetFileNameWithoutExtension(outPath);

    /// <summary>Loads the reference baseline, measures and writes the file.</summary>
    /// <param name="shape">What to time.</param>
    /// <param name="outPath">File to write (its stem is the name); null: write nothing (the text is in the outcome).</param>
    /// <param name="library">Where the reference baseline is found.</param>
    /// <param name="referenceBaseline">Name or file of the baseline whose energy coefficients are copied.</param>
    /// <param name="workingDirectory">Directory that a relative reference path is resolved against.</param>
    /// <param name="log">Receives a progress line before the timing starts; null: none.</param>
    /// <exception cref="InputException">A reference baseline that does not load.</exception>
    public static BaselineOutcome Run(CpuBaselineShape shape, string? outPath, DeviceLibrary library, string referenceBaseline, string workingDirectory, Action<string>? log)
    {
        var reference = library.Baseline(referenceBaseline, workingDirectory);
        log?.Invoke($"timing the search ({shape.QueryTokens} x {shape.Dim} against {shape.StoredVectors} x {shape.Dim}, float32), {shape.Repetitions} repetitions per figure...");
        var m = CpuBaselineMeter.Measure(shape);
        string name = NameFor(outPath);
        string host = CpuBaselineMeter.HostCpuName();
        string date = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string text = ToJson(name, host, date, shape, m, reference).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (outPath is not null) File.WriteAllText(outPath, text);
        return new BaselineOutcome(name, host, date, m, text, outPath);
    }

    private static JsonObject ToJson(string name, string host, string date, CpuBaselineShape o, CpuBaselineMeasurement m, CpuBaselineModel reference)
    {
        string shape = $"queries [{o.QueryTokens}, {o.Dim}] x store [{o.StoredVectors}, {o.Dim}], float32, System.Numerics.Tensors TensorPrimitives.Dot";
        string at = $"measured by dse baseline measure on {host}, {date}, median of {o.Repetitions} repetitions";
        string fromReference = $"not measurable here: copied from {Path.GetFileName(reference.SourceFile)}";
        return new JsonObject
        {
            ["$schema"] = "../schema/baseline.schema.json",
            ["version"] = 1,
            ["name"] = name,
            ["description"] = $"measured host: {host}, {o.Threads} threads, {date}",
            ["dramBandwidthBytesPerS"] = m.DramBandwidthBytesPerS,
            ["dramEnergyJPerBit"] = reference.DramEnergyJPerBit,
            ["dramFirstAccessLatencyS"] = m.DramFirstAccessLatencyS,
            ["singleThreadFlopsPerS"] = m.SingleThreadFlopsPerS,
            ["multiThreadFlopsPerS"] = m.MultiThreadFlopsPerS,
            ["threads"] = o.Threads,
            ["threadForkJoinS"] = m.ThreadForkJoinS,
            ["perSearchOverheadS"] = m.PerSearchOverheadS,
            ["cpuEnergyJPerFlop"] = reference.CpuEnergyJPerFlop,
            ["measured"] = new JsonObject { ["host"] = host, ["threads"] = o.Threads, ["date"] = date },
            ["sources"] = new JsonObject
            {
                ["dramBandwidthBytesPerS"] = $"{at}: one-thread streaming sum over a {o.MemoryMb} MiB buffer, best of 5",
                ["dramEnergyJPerBit"] = fromReference,
                ["dramFirstAccessLatencyS"] = $"{at}: dependent loads through a random cyclic permutation of the 64-byte lines of a {o.MemoryMb} MiB buffer (TLB misses included)",
                ["singleThreadFlopsPerS"] = $"{at}: {shape}, one thread, 2 m V d FLOP per search",
                ["multiThreadFlopsPerS"] = $"{at}: {shape}, stored vectors split over {o.Threads} threads, fork-join time subtracted",
                ["threads"] = $"{at}: threads of the multi-thread figure",
                ["threadForkJoinS"] = $"{at}: empty Parallel.For over {o.Threads} threads",
                ["perSearchOverheadS"] = $"{at}: the same search routine on a one-vector, width-1 store (call, span setup, argmax), timed in batches of calls",
                ["cpuEnergyJPerFlop"] = fromReference,
                ["measured.threads"] = $"{at}: threads used",
            },
        };
    }
}
