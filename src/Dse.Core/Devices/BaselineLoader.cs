using System.Globalization;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// A CPU+DRAM baseline (<c>device-models/baselines/NAME.json</c>): an edge CPU that reads the stored OVTs
/// from DRAM and runs the same search in software (docs/models.md, 'Baseline').
/// </summary>
/// <param name="Name">File stem, e.g. <c>jetson-orin-cpu</c>.</param>
/// <param name="Description">One line for listings.</param>
/// <param name="DramBandwidthBytesPerS">Sustained DRAM read bandwidth, bytes per second. Range: &gt; 0.</param>
/// <param name="DramEnergyJPerBit">DRAM read energy per bit, joules. Range: &gt; 0.</param>
/// <param name="DramFirstAccessLatencyS">Latency of the first access to a cold (not cached) store, seconds. Range: &gt; 0.</param>
/// <param name="SingleThreadFlopsPerS">Achieved single-thread FP32 throughput on the search's small GEMMs, FLOP per second. Range: &gt; 0.</param>
/// <param name="MultiThreadFlopsPerS">Achieved throughput with all <paramref name="Threads"/> threads on the same GEMMs, FLOP per second. Range: &gt; 0.</param>
/// <param name="Threads">Threads of the multi-thread figure. Range: &gt;= 1.</param>
/// <param name="ThreadForkJoinS">Cost of handing one search to the thread pool and joining it, seconds. Range: &gt; 0.</param>
/// <param name="PerSearchOverheadS">Fixed software overhead per search (dispatch, allocation, argmax), seconds. Range: &gt; 0.</param>
/// <param name="CpuEnergyJPerFlop">CPU energy per FLOP, joules. Range: &gt; 0.</param>
/// <param name="Measured">Where and when the figures were measured, for files written by <c>dse baseline measure</c>; null for literature models.</param>
/// <param name="SourceFile">Path the model was loaded from.</param>
/// <remarks>Sources: per value in the file's <c>sources</c>.</remarks>
public sealed record CpuBaselineModel(
    string Name, string Description, double DramBandwidthBytesPerS, double DramEnergyJPerBit, double DramFirstAccessLatencyS,
    double SingleThreadFlopsPerS, double MultiThreadFlopsPerS, int Threads, double ThreadForkJoinS, double PerSearchOverheadS,
    double CpuEnergyJPerFlop, BaselineMeasurement? Measured, string SourceFile);

/// <summary>Provenance of a measured baseline file.</summary>
/// <param name="Host">CPU model name of the host (from <c>/proc/cpuinfo</c>, or the OS description when absent).</param>
/// <param name="Threads">Threads used for the multi-thread figures.</param>
/// <param name="Date">Date of the measurement, ISO 8601 (UTC).</param>
public sealed record BaselineMeasurement(string Host, int Threads, string Date);

/// <summary>Strict loading of <see cref="CpuBaselineModel"/> files, with the conventions of <see cref="DeviceLoader"/>.</summary>
/// <remarks>Format: <c>device-models/schema/baseline.schema.json</c>.</remarks>
public static class BaselineLoader
{
    /// <summary>The baseline a sweep uses when it names none.</summary>
    public const string DefaultName = "jetson-orin-cpu";

    /// <summary>The positive numeric keys of a baseline file with their descriptions, in file order.</summary>
    public static IReadOnlyList<(string Key, string Description)> ValueKeys { get; } =
    [
        ("dramBandwidthBytesPerS", "sustained DRAM read bandwidth in bytes per second"),
        ("dramEnergyJPerBit", "DRAM read energy per bit in joules"),
        ("dramFirstAccessLatencyS", "first-access latency of a cold store in seconds"),
        ("singleThreadFlopsPerS", "achieved single-thread FP32 throughput on the search GEMMs, FLOP per second"),
        ("multiThreadFlopsPerS", "achieved multi-thread FP32 throughput on the search GEMMs, FLOP per second"),
        ("threadForkJoinS", "thread-pool fork and join per search, seconds"),
        ("perSearchOverheadS", "fixed software overhead per search, seconds"),
        ("cpuEnergyJPerFlop", "CPU energy per FLOP in joules"),
    ];

    /// <summary>The keys a baseline file may hold at the top level.</summary>
    internal static readonly string[] RootKeys = ["$schema", "version", "name", "description", .. ValueKeys.Select(k => k.Key), "threads", "measured", "sources"];

    /// <summary>Loads and validates one baseline file.</summary>
    /// <param name="path">Path of the JSON file.</param>
    /// <exception cref="InputException">The file is missing, a directory, malformed, or invalid (all problems listed, with file, JSON path and line).</exception>
    public static CpuBaselineModel Load(string path)
    {
        var (r, root, name) = ModelFiles.Open(path, "CPU baseline", RootKeys);
        var description = r.RequiredString(root, "$", "description", "one line for listings");
        var v = ValueKeys.Select(k =>
        {
            var x = r.RequiredDouble(root, "$", k.Key, k.Description);
            if (x is <= 0) { r.Error($"$.{k.Key}", $"a value > 0 ({k.Description})", x.Value.ToString("R", CultureInfo.InvariantCulture)); return null; }
            return x;
        }).ToArray();
        var threads = r.RequiredInt(root, "$", "threads", "threads of the multi-thread figure");
        if (threads is < 1) r.Error("$.threads", "an integer >= 1", threads.Value.ToString(CultureInfo.InvariantCulture));
        var measured = ReadMeasured(r, root);
        ModelFiles.CheckSources(r, root);
        r.ThrowIfAny();
        return new CpuBaselineModel(name!, description!, v[0]!.Value, v[1]!.Value, v[2]!.Value, v[3]!.Value, v[4]!.Value, threads!.Value,
            v[5]!.Value, v[6]!.Value, v[7]!.Value, measured, path);
    }

    private static BaselineMeasurement? ReadMeasured(StrictObjectReader r, JsonObject root)
    {
        var m = r.OptionalObject(root, "$", "measured", "provenance of a measured baseline: host, threads, date");
        if (m is null) return null;
        r.RejectUnknownKeys(m, "$.measured", ["host", "threads", "date"]);
        var host = r.RequiredString(m, "$.measured", "host", "CPU model name of the host");
        var threads = r.RequiredInt(m, "$.measured", "threads", "threads used");
        var date = r.RequiredString(m, "$.measured", "date", "date of the measurement, ISO 8601");
        if (threads is < 1) r.Error("$.measured.threads", "an integer >= 1", threads.Value.ToString(CultureInfo.InvariantCulture));
        if (date is not null && !DateTime.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
            r.Error("$.measured.date", "an ISO 8601 date", $"\"{date}\"");
        return host is null || threads is not >= 1 || date is null ? null : new BaselineMeasurement(host, threads.Value, date);
    }

    /// <summary>Resolves a baseline reference (bare name in <paramref name="baselinesDir"/>, or a path) and loads it.</summary>
    /// <param name="nameOrPath">A bare name (<c>jetson-orin-cpu</c>) or a path to a JSON file.</param>
    /// <param name="baselinesDir">The <c>device-models/baselines/</c> directory.</param>
    /// <param name="relativeTo">Directory a relative path is taken from; null: the working directory.</param>
    /// <exception cref="InputException">Unknown name (lists the available ones and the nearest), or an invalid file.</exception>
    public static CpuBaselineModel Resolve(string nameOrPath, string baselinesDir, string? relativeTo) =>
        Load(ModelFiles.ResolvePath(nameOrPath, baselinesDir, relativeTo, "baseline"));
}
