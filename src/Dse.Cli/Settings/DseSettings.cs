using Dse.Devices;
using Dse.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Dse.Cli.Settings;

/// <summary>
/// Tool-level settings (never model or sweep values): where device libraries are, the periphery and baseline <c>dse cost</c>
/// uses by default, worker threads, the GEMM path and the output root. Layered the .NET way, later sources winning:
/// built-in defaults, <c>dse.settings.json</c> in the user's config folder (<c>~/.config/dse/</c> on Linux), <c>dse.settings.json</c>
/// in the working directory, <c>DSE_</c> environment variables (e.g. <c>DSE_THREADS=4</c>, <c>DSE_GEMM=blas</c>,
/// <c>DSE_DEVICEMODELPATHS__0=/data/my-devices</c>), then the command's own options.
/// </summary>
/// <remarks>Sweeps name their periphery and baseline in the sweep file (defaults <c>22nm</c>, <c>jetson-orin-cpu</c>), so a run's
/// numbers never depend on whose settings ran it.</remarks>
public sealed class DseSettings
{
    /// <summary>File name of a settings file.</summary>
    public const string FileName = "dse.settings.json";

    /// <summary>Extra device-library folders searched before the shipped library (each laid out like <c>device-models/</c>).</summary>
    public string[] DeviceModelPaths { get; set; } = [];

    /// <summary>Periphery <c>dse cost</c> uses when not given.</summary>
    public string DefaultPeriphery { get; set; } = "22nm";

    /// <summary>CPU+DRAM baseline <c>dse cost</c> uses when not given.</summary>
    public string DefaultBaseline { get; set; } = BaselineLoader.DefaultName;

    /// <summary>Worker threads; null: the processor count.</summary>
    public int? Threads { get; set; }

    /// <summary>GEMM path of the Monte Carlo: <c>managed</c> or <c>blas</c> (OpenBLAS's <c>cblas_sgemm</c> when installed).</summary>
    public string Gemm { get; set; } = "managed";

    /// <summary>Folder that holds run folders by sweep name.</summary>
    public string OutputRoot { get; set; } = "reports";

    /// <summary>The settings files read, in order (those that exist).</summary>
    public IReadOnlyList<string> Files { get; private set; } = [];

    /// <summary>The working directory the settings were loaded for (searched upwards for a <c>device-models/</c> folder).</summary>
    public string WorkingDirectory { get; private set; } = Environment.CurrentDirectory;

    /// <summary>Loads the layered settings.</summary>
    /// <param name="workingDirectory">Directory whose <c>dse.settings.json</c> is read.</param>
    /// <param name="environment">Environment variables (null: the process's).</param>
    /// <exception cref="InputException">A malformed settings file, an unknown key or an invalid value (all errors at once).</exception>
    public static DseSettings Load(string workingDirectory, IDictionary<string, string?>? environment = null)
    {
        string userDir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "dse");
        var files = new[] { Path.Combine(userDir, FileName), Path.Combine(workingDirectory, FileName) }.Where(File.Exists).ToArray();
        var builder = new ConfigurationBuilder();
        foreach (var file in files) builder.AddJsonFile(file, optional: true, reloadOnChange: false);
        if (environment is null) builder.AddEnvironmentVariables("DSE_");
        else builder.AddInMemoryCollection(environment.Where(kv => kv.Key.StartsWith("DSE_", StringComparison.Ordinal))
            .Select(kv => KeyValuePair.Create(kv.Key["DSE_".Length..].Replace("__", ":"), kv.Value)));
        DseSettings settings;
        try
        {
            var config = builder.Build();
            settings = config.Get<DseSettings>(o => o.ErrorOnUnknownConfiguration = true) ?? new DseSettings();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new InputException(new InputError(files.Length > 0 ? string.Join(", ", files) : "DSE_ environment variables", null, null,
                "tool settings with keys DeviceModelPaths, DefaultPeriphery, DefaultBaseline, Threads, Gemm, OutputRoot", Flatten(ex)));
        }
        settings.Files = files;
        settings.WorkingDirectory = workingDirectory;
        var errors = new List<InputError>();
        string where = files.Length > 0 ? string.Join(", ", files) : "settings";
        if (settings.Threads is < 1) errors.Add(new InputError(where, "Threads", null, "an integer >= 1", settings.Threads.ToString()!));
        if (settings.Gemm is not ("managed" or "blas")) errors.Add(new InputError(where, "Gemm", null, "\"managed\" or \"blas\"", $"\"{settings.Gemm}\""));
        if (errors.Count > 0) throw new InputException(errors);
        return settings;
    }

    /// <summary>
    /// The device library: the settings' <see cref="DeviceModelPaths"/>, then the <c>device-models/</c> found walking up from
    /// <paramref name="nearFile"/>'s folder (a sweep inside a checkout) and from the working directory, then the library shipped
    /// with <c>dse</c>.
    /// </summary>
    /// <param name="nearFile">A file whose folder is searched upwards first (e.g. the sweep); null: none.</param>
    /// <exception cref="InputException">No library folder exists.</exception>
    public DeviceLibrary Library(string? nearFile = null)
    {
        var folders = new List<string>(DeviceModelPaths);
        var starts = new List<string>();
        if (nearFile is not null && File.Exists(nearFile)) starts.Add(Path.GetDirectoryName(Path.GetFullPath(nearFile))!);
        starts.Add(WorkingDirectory);
        foreach (var start in starts)
        {
            try { folders.Add(DeviceLoader.FindDeviceModelsDir(start)); }
            catch (InputException) { }
        }
        folders.Add(Path.Combine(AppContext.BaseDirectory, "device-models"));
        return new DeviceLibrary(folders);
    }

    private static string Flatten(Exception ex) => ex.InnerException is null ? ex.Message : $"{ex.Message} ({Flatten(ex.InnerException)})";
}
