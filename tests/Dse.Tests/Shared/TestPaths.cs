namespace Dse.Tests.Shared;

/// <summary>Locates the repository root and the shared real data beside it.</summary>
public static class TestPaths
{
    /// <summary>Directory holding Dse.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>../shared/data</c> next to the checkout (present in CI too).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    /// <summary><c>device-models/</c> of this checkout.</summary>
    public static string DeviceModels => Path.Combine(RepoRoot, "device-models");

    /// <summary>The device library of this checkout.</summary>
    public static Dse.Devices.DeviceLibrary Library => new([DeviceModels]);

    /// <summary>A fresh empty temporary directory.</summary>
    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dse-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A copy of the folder <paramref name="dir"/> (with its subfolders) under the same name in a fresh temporary directory.</summary>
    public static string CopyOf(string dir)
    {
        var copy = Path.Combine(NewTempDir(), Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)));
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dse.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Dse.sln not found above " + AppContext.BaseDirectory);
    }
}
