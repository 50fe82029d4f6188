using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// Where device, periphery and baseline files are found by name: an ordered list of library folders, each laid out like the
/// repository's <c>device-models/</c> (devices at the top, <c>periphery/</c> and <c>baselines/</c> below). The first folder
/// holding a name wins, so a user's folder (tool settings) can shadow a shipped device. Every command resolves names through
/// one instance.
/// </summary>
public sealed class DeviceLibrary
{
    /// <summary>Creates a library over <paramref name="folders"/>, searched in order.</summary>
    /// <param name="folders">Library folders (full paths); folders that do not exist are skipped.</param>
    /// <exception cref="InputException">None of the folders exists.</exception>
    public DeviceLibrary(IEnumerable<string> folders)
    {
        Folders = folders.Select(Path.GetFullPath).Distinct().Where(Directory.Exists).ToArray();
        if (Folders.Count == 0)
            throw new InputException(new InputError("settings", "DeviceModelPaths", null,
                "at least one existing device-model folder (a device-models/ directory)", "none of " + string.Join(", ", folders)));
    }

    /// <summary>The existing library folders, in search order.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Loads the device named <paramref name="nameOrPath"/> (a name in the library, or a path relative to <paramref name="relativeTo"/>).</summary>
    /// <exception cref="InputException">Unknown name (lists the available ones) or an invalid file.</exception>
    public DeviceModel Device(string nameOrPath, string? relativeTo) => DeviceLoader.Load(ModelFiles.ResolvePath(nameOrPath, Folders, relativeTo, "device"));

    /// <summary>Loads a periphery file by name (in <c>periphery/</c>) or path.</summary>
    /// <exception cref="InputException">Unknown name or an invalid file.</exception>
    public PeripheryModel Periphery(string nameOrPath, string? relativeTo) =>
        PeripheryLoader.Load(ModelFiles.ResolvePath(nameOrPath, Sub("periphery"), relativeTo, "periphery"));

    /// <summary>Loads a CPU+DRAM baseline file by name (in <c>baselines/</c>) or path.</summary>
    /// <exception cref="InputException">Unknown name or an invalid file.</exception>
    public CpuBaselineModel Baseline(string nameOrPath, string? relativeTo) =>
        BaselineLoader.Load(ModelFiles.ResolvePath(nameOrPath, Sub("baselines"), relativeTo, "baseline"));

    /// <summary>Every device file of the library (the first of each name), in name order.</summary>
    public IReadOnlyList<string> DeviceFiles() => Folders
        .SelectMany(f => Directory.GetFiles(f, "*.json"))
        .GroupBy(Path.GetFileNameWithoutExtension).Select(g => g.First())
        .OrderBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal).ToArray();

    private string[] Sub(string name) => Folders.Select(f => Path.Combine(f, name)).ToArray();
}
