using System.Globalization;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// A CPU+DRAM baseline (<c>device-models/baselines/NAME.json</c>): an edge CPU that reads the stored OVTs
/// from DRAM and runs the same search in software (DESIGN §8).
/// </summary>
/// <param name="Name">File stem, e.g. <c>jetson-orin-cpu</c>.</param>
/// <param name="Description">One line for listings.</param>
/// <param name="DramBandwidthBytesPerS">DRAM bandwidth, bytes per second. Range: &gt; 0.</param>
/// <param name="DramEnergyJPerBit">DRAM read energy per bit, joules. Range: &gt; 0.</param>
/// <param name="CpuFlopsPerS">CPU throughput, FLOP per second. Range: &gt; 0.</param>
/// <param name="CpuEnergyJPerFlop">CPU energy per FLOP, joules. Range: &gt; 0.</param>
/// <param name="SourceFile">Path the model was loaded from.</param>
/// <remarks>Sources: per value in the file's <c>sources</c>.</remarks>
public sealed record CpuBaselineModel(
    string Name, string Description, double DramBandwidthBytesPerS, double DramEnergyJPerBit, double CpuFlopsPerS, double CpuEnergyJPerFlop, string SourceFile);

/// <summary>Strict loading of <see cref="CpuBaselineModel"/> files, with the conventions of <see cref="DeviceLoader"/>.</summary>
/// <remarks>Format: <c>device-models/schema/baseline.schema.json</c>.</remarks>
public static class BaselineLoader
{
    /// <summary>The baseline a sweep uses when it names none.</summary>
    public const string DefaultName = "jetson-orin-cpu";

    private static readonly (string Key, string Description)[] ValueKeys =
    [
        ("dramBandwidthBytesPerS", "DRAM bandwidth in bytes per second"),
        ("dramEnergyJPerBit", "DRAM read energy per bit in joules"),
        ("cpuFlopsPerS", "CPU throughput in FLOP per second"),
        ("cpuEnergyJPerFlop", "CPU energy per FLOP in joules"),
    ];

    /// <summary>Loads and validates one baseline file.</summary>
    /// <param name="path">Path of the JSON file.</param>
    /// <exception cref="InputException">The file is missing, a directory, malformed, or invalid (all problems listed, with file, JSON path and line).</exception>
    public static CpuBaselineModel Load(string path)
    {
        var (r, root, name) = ModelFiles.Open(path, "CPU baseline", ["$schema", "version", "name", "description", .. ValueKeys.Select(k => k.Key), "sources"]);
        var description = r.RequiredString(root, "$", "description", "one line for listings");
        var v = ValueKeys.Select(k =>
        {
            var x = r.RequiredDouble(root, "$", k.Key, k.Description);
            if (x is <= 0) { r.Error($"$.{k.Key}", $"a value > 0 ({k.Description})", x.Value.ToString("R", CultureInfo.InvariantCulture)); return null; }
            return x;
        }).ToArray();
        ModelFiles.CheckSources(r, root);
        r.ThrowIfAny();
        return new CpuBaselineModel(name!, description!, v[0]!.Value, v[1]!.Value, v[2]!.Value, v[3]!.Value, path);
    }

    /// <summary>Resolves a baseline reference (bare name in <paramref name="baselinesDir"/>, or a path) and loads it.</summary>
    /// <param name="nameOrPath">A bare name (<c>jetson-orin-cpu</c>) or a path to a JSON file.</param>
    /// <param name="baselinesDir">The <c>device-models/baselines/</c> directory.</param>
    /// <param name="relativeTo">Directory a relative path is taken from; null: the working directory.</param>
    /// <exception cref="InputException">Unknown name (lists the available ones and the nearest), or an invalid file.</exception>
    public static CpuBaselineModel Resolve(string nameOrPath, string baselinesDir, string? relativeTo) =>
        Load(ModelFiles.ResolvePath(nameOrPath, baselinesDir, relativeTo, "baseline"));
}
