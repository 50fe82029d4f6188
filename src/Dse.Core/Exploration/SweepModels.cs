using System.Text.Json.Nodes;
using Dse.Devices;
using Dse.Diagnostics;

namespace Dse.Exploration;

/// <summary>
/// The device, periphery and CPU-baseline models a sweep names, loaded from a <see cref="DeviceLibrary"/> while the sweep is
/// read, so that their errors are reported with the sweep's (an unknown name at the sweep key that names it, with its line;
/// an error inside a model file at that file and line).
/// </summary>
/// <param name="Devices">Device models by the reference written in the sweep (a name or a path).</param>
/// <param name="Periphery">The periphery model.</param>
/// <param name="Baseline">The CPU+DRAM baseline model.</param>
public sealed record SweepModels(IReadOnlyDictionary<string, DeviceModel> Devices, PeripheryModel Periphery, CpuBaselineModel Baseline)
{
    /// <summary>Loads what <paramref name="root"/> names; errors go to <paramref name="r"/>. Returns null when any model failed.</summary>
    /// <param name="r">The sweep's reader (collects errors).</param>
    /// <param name="root">The sweep object after overrides.</param>
    /// <param name="file">The sweep file (for errors about names).</param>
    /// <param name="baseDir">Directory relative model paths are taken from.</param>
    /// <param name="library">Where names are looked up.</param>
    internal static SweepModels? Load(StrictObjectReader r, JsonObject root, string file, string baseDir, DeviceLibrary library)
    {
        int before = r.Errors.Count;
        var devices = new Dictionary<string, DeviceModel>(StringComparer.Ordinal);
        if (root["devices"] is JsonArray list)
            for (int i = 0; i < list.Count; i++)
                if (list[i] is JsonValue v && v.TryGetValue(out string? reference) && !devices.ContainsKey(reference))
                    if (Try(r, file, $"$.devices[{i}]", reference, () => library.Device(reference, baseDir)) is { } device) devices[reference] = device;
        string peripheryName = root["periphery"] is JsonValue p && p.TryGetValue(out string? pn) ? pn : "22nm";
        string baselineName = root["baseline"] is JsonValue b && b.TryGetValue(out string? bn) ? bn : BaselineLoader.DefaultName;
        var periphery = Try(r, file, "$.periphery", peripheryName, () => library.Periphery(peripheryName, baseDir));
        var baseline = Try(r, file, "$.baseline", baselineName, () => library.Baseline(baselineName, baseDir));
        return r.Errors.Count == before ? new SweepModels(devices, periphery!, baseline!) : null;
    }

    private static T? Try<T>(StrictObjectReader r, string file, string path, string reference, Func<T> load) where T : class
    {
        try { return load(); }
        catch (InputException ex)
        {
            foreach (var e in ex.Errors)
                r.Add(File.Exists(e.File) ? e : e with { File = file, Path = path, Line = r.Map.NearestLineOf(path), Found = $"{e.Found} for \"{reference}\"" });
            return null;
        }
    }
}
