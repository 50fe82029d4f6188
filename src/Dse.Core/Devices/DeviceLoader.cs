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
    public static IReadOnlyList<string> VariationModels { get; } = ["perLevel", "proportional", "polynomial"];

    /// <summary>Read-noise models a device file may name in <c>variation.readNoise.model</c>.</summary>
    public static IReadOnlyList<string> ReadNoiseModels { get; } = ["relative", "oneOverF"];

    /// <summary>Technologies a device file may name in <c>kind</c>.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["rram", "fefet", "pcm", "mram", "sram"];

    /// <summary>The keys a device file may hold at the top level.</summary>
    internal static readonly string[] RootKeys =
        ["$schema", "version", "name", "kind", "description", "levels", "gMinS", "gMaxS", "gCeilingS", "cellAreaF2", "variation", "write", "sources"];

    private static readonly string[] OptionalTermKeys = ["stuckAt", "drift", "readNoise"];
    private static readonly string[] PerLevelKeys = ["model", "sigmaPerLevel", .. OptionalTermKeys];
    private static readonly string[] ProportionalKeys = ["model", "sigma", .. OptionalTermKeys];
    private static readonly string[] PolynomialKeys = ["model", "sigmaCoefficientsUS", .. OptionalTermKeys];
    private static readonly string[] StuckAtKeys = ["gMinRate", "gMaxRate"];
    private static readonly string[] DriftKeys = ["t0S", "nuMean", "nuStd", "nuMeanPerLevel", "nuStdPerLevel"];
    private static readonly string[] RelativeReadKeys = ["model", "sigmaRelative"];
    private static readonly string[] OneOverFKeys = ["model", "qCoefficient", "qExponent", "qMax", "gnPowerFloor", "tReadS"];
    private static readonly string[] WriteKeys = ["energyPerCellJ", "pulseS", "verifyIterations", "enduranceCycles", "verify"];
    private static readonly string[] VerifyKeys = ["sigmaRatioPerIteration", "sigmaFloorRatio"];

    /// <summary>Loads and validates one device file.</summary>
    /// <param name="path">Path of the JSON file.</param>
    /// <returns>The device; <see cref="DeviceModel.MaxBitsPerCell"/> = floor(log2(levels)).</returns>
    /// <exception cref="InputException">The file is missing, a directory, malformed, or invalid (all problems listed).</exception>
    public static DeviceModel Load(string path)
    {
        var (r, root, name) = ModelFiles.Open(path, "device model", RootKeys);
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

        var ceiling = r.OptionalDouble(root, "$", "gCeilingS", "physical upper bound of a programmed conductance in siemens, >= gMaxS");
        if (ceiling is double top && gMax is double gMaxS && !(top >= gMaxS))
            r.Error("$.gCeilingS", $"a conductance >= gMaxS ({Invariant(gMaxS)} S)", Invariant(top));

        var area = r.RequiredDouble(root, "$", "cellAreaF2", "cell area in F^2");
        if (area is <= 0)
            r.Error("$.cellAreaF2", "a cell area > 0 F^2", Invariant(area.Value));

        var v = r.RequiredObject(root, "$", "variation", "programming-variation model and optional stuck-at, drift and read-noise terms");
        var variation = v is null ? null : ReadVariation(r, v, levels);
        var stuckAt = v is null ? null : ReadStuckAt(r, v);
        var drift = v is null ? null : ReadDrift(r, v, levels);
        var readNoise = v is null ? null : ReadReadNoise(r, v);
        var write = ReadWrite(r, root);
        ModelFiles.CheckSources(r, root);
        r.ThrowIfAny();

        return new DeviceModel(name!, kind!, description!, gMin!.Value, gMax!.Value, levels!.Value,
            (int)Math.Floor(Math.Log2(levels.Value)), area!.Value, variation!, write!, path)
        {
            GCeilingS = ceiling, StuckAt = stuckAt, Drift = drift, ReadNoise = readNoise,
            Sources = root["sources"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>()),
        };
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

    private static VariationModel? ReadVariation(StrictObjectReader r, JsonObject v, int? levels)
    {
        const string at = "$.variation";
        var model = r.RequiredChoice(v, at, "model", VariationModels, "variation model");
        switch (model)
        {
            case "perLevel":
            {
                r.RejectUnknownKeys(v, at, PerLevelKeys);
                var sigmas = PerLevelList(r, v, at, "sigmaPerLevel", "sigma per native level, relative to Gmax - Gmin", levels);
                return sigmas is null ? null : new PerLevelVariation(sigmas);
            }
            case "proportional":
            {
                r.RejectUnknownKeys(v, at, ProportionalKeys);
                var sigma = NonNegative(r, v, at, "sigma", "relative sigma of G' = G (1 + N(0, sigma^2)), dimensionless");
                return sigma is double s ? new ProportionalVariation(s) : null;
            }
            case "polynomial":
            {
                r.RejectUnknownKeys(v, at, PolynomialKeys);
                var c = r.RequiredDoubleArray(v, at, "sigmaCoefficientsUS", "coefficients c_0, c_1, ... of sigma(G) = sum c_i (G/Gmax)^i in microsiemens");
                if (c is { Count: 0 })
                {
                    r.Error($"{at}.sigmaCoefficientsUS", "at least one coefficient", "[]");
                    return null;
                }
                return c is null ? null : new PolynomialVariation(c);
            }
            default:
                return null;   // unknown model: reported above; its keys cannot be checked
        }
    }

    private static StuckAtModel? ReadStuckAt(StrictObjectReader r, JsonObject v)
    {
        const string at = "$.variation.stuckAt";
        if (OptionalBlock(r, v, "$.variation", "stuckAt", "stuck-at fault rates", StuckAtKeys) is not { } o) return null;
        var lo = Fraction(r, o, at, "gMinRate", "fraction of cells stuck at Gmin");
        var hi = Fraction(r, o, at, "gMaxRate", "fraction of cells stuck at Gmax");
        if (lo is double a && hi is double b && a + b > 1)
            r.Error($"{at}.gMaxRate", $"gMinRate + gMaxRate <= 1 (gMinRate = {Invariant(a)})", Invariant(b));
        return lo is double x && hi is double y && x + y <= 1 ? new StuckAtModel(x, y) : null;
    }

    private static DriftModel? ReadDrift(StrictObjectReader r, JsonObject v, int? levels)
    {
        const string at = "$.variation.drift";
        if (OptionalBlock(r, v, "$.variation", "drift", "power-law conductance drift", DriftKeys) is not { } o) return null;
        var t0 = r.RequiredDouble(o, at, "t0S", "reference time t0 in seconds after programming, > 0");
        if (t0 is <= 0) r.Error($"{at}.t0S", "a time > 0 s", Invariant(t0.Value));
        bool perLevel = o.ContainsKey("nuMeanPerLevel") || o.ContainsKey("nuStdPerLevel");
        bool scalar = o.ContainsKey("nuMean") || o.ContainsKey("nuStd");
        if (perLevel && scalar)
        {
            r.Error(at, "either nuMean and nuStd, or nuMeanPerLevel and nuStdPerLevel, not both", "both forms");
            return null;
        }
        IReadOnlyList<double>? mean, std;
        if (perLevel)
        {
            mean = PerLevelList(r, o, at, "nuMeanPerLevel", "drift exponent mean per native level", levels);
            std = PerLevelList(r, o, at, "nuStdPerLevel", "drift exponent std per native level", levels);
        }
        else
        {
            var m = NonNegative(r, o, at, "nuMean", "drift exponent mean, dimensionless");
            var s = NonNegative(r, o, at, "nuStd", "drift exponent std, dimensionless");
            mean = m is double mm && levels is int n1 ? Enumerable.Repeat(mm, n1).ToArray() : null;
            std = s is double ss && levels is int n2 ? Enumerable.Repeat(ss, n2).ToArray() : null;
        }
        return t0 is > 0 && mean is not null && std is not null ? new DriftModel(t0.Value, mean, std) : null;
    }

    private static ReadNoiseModel? ReadReadNoise(StrictObjectReader r, JsonObject v)
    {
        const string at = "$.variation.readNoise";
        var o = r.OptionalObject(v, "$.variation", "readNoise", "read noise");
        if (o is null) return null;
        switch (r.RequiredChoice(o, at, "model", ReadNoiseModels, "read-noise model"))
        {
            case "relative":
            {
                r.RejectUnknownKeys(o, at, RelativeReadKeys);
                var s = NonNegative(r, o, at, "sigmaRelative", "relative std r of a fresh N(0, (r G)^2) per read, dimensionless");
                return s is double x ? new RelativeReadNoise(x) : null;
            }
            case "oneOverF":
            {
                r.RejectUnknownKeys(o, at, OneOverFKeys);
                var q = NonNegative(r, o, at, "qCoefficient", "numerator of q_s, dimensionless");
                var e = NonNegative(r, o, at, "qExponent", "exponent of G/Gmax in q_s");
                var max = NonNegative(r, o, at, "qMax", "upper clamp of q_s");
                var floor = Positive(r, o, at, "gnPowerFloor", "lower clamp of (G/Gmax)^qExponent, > 0");
                var tRead = Positive(r, o, at, "tReadS", "read duration t_read of the 1/f fit in seconds, > 0");
                return q is double a && e is double b && max is double c && floor is double d && tRead is double t
                    ? new OneOverFReadNoise(a, b, c, d, t) : null;
            }
            default:
                return null;
        }
    }

    private static WriteModel? ReadWrite(StrictObjectReader r, JsonObject root)
    {
        const string at = "$.write";
        var o = r.RequiredObject(root, "$", "write", "cost of writing one cell");
        if (o is null) return null;
        r.RejectUnknownKeys(o, at, WriteKeys);
        var energy = NonNegative(r, o, at, "energyPerCellJ", "energy to program one cell in joules, >= 0");
        var pulse = Positive(r, o, at, "pulseS", "write pulse width in seconds, > 0");
        var verify = r.RequiredInt(o, at, "verifyIterations", "program-and-verify iterations per write, >= 0 (0: one pulse)");
        if (verify is < 0) r.Error($"{at}.verifyIterations", "an integer >= 0", Invariant(verify.Value));
        var endurance = Positive(r, o, at, "enduranceCycles", "write cycles a cell survives, > 0");
        var verifyModel = ReadVerify(r, o);
        return energy is double en && pulse is double p && verify is >= 0 && endurance is double c
            ? new WriteModel(en, p, verify.Value, c) { Verify = verifyModel } : null;
    }

    private static WriteVerifyModel? ReadVerify(StrictObjectReader r, JsonObject write)
    {
        const string at = "$.write.verify";
        if (OptionalBlock(r, write, "$.write", "verify", "how program-and-verify iterations narrow the programmed spread", VerifyKeys) is not { } o) return null;
        var ratio = Positive(r, o, at, "sigmaRatioPerIteration", "factor one program-and-verify iteration multiplies the spread by, in (0, 1]");
        if (ratio is > 1) { r.Error($"{at}.sigmaRatioPerIteration", "a factor in (0, 1]", Invariant(ratio.Value)); ratio = null; }
        var floor = Fraction(r, o, at, "sigmaFloorRatio", "lowest reachable spread relative to the single-pulse spread, in [0, 1]");
        return ratio is double a && floor is double b ? new WriteVerifyModel(a, b) : null;
    }

    /// <summary>The optional object <c>key</c> of <paramref name="parent"/> with its unknown keys reported; null when absent or not an object.</summary>
    private static JsonObject? OptionalBlock(StrictObjectReader r, JsonObject parent, string parentPath, string key, string description, string[] keys)
    {
        var o = r.OptionalObject(parent, parentPath, key, description);
        if (o is not null) r.RejectUnknownKeys(o, $"{parentPath}.{key}", keys);
        return o;
    }

    /// <summary>A required array with one non-negative value per native level.</summary>
    private static IReadOnlyList<double>? PerLevelList(StrictObjectReader r, JsonObject o, string at, string key, string description, int? levels)
    {
        var values = r.RequiredDoubleArray(o, at, key, description);
        if (values is null) return null;
        bool ok = true;
        for (int k = 0; k < values.Count; k++)
        {
            if (values[k] >= 0) continue;
            ok = false;
            r.Error($"{at}.{key}[{k}]", "a value >= 0", Invariant(values[k]));
        }
        if (levels is int n && values.Count != n)
        {
            ok = false;
            string what = key == "sigmaPerLevel" ? "sigmas" : "values";
            r.Error($"{at}.{key}", $"{n} {what}, one per native level (levels = {n})", $"{values.Count}");
        }
        return ok ? values : null;
    }

    private static double? NonNegative(StrictObjectReader r, JsonObject o, string at, string key, string description)
    {
        var x = r.RequiredDouble(o, at, key, description);
        if (x is < 0) { r.Error($"{at}.{key}", "a value >= 0", Invariant(x.Value)); return null; }
        return x;
    }

    private static double? Positive(StrictObjectReader r, JsonObject o, string at, string key, string description)
    {
        var x = r.RequiredDouble(o, at, key, description);
        if (x is <= 0) { r.Error($"{at}.{key}", "a value > 0", Invariant(x.Value)); return null; }
        return x;
    }

    private static double? Fraction(StrictObjectReader r, JsonObject o, string at, string key, string description)
    {
        var x = r.RequiredDouble(o, at, key, description);
        if (x is < 0 or > 1) { r.Error($"{at}.{key}", "a fraction in [0, 1]", Invariant(x.Value)); return null; }
        return x;
    }

    private static string Invariant(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string Invariant(int x) => x.ToString(CultureInfo.InvariantCulture);
}
