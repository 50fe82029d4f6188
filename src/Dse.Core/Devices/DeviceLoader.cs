using System.Globalization;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// Loads <see cref="DeviceModel"/>s from <c>device-models/NAME.json</c> strictly: every problem in a
/// file (syntax, unknown or missing keys, wrong types, impossible physics, missing sources) is
/// reported at once with file, JSON path and 1-based line.
/// </summary>
/// <remarks>Format: <c>device-models/schema/device.schema.json</c>.</remarks>
public static class DeviceLoader
{
    /// <summary>Variation models a device file may name in <c>variation.model</c>.</summary>
    public static IReadOnlyList<string> VariationModels { get; } = ["perLevel"];

    /// <summary>Technologies a device file may name in <c>kind</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["rram", "fefet", "pcm", "mram", "sram"];

    private static readonly string[] RootKeys =
        ["$schema", "version", "name", "kind", "description", "levels", "gMinS", "gMaxS", "cellAreaF2", "variation", "write", "sources"];

    private static readonly string[] PerLevelKeys = ["model", "sigmaPerLevel"];

    private static readonly string[] WriteKeys = ["energyPerCellJ", "pulseS", "verifyIterations", "enduranceCycles"];

    /// <summary>Loads and validates one device file.</summary>
    /// <param name="path">Path of the JSON file.</param>
    /// <returns>The device; <see cref="DeviceModel.MaxBitsPerCell"/> = floor(log2(levels)).</returns>
    /// <exception cref="InputException">The file is missing, a directory, malformed, or invalid (all problems listed).</exception>
    public static DeviceModel Load(string path)
    {
        var map = JsonSourceMap.Parse(path, ModelFiles.ReadText(path, "device model"), out var node);
        var r = new StrictObjectReader(map);
        var root = r.RootObject(node);
        if (root is null) throw new InputException(r.Errors.ToList());

        r.RejectUnknownKeys(root, "$", RootKeys);
        r.OptionalString(root, "$", "$schema", "relative path of the JSON Schema; ignored");
        ModelFiles.CheckVersion(r, root);
        var name = r.RequiredString(root, "$", "name", "device name, equal to the file stem");
        ModelFiles.CheckNameMatchesFile(r, name, path);
        var kind = r.RequiredChoice(root, "$", "kind", Kinds, "technology");
        var description = r.RequiredString(root, "$", "description", "one line for listings");

        var levels = r.RequiredInt(root, "$", "levels", "native conductance levels, >= 2");
        if (levels is < 2)
            r.Error("$.levels", "at least 2 native levels", Invariant(levels.Value));

        var gMin = r.RequiredDouble(root, "$", "gMinS", "lowest conductance in siemens, 1/Roff");
        var gMax = r.RequiredDouble(root, "$", "gMaxS", "highest conductance in siemens, 1/Ron");
        if (gMin is < 0)
            r.Error("$.gMinS", "a conductance >= 0 S", Invariant(gMin.Value));
        if (gMax is <= 0)
            r.Error("$.gMaxS", "a conductance > 0 S", Invariant(gMax.Value));
        if (gMin is double lo && gMax is double hi && lo >= 0 && hi > 0 && lo >= hi)
            r.Error("$.gMinS", $"gMinS < gMaxS ({Invariant(hi)} S)", Invariant(lo));

        var area = r.RequiredDouble(root, "$", "cellAreaF2", "cell area in F^2");
        if (area is <= 0)
            r.Error("$.cellAreaF2", "a cell area > 0 F^2", Invariant(area.Value));

        var variation = ReadVariation(r, root, levels);
        var write = ReadWrite(r, root);
        ModelFiles.CheckSources(r, root);
        r.ThrowIfAny();

        return new DeviceModel(name!, kind!, description!, gMin!.Value, gMax!.Value, levels!.Value,
            (int)Math.Floor(Math.Log2(levels.Value)), area!.Value, variation!, path) { Write = write! };
    }

    /// <summary>
    /// Resolves a device reference from a sweep or the command line and loads it.
    /// </summary>
    /// <param name="nameOrPath">A bare name (<c>rram1</c> means <c>&lt;deviceModelsDir&gt;/rram1.json</c>) or a path to a JSON file.</param>
    /// <param name="deviceModelsDir">The <c>device-models/</c> directory (see <see cref="FindDeviceModelsDir"/>).</param>
    /// <param name="relativeTo">Directory a relative path is taken from (the sweep file's folder); null: the working directory.</param>
    /// <exception cref="InputException">Unknown name (the error lists the available names and the nearest), or an invalid file.</exception>
    public static DeviceModel Resolve(string nameOrPath, string deviceModelsDir, string? relativeTo) =>
        Load(ModelFiles.ResolvePath(nameOrPath, deviceModelsDir, relativeTo, "device"));

    /// <summary>
    /// Walks up from <paramref name="startDir"/> to the first directory that contains a
    /// <c>device-models/</c> folder and returns that folder's full path (the CLI runs from the
    /// repository root, tests from <c>bin/</c>).
    /// </summary>
    /// <exception cref="InputException">No ancestor contains <c>device-models/</c>.</exception>
    public static string FindDeviceModelsDir(string startDir)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDir)); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "device-models");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InputException(new InputError(startDir, null, null,
            "a device-models/ folder in this directory or one above it", "none"));
    }

    private static VariationModel? ReadVariation(StrictObjectReader r, JsonObject root, int? levels)
    {
        var v = r.RequiredObject(root, "$", "variation", "programming-variation model");
        if (v is null) return null;
        const string at = "$.variation";
        var model = r.RequiredChoice(v, at, "model", VariationModels, "variation model");
        if (model != "perLevel") return null;   // unknown model: reported above; its keys cannot be checked

        r.RejectUnknownKeys(v, at, PerLevelKeys);
        var sigmas = r.RequiredDoubleArray(v, at, "sigmaPerLevel", "sigma per native level, relative to Gmax - Gmin");
        if (sigmas is null) return null;
        bool ok = true;
        for (int k = 0; k < sigmas.Count; k++)
        {
            if (sigmas[k] >= 0) continue;
            ok = false;
            r.Error($"{at}.sigmaPerLevel[{k}]", "a sigma >= 0", Invariant(sigmas[k]));
        }
        if (levels is int n && sigmas.Count != n)
        {
            ok = false;
            r.Error($"{at}.sigmaPerLevel", $"{n} sigmas, one per native level (levels = {n})", $"{sigmas.Count}");
        }
        return ok ? new PerLevelVariation(sigmas) : null;
    }

    private static WriteModel? ReadWrite(StrictObjectReader r, JsonObject root)
    {
        var w = r.RequiredObject(root, "$", "write", "store-update cost of one cell (energyPerCellJ, pulseS, verifyIterations, enduranceCycles)");
        if (w is null) return null;
        const string at = "$.write";
        r.RejectUnknownKeys(w, at, WriteKeys);
        var energy = r.RequiredDouble(w, at, "energyPerCellJ", "energy of one write pulse on one cell, joules");
        var pulse = r.RequiredDouble(w, at, "pulseS", "write pulse width, seconds");
        var iterations = r.RequiredInt(w, at, "verifyIterations", "program-and-verify iterations per cell write");
        var endurance = r.RequiredDouble(w, at, "enduranceCycles", "write cycles a cell survives");
        if (energy is <= 0 or > 1e-6)
            r.Error($"{at}.energyPerCellJ", "an energy per cell and pulse in (0, 1e-6] J", Invariant(energy.Value));
        if (pulse is <= 0 or > 1)
            r.Error($"{at}.pulseS", "a pulse width in (0, 1] s", Invariant(pulse.Value));
        if (iterations is < 1 or > 1000)
            r.Error($"{at}.verifyIterations", "an integer in 1..1000 (1 = one pulse, no verify)", Invariant(iterations.Value));
        if (endurance is < 1)
            r.Error($"{at}.enduranceCycles", "at least 1 write cycle", Invariant(endurance.Value));
        return energy is > 0 and <= 1e-6 && pulse is > 0 and <= 1 && iterations is >= 1 and <= 1000 && endurance is >= 1
            ? new WriteModel(energy.Value, pulse.Value, iterations.Value, endurance.Value)
            : null;
    }

    private static string Invariant(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Invariant(int x) => x.ToString(CultureInfo.InvariantCulture);
}
