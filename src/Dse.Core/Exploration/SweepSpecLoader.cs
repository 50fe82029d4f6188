using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration.Axes;
using Dse.Pareto;
using Dse.Search;
using Dse.Workloads;

namespace Dse.Exploration;

/// <summary>
/// Strict loading of sweep files: unknown keys, missing keys, wrong types and impossible values are
/// <see cref="InputError"/>s naming the file, JSON path and 1-based line; all are reported at once.
/// </summary>
public static class SweepSpecLoader
{
    private static readonly string[] OtherTopKeys = ["$schema", "name", "clipping", "ssa", "periphery", "workload", "mc", "objectives", "baseline", "screen", "search"];

    private static readonly string[] McKeys = ["trials", "queries", "seed", "calibrationQuantile", "calibrationQueries", "targetCiHalfWidth", "minTrials", "maxTrials", "arithmetic", "racing", "racingErrorRate", "racingTolerance"];
    private static readonly string[] SsaKeys = ["scales", "weights", "normalise"];
    private static readonly string[] SyntheticKeys = ["kind", "prompts", "dim", "regime", "queryTokens", "domainShift", "taskScores"];
    private static readonly string[] PeftKeys = ["kind", "adapters", "queryTokens", "queryNoise", "queriesPerPrompt", "taskScores"];
    private static readonly string[] TextKeys = ["kind", "domains", "vectors", "bufferSize", "queriesPerDomain", "queryTokens", "taskScores"];
    private static readonly string[] TensorsKeys = ["kind", "store", "queries", "labels", "taskScores"];
    private static readonly string[] SearchKeys = ["kind", "adcBits", "epsilonSteps", "objectives", "surrogateTrials", "sample", "seed", "workers", "maxTimeS"];

    /// <summary>Loads a sweep file, applying <c>--set KEY=VALUE</c> overrides first.</summary>
    /// <param name="path">Sweep file path.</param>
    /// <param name="overrides">Overrides as (dotted JSON path, value text); a value that parses as JSON is used as JSON, else as a string.</param>
    /// <param name="library">When given, the device, periphery and baseline files the sweep names are loaded and checked with it
    /// (<see cref="SweepSpec.Models"/>), and their errors reported together with the sweep's.</param>
    /// <param name="priorErrors">Errors found before the sweep was read (e.g. in command-line options), reported with the sweep's.</param>
    /// <exception cref="InputException">Unreadable or malformed file, bad override, or any invalid entry: every error found, once.</exception>
    public static SweepSpec Load(string path, IReadOnlyList<(string Key, string Value)>? overrides = null, DeviceLibrary? library = null,
        IReadOnlyList<InputError>? priorErrors = null)
    {
        string text;
        try { text = InputFile.ReadAllText(path, "sweep JSON file"); }
        catch (InputException ex) { throw WithPrior(priorErrors, [.. ex.Errors]); }
        return Parse(path, text, Path.GetDirectoryName(Path.GetFullPath(path))!, overrides, library, priorErrors);
    }

    /// <summary>Parses sweep text (the embedded default or a file's content).</summary>
    /// <param name="file">Name used in messages and as <see cref="SweepSpec.SourceFile"/>.</param>
    /// <param name="text">JSON text.</param>
    /// <param name="baseDir">Directory relative adapter paths are taken from.</param>
    /// <param name="overrides">See <see cref="Load"/>.</param>
    /// <param name="library">See <see cref="Load"/>.</param>
    /// <param name="priorErrors">See <see cref="Load"/>.</param>
    /// <exception cref="InputException">On any invalid entry: every error found, once.</exception>
    public static SweepSpec Parse(string file, string text, string baseDir, IReadOnlyList<(string Key, string Value)>? overrides = null,
        DeviceLibrary? library = null, IReadOnlyList<InputError>? priorErrors = null)
    {
        JsonSourceMap map;
        JsonNode rootNode;
        try { map = JsonSourceMap.Parse(file, text, out rootNode); }
        catch (InputException ex) { throw WithPrior(priorErrors, [.. ex.Errors]); }
        var r = new StrictObjectReader(map, [.. priorErrors ?? []]);
        var root = r.RootObject(rootNode);
        if (root is null) { r.ThrowIfAny(); throw new InvalidOperationException(); }
        try { ApplyOverrides(root, overrides ?? []); }
        catch (InputException ex) { throw WithPrior(priorErrors, [.. ex.Errors]); }
        r.RejectUnknownKeys(root, "$", [.. DesignAxes.All.Select(a => a.JsonKey), .. OtherTopKeys]);

        string? name = r.RequiredString(root, "$", "name", "the sweep name (output folder reports/NAME/)");
        if (name is not null && (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/')))
            r.Error("$.name", "a non-empty name usable as a folder name", $"\"{name}\"");
        var space = ReadAxes(r, root);
        string baseline = r.OptionalString(root, "$", "baseline", "CPU+DRAM baseline name or path") ?? Dse.Devices.BaselineLoader.DefaultName;
        var clippingText = r.OptionalString(root, "$", "clipping", "maxAbs or percentile(p)") ?? "maxAbs";
        var clipping = ClippingPolicy.TryParse(clippingText);
        if (clipping is null) r.Error("$.clipping", "\"maxAbs\" or \"percentile(p)\" with 0 < p <= 100", $"\"{clippingText}\"");
        var ssa = ReadSsa(r, root);
        string periphery = r.OptionalString(root, "$", "periphery", "periphery name or path") ?? "22nm";
        var mc = ReadMc(r, root);
        var workload = ReadWorkload(r, root, baseDir);
        var objectives = ReadObjectives(r, root, costOnly: mc?.CostOnly == true);
        bool screen = r.OptionalBool(root, "$", "screen", "true to screen the points by cost before the Monte Carlo") ?? false;
        var search = ReadSearch(r, root, mc);
        if (screen && mc?.CostOnly == true)
            r.Error("$.screen", "no screen in a cost-only sweep (mc.trials = 0 simulates nothing, so there is no Monte Carlo to save): drop 'screen' or set mc.trials >= 1", "true");
        if (objectives.Contains(Objective.TaskScore) && workload is not null && workload.TaskScores is null)
            r.Error("$.objectives", "the objective taskScore only with a task-score matrix (workload.taskScores)", "taskScore");
        if (mc?.Racing is not null && objectives.Count(o => o.NeedsMonteCarlo) is var accuracyLike
            && (accuracyLike != 1 || !objectives.Any(o => o == Objective.Accuracy || o == Objective.Agreement) || accuracyLike == objectives.Count))
            r.Error("$.objectives", "with mc.racing, exactly one accuracy-like objective, accuracy or agreement (the race compares its confidence bounds; a 5th percentile has none), and at least one cost objective",
                string.Join(", ", objectives.Select(o => o.Name)));
        else if (screen && objectives.All(o => o.NeedsMonteCarlo))
            r.Error("$.objectives", "at least one cost objective (energy, area or latency) with 'screen': the screen drops points by cost", string.Join(", ", objectives.Select(o => o.Name)));
        bool tokensGiven = root.ContainsKey(DesignAxes.VirtualTokens.JsonKey);
        if (workload is SyntheticWorkloadSpec && !tokensGiven)
            r.Error("$", "key 'virtualTokens' (a synthetic workload has no native token count)", "no such key");
        if (workload is TextWorkloadSpec textWorkload)
        {
            if (!tokensGiven) r.Error("$", "key 'virtualTokens' (a text workload's OVT has one row per selected representative)", "no such key");
            var tokens = space.IsResolved(DesignAxes.VirtualTokens) ? space.Values(DesignAxes.VirtualTokens) : [];
            for (int i = 0; i < tokens.Count; i++)
                if (tokens[i] > textWorkload.BufferSize)
                    r.Error($"$.virtualTokens[{i}]", $"at most workload.bufferSize = {textWorkload.BufferSize} (representatives are picked from the buffer)", $"{tokens[i]}");
        }
        var models = library is null ? null : SweepModels.Load(r, root, file, baseDir, library);
        r.ThrowIfAny();

        return new SweepSpec
        {
            Name = name!, SourceFile = file, SourceMap = map, Json = (JsonObject)root.DeepClone(), BaseDir = baseDir, Space = space,
            Clipping = clipping!, Ssa = ssa!, Periphery = periphery, Workload = workload!, Mc = mc!, Objectives = objectives, Baseline = baseline, Models = models,
            Screen = screen, Search = search,
        };
    }

    /// <summary>Reads every axis of <see cref="DesignAxes.All"/>: its list when given, else its defaults; errors for missing required axes.</summary>
    private static DesignSpace ReadAxes(StrictObjectReader r, JsonObject root)
    {
        var values = new IReadOnlyList<object?>?[DesignAxes.All.Count];
        foreach (var axis in DesignAxes.All)
        {
            var given = axis.ReadSweep(r, root);
            if (given is null && axis.IsRequired && !root.ContainsKey(axis.JsonKey))
                r.Error(JsonSourceMap.Child("$", axis.JsonKey), $"key '{axis.JsonKey}' ({axis.DisplayName}, a non-empty list) in the object at $", "no such key");
            values[axis.Index] = given ?? axis.Defaults;
        }
        return new DesignSpace(values);
    }

    private static IReadOnlyList<Objective> ReadObjectives(StrictObjectReader r, JsonObject root, bool costOnly)
    {
        var names = r.OptionalStringArray(root, "$", "objectives", "Pareto objectives");
        if (names is null) return costOnly ? Objective.CostOnlyDefault : Objective.Default;
        var valid = Objective.All.Select(o => o.Name).ToArray();
        var objectives = new List<Objective>();
        for (int i = 0; i < names.Count; i++)
        {
            var objective = Objective.All.FirstOrDefault(o => o.Name == names[i]);
            if (objective is null) r.Error($"$.objectives[{i}]", "an objective: " + NameSuggester.ListWithSuggestion(names[i], valid), $"\"{names[i]}\"");
            else if (costOnly && objective.NeedsMonteCarlo)
                r.Error($"$.objectives[{i}]", "a cost objective (energy, area or latency): a cost-only sweep (mc.trials = 0) does not simulate accuracy", $"\"{names[i]}\"");
            else objectives.Add(objective);
        }
        if (names.Count < 2) r.Error("$.objectives", "at least two objectives", $"{names.Count}");
        return objectives;
    }

    private static InputException WithPrior(IReadOnlyList<InputError>? prior, params InputError[] errors) => new([.. prior ?? [], .. errors]);

    private static void ApplyOverrides(JsonObject root, IReadOnlyList<(string Key, string Value)> overrides)
    {
        var errors = new List<InputError>();
        foreach (var (key, value) in overrides)
        {
            var parts = key.Split('.');
            if (key.Length == 0 || parts.Any(p => p.Length == 0))
            {
                errors.Add(new InputError("--set", key, null, "a dotted JSON path such as mc.trials", $"\"{key}\""));
                continue;
            }
            JsonObject target = root;
            bool ok = true;
            for (int i = 0; i < parts.Length - 1 && ok; i++)
            {
                if (target[parts[i]] is null) target[parts[i]] = new JsonObject();
                if (target[parts[i]] is JsonObject child) target = child;
                else
                {
                    errors.Add(new InputError("--set", key, null, $"'{string.Join('.', parts[..(i + 1)])}' to be an object", StrictObjectReader.Describe(target[parts[i]])));
                    ok = false;
                }
            }
            if (!ok) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(value); _ = node?.ToJsonString(); } // writing unescapes every string: a lone \uD800 fails here
            catch (JsonException) { node = JsonValue.Create(value); }
            catch (InvalidOperationException e)
            {
                errors.Add(new InputError("--set", key, null, "a value of valid Unicode text", $"{value} ({e.Message.TrimEnd('.')})"));
                continue;
            }
            target[parts[^1]] = node;
        }
        if (errors.Count > 0) throw new InputException(errors);
    }

    private static SsaOptions? ReadSsa(StrictObjectReader r, JsonObject root)
    {
        var obj = r.OptionalObject(root, "$", "ssa", "scaled-search parameters");
        if (obj is null) return SsaOptions.Default;
        r.RejectUnknownKeys(obj, "$.ssa", SsaKeys);
        var scales = r.OptionalIntArray(obj, "$.ssa", "scales", "pooling segment counts") ?? SsaOptions.Default.Scales;
        var weights = r.OptionalDoubleArray(obj, "$.ssa", "weights", "weight per scale") ?? SsaOptions.Default.Weights;
        var normalise = r.OptionalString(obj, "$.ssa", "normalise", "cosine or none") ?? "cosine";
        if (scales.Count == 0 || scales.Any(s => s < 1)) r.Error("$.ssa.scales", "a non-empty list of integers >= 1", string.Join(",", scales));
        if (weights.Count != scales.Count) r.Error("$.ssa.weights", $"{scales.Count} weights (one per scale)", $"{weights.Count}");
        if (normalise is not ("cosine" or "none")) r.Error("$.ssa.normalise", "\"cosine\" or \"none\"", $"\"{normalise}\"");
        return new SsaOptions(scales, weights, normalise == "cosine");
    }

    private static McSpec? ReadMc(StrictObjectReader r, JsonObject root)
    {
        var obj = r.RequiredObject(root, "$", "mc", "Monte-Carlo settings");
        if (obj is null) return null;
        r.RejectUnknownKeys(obj, "$.mc", McKeys);
        double? target = r.OptionalDouble(obj, "$.mc", "targetCiHalfWidth", "95% CI half-width of accuracy at which a point stops adding trials, in (0, 0.5]");
        int? minTrials = r.OptionalInt(obj, "$.mc", "minTrials", "first checkpoint and batch of adaptive trials");
        int? maxTrials = r.OptionalInt(obj, "$.mc", "maxTrials", "most trials per point with adaptive trials");
        bool racing = r.OptionalBool(obj, "$.mc", "racing", "true to race the design points (retire those beaten with confidence, docs/models.md#racing)") ?? false;
        double? errorRate = r.OptionalDouble(obj, "$.mc", "racingErrorRate", "racing: chance that a design is wrongly retired by a given cheaper one, in (0, 1)");
        double? tolerance = r.OptionalDouble(obj, "$.mc", "racingTolerance", "racing: accuracy difference treated as a tie, in [0, 1)");
        if (!racing && errorRate is not null) r.Error("$.mc.racingErrorRate", "racingErrorRate only with \"racing\": true", errorRate.Value.ToString(CultureInfo.InvariantCulture));
        if (!racing && tolerance is not null) r.Error("$.mc.racingTolerance", "racingTolerance only with \"racing\": true", tolerance.Value.ToString(CultureInfo.InvariantCulture));
        if (errorRate is double e && !(e > 0 && e < 1)) r.Error("$.mc.racingErrorRate", "a number in (0, 1)", e.ToString(CultureInfo.InvariantCulture));
        if (tolerance is double tol && !(tol >= 0 && tol < 1)) r.Error("$.mc.racingTolerance", "a number in [0, 1)", tol.ToString(CultureInfo.InvariantCulture));
        int? trials;
        if (target is null)
        {
            trials = r.RequiredInt(obj, "$.mc", "trials", "programmed chips per design point");
            if (minTrials is not null && !racing) r.Error("$.mc.minTrials", "minTrials only with mc.targetCiHalfWidth or mc.racing", $"{minTrials}");
            if (maxTrials is not null) r.Error("$.mc.maxTrials", "maxTrials only with mc.targetCiHalfWidth", $"{maxTrials}");
        }
        else
        {
            int? plain = r.OptionalInt(obj, "$.mc", "trials", "programmed chips per design point");
            if (plain is not null && maxTrials is not null) r.Error("$.mc.trials", "either trials or maxTrials with mc.targetCiHalfWidth (both mean the most trials)", "both");
            trials = maxTrials ?? plain;
            if (trials is null) r.Error("$.mc.maxTrials", "maxTrials (the most trials per point) with mc.targetCiHalfWidth", "none");
            if (!(target > 0 && target <= 0.5)) r.Error("$.mc.targetCiHalfWidth", "a number in (0, 0.5]", target.Value.ToString(CultureInfo.InvariantCulture));
            minTrials ??= Math.Min(8, trials ?? 8);
            if (trials != 0 && (minTrials < 2 || (trials is int max && minTrials > max)))
                r.Error("$.mc.minTrials", $"an integer in 2..{(trials is int m ? m : McSpec.TrialsRange.Max)} (at most maxTrials)", $"{minTrials}");
        }
        int queries = r.OptionalInt(obj, "$.mc", "queries", "number of synthetic queries") ?? 64;
        int seed = r.OptionalInt(obj, "$.mc", "seed", "sweep seed (integer >= 0)") ?? 1;
        double quantile = r.OptionalDouble(obj, "$.mc", "calibrationQuantile", "ADC calibration quantile in (0, 1]") ?? 0.999;
        int calQueries = r.OptionalInt(obj, "$.mc", "calibrationQueries", "queries in the ADC calibration batch") ?? 4;
        string arithmetic = r.OptionalString(obj, "$.mc", "arithmetic", "arithmetic of the crossbar MMMs, \"float\" or \"int8\"") ?? "float";
        if (arithmetic is not ("float" or "int8")) r.Error("$.mc.arithmetic", "\"float\" (the reference) or \"int8\" (8-bit fixed-point conductances)", $"\"{arithmetic}\"");
        if (racing && trials is int raced && raced < 2)
            r.Error(maxTrials is null ? "$.mc.trials" : "$.mc.maxTrials", "at least 2 trials with mc.racing (a race compares the spread of chips; 0 trials is a cost-only sweep)", $"{raced}");
        else if (racing && target is null)
        {
            minTrials ??= Math.Min(McSpec.RacingMinTrials, trials ?? McSpec.RacingMinTrials);
            if (minTrials < 2 || (trials is int max && minTrials > max))
                r.Error("$.mc.minTrials", $"an integer in 2..{(trials is int m ? m : McSpec.TrialsRange.Max)} (at most trials): the first rung of the race", $"{minTrials}");
        }
        if (target is not null && trials == 0)
            r.Error(maxTrials is null ? "$.mc.trials" : "$.mc.maxTrials", "at least 1 trial with mc.targetCiHalfWidth (0 trials is a cost-only sweep: no accuracy to adapt trials to; drop targetCiHalfWidth and minTrials)", "0");
        else if (trials is int n && !McSpec.TrialsRange.Contains(n))
            r.Error(maxTrials is null ? "$.mc.trials" : "$.mc.maxTrials", $"{McSpec.TrialsRange.Expected} (0: cost-only, no Monte Carlo)", $"{trials}");
        if (queries < 1) r.Error("$.mc.queries", "an integer >= 1", $"{queries}");
        if (seed < 0) r.Error("$.mc.seed", "an integer >= 0", $"{seed}");
        if (!(quantile > 0 && quantile <= 1)) r.Error("$.mc.calibrationQuantile", "a number in (0, 1]", quantile.ToString(CultureInfo.InvariantCulture));
        if (calQueries < 1) r.Error("$.mc.calibrationQueries", "an integer >= 1", $"{calQueries}");
        return trials is int t ? new McSpec(t, queries, (ulong)Math.Max(0, seed), quantile, calQueries) 
        {
            TargetCiHalfWidth = target, MinTrials = minTrials ?? 2, Arithmetic = arithmetic == "int8" ? MmmArithmetic.Int8 : MmmArithmetic.Float,
            Racing = racing ? new RacingSpec(errorRate ?? RacingSpec.Default.ErrorRate, tolerance ?? RacingSpec.Default.Tolerance) : null,
        } : null;
    }

    /// <summary>
    /// The <c>search</c> block, keys as <c>dse search</c>'s options, defaults <see cref="SearchSettings.Default"/>; errors for a cost-only
    /// sweep (the search verifies on the run's chips) and surrogate trials above <c>mc.trials</c>.
    /// </summary>
    private static SearchSettings? ReadSearch(StrictObjectReader r, JsonObject root, McSpec? mc)
    {
        const string at = "$.search";
        var obj = r.OptionalObject(root, "$", "search", "a search run on the run folder after the sweep");
        if (obj is null) return null;
        r.RejectUnknownKeys(obj, at, SearchKeys);
        string? kind = r.RequiredChoice(obj, at, "kind", [.. SearchSettings.Kinds], "search kind");
        var d = SearchSettings.Default;
        var bits = r.OptionalIntArray(obj, at, "adcBits", "candidate ADC resolutions per bit slice") ?? d.AdcBits;
        int steps = r.OptionalInt(obj, at, "epsilonSteps", "epsilons of each CP-SAT epsilon-constraint sweep") ?? d.EpsilonSteps;
        var objectives = r.OptionalStringArray(obj, at, "objectives", "what CP-SAT minimises") ?? d.Objectives;
        int? surrogateTrials = r.OptionalInt(obj, at, "surrogateTrials", "chips of the surrogate pass");
        int sample = r.OptionalInt(obj, at, "sample", "random assignments per base design also verified") ?? d.Sample;
        int seed = r.OptionalInt(obj, at, "seed", "CP-SAT random_seed and the sample's seed") ?? d.Seed;
        int workers = r.OptionalInt(obj, at, "workers", "CP-SAT num_workers") ?? d.Workers;
        double maxTimeS = r.OptionalDouble(obj, at, "maxTimeS", "CP-SAT time limit per solve, seconds") ?? d.MaxTimeS;

        if (mc?.CostOnly == true)
            r.Error(at, "no search in a cost-only sweep (mc.trials = 0, or --cost-only): the search verifies its designs on the run's chips; drop 'search' or set mc.trials >= 1", "a search block");
        if (bits.Count == 0) r.Error($"{at}.adcBits", "a non-empty list of ADC resolutions", "an empty list");
        for (int i = 0; i < bits.Count; i++)
            if (!AdcResolution.Bits.Contains(bits[i])) r.Error($"{at}.adcBits[{i}]", $"an ADC resolution in bits, {AdcResolution.Bits.Expected}", $"{bits[i]}");
        if (bits.Distinct().Count() != bits.Count) r.Error($"{at}.adcBits", "distinct ADC resolutions", string.Join(", ", bits));
        if (objectives.Count == 0) r.Error($"{at}.objectives", "one or both of \"energy\", \"area\"", "an empty list");
        for (int i = 0; i < objectives.Count; i++)
            if (!SearchSettings.ObjectiveNames.Contains(objectives[i]))
                r.Error($"{at}.objectives[{i}]", "what CP-SAT minimises: " + NameSuggester.ListWithSuggestion(objectives[i], [.. SearchSettings.ObjectiveNames]), $"\"{objectives[i]}\"");
        if (objectives.Distinct().Count() != objectives.Count) r.Error($"{at}.objectives", "distinct objectives", string.Join(", ", objectives));
        if (steps < 2) r.Error($"{at}.epsilonSteps", "an integer >= 2", $"{steps}");
        int surrogate = surrogateTrials ?? d.SurrogateTrials;
        if (mc is { CostOnly: false } && (surrogate < 1 || surrogate > mc.Trials))
            r.Error($"{at}.surrogateTrials", $"an integer in 1..{mc.Trials} (at most mc.trials: the surrogate pass runs on the run's first chips)",
                surrogateTrials is null ? $"none, and the default {d.SurrogateTrials} is above mc.trials" : $"{surrogate}");
        if (sample < 0) r.Error($"{at}.sample", "an integer >= 0", $"{sample}");
        if (seed < 0) r.Error($"{at}.seed", "an integer >= 0", $"{seed}");
        if (workers < 1) r.Error($"{at}.workers", "an integer >= 1", $"{workers}");
        if (!(maxTimeS > 0)) r.Error($"{at}.maxTimeS", "a positive number of seconds", maxTimeS.ToString(CultureInfo.InvariantCulture));
        return kind is null ? null : new SearchSettings(bits, steps, objectives, surrogate, sample, seed, workers, maxTimeS);
    }

    /// <summary>The full path of <paramref name="value"/> (relative to the sweep file); an error when it does not exist.</summary>
    private static string ExistingPath(StrictObjectReader r, string baseDir, string at, string value, string what, bool directoryOk)
    {
        string full = Path.GetFullPath(Path.Combine(baseDir, value));
        if (Directory.Exists(full) && !directoryOk) r.Error(at, $"{what} (relative to the sweep file)", $"\"{value}\" (a directory)");
        else if (!File.Exists(full) && !Directory.Exists(full)) r.Error(at, $"{what} (relative to the sweep file)", $"\"{value}\" (no such file)");
        return full;
    }

    private static void RejectMcQueries(StrictObjectReader r, JsonObject root, string kind, string instead)
    {
        if (root["mc"] is JsonObject mc && mc.ContainsKey("queries"))
            r.Error("$.mc.queries", $"no 'queries' for a {kind} workload (the count comes from {instead})", "a query count");
    }

    private static WorkloadSpec? ReadWorkload(StrictObjectReader r, JsonObject root, string baseDir)
    {
        var obj = r.RequiredObject(root, "$", "workload", "the workload (synthetic, peft, text or tensors)");
        if (obj is null) return null;
        string? kind = r.RequiredChoice(obj, "$.workload", "kind", ["synthetic", "peft", "text", "tensors"], "workload kind");
        WorkloadSpec? workload = kind switch
        {
            "synthetic" => ReadSynthetic(r, obj),
            "peft" => ReadPeft(r, root, obj, baseDir),
            "text" => ReadText(r, root, obj, baseDir),
            "tensors" => ReadTensors(r, root, obj, baseDir),
            _ => null,
        };
        string? scores = r.OptionalString(obj, At, "taskScores", "a task-score matrix S[true OVT, served OVT] (.csv or .npy, docs/sweep-files.md#task-scores)");
        if (scores is null || workload is null) return workload;
        string full = ExistingPath(r, baseDir, $"{At}.taskScores", scores, "a task-score matrix (.csv or .npy)", directoryOk: false);
        if (!(full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)))
            r.Error($"{At}.taskScores", "a .csv or .npy file", $"\"{scores}\"");
        return workload with { TaskScores = full };
    }

    private const string At = "$.workload";

    private static SyntheticWorkloadSpec? ReadSynthetic(StrictObjectReader r, JsonObject obj)
    {
        const string at = At;
        r.RejectUnknownKeys(obj, at, SyntheticKeys);
        int? prompts = r.RequiredInt(obj, at, "prompts", "number of OVTs");
        int? dim = r.RequiredInt(obj, at, "dim", "embedding width d");
        string? regime = r.RequiredChoice(obj, at, "regime", [.. SyntheticRegimes.Names.Select(n => n.Name)], "value regime");
        int m = r.OptionalInt(obj, at, "queryTokens", "tokens per query") ?? 8;
        double? shift = r.OptionalDouble(obj, at, "domainShift", "query domain shift >= 0");
        if (prompts is int n && !PromptStore.OvtCountRange.Contains(n)) r.Error($"{at}.prompts", PromptStore.OvtCountRange.Expected, $"{prompts}");
        if (dim is int w && !PromptStore.DimRange.Contains(w)) r.Error($"{at}.dim", PromptStore.DimRange.Expected, $"{dim}");
        if (m < 1) r.Error($"{at}.queryTokens", "an integer >= 1", $"{m}");
        if (shift < 0) r.Error($"{at}.domainShift", "a number >= 0", $"{shift}");
        return prompts is int p && dim is int d && ValueNames.ValueOf(SyntheticRegimes.Names, regime) is { } regimeValue
            ? new SyntheticWorkloadSpec(p, d, regimeValue, m, shift) : null;
    }

    private static PeftWorkloadSpec? ReadPeft(StrictObjectReader r, JsonObject root, JsonObject obj, string baseDir)
    {
        const string at = At;
        r.RejectUnknownKeys(obj, at, PeftKeys);
        var adapters = r.RequiredStringArray(obj, at, "adapters", "adapter directories or .safetensors files");
        int m = r.OptionalInt(obj, at, "queryTokens", "tokens per query") ?? 8;
        double noise = r.OptionalDouble(obj, at, "queryNoise", "query noise relative to the OVT's RMS") ?? 0.3;
        int perPrompt = r.OptionalInt(obj, at, "queriesPerPrompt", "queries per stored OVT") ?? 16;
        if (adapters is { Count: < 2 }) r.Error($"{at}.adapters", "at least two adapters (a store to search)", $"{adapters.Count}");
        if (m < 1) r.Error($"{at}.queryTokens", "an integer >= 1", $"{m}");
        if (noise < 0) r.Error($"{at}.queryNoise", "a number >= 0", noise.ToString(CultureInfo.InvariantCulture));
        if (perPrompt < 1) r.Error($"{at}.queriesPerPrompt", "an integer >= 1", $"{perPrompt}");
        if (root["mc"] is JsonObject mc && mc.ContainsKey("queries"))
            r.Error("$.mc.queries", "no 'queries' for a peft workload (use workload.queriesPerPrompt)", "a query count");
        if (adapters is null) return null;
        var paths = new List<string>();
        for (int i = 0; i < adapters.Count; i++)
        {
            string full = Path.GetFullPath(Path.Combine(baseDir, adapters[i]));
            if (!File.Exists(full) && !Directory.Exists(full))
                r.Error($"{at}.adapters[{i}]", "an existing adapter directory or .safetensors file (relative to the sweep file)", $"\"{adapters[i]}\" (no such file)");
            paths.Add(full);
        }
        return new PeftWorkloadSpec(paths, m, noise, perPrompt);
    }

    private static TextWorkloadSpec? ReadText(StrictObjectReader r, JsonObject root, JsonObject obj, string baseDir)
    {
        const string at = At;
        r.RejectUnknownKeys(obj, at, TextKeys);
        var domains = r.RequiredStringArray(obj, at, "domains", "domain folders or text files");
        string? vectors = r.RequiredString(obj, at, "vectors", "word vectors in GloVe text format");
        int buffer = r.OptionalInt(obj, at, "bufferSize", "samples per domain for representative selection") ?? 25;
        int perDomain = r.OptionalInt(obj, at, "queriesPerDomain", "held-out query samples per domain") ?? 20;
        int? m = r.OptionalInt(obj, at, "queryTokens", "cap on a query's words");
        if (domains is { Count: < 2 }) r.Error($"{at}.domains", "at least two domains (a store to search)", $"{domains.Count}");
        if (buffer < 1) r.Error($"{at}.bufferSize", "an integer >= 1", $"{buffer}");
        if (perDomain < 1) r.Error($"{at}.queriesPerDomain", "an integer >= 1", $"{perDomain}");
        if (m < 1) r.Error($"{at}.queryTokens", "an integer >= 1", $"{m}");
        RejectMcQueries(r, root, "text", "workload.queriesPerDomain");
        var paths = domains?.Select((d, i) => ExistingPath(r, baseDir, $"{at}.domains[{i}]", d, "a domain folder or text file", directoryOk: true)).ToArray();
        string? vectorsPath = vectors is null ? null : ExistingPath(r, baseDir, $"{at}.vectors", vectors, "a GloVe text file", directoryOk: false);
        return paths is not null && vectorsPath is not null ? new TextWorkloadSpec(paths, vectorsPath, buffer, perDomain, m) : null;
    }

    private static TensorsWorkloadSpec? ReadTensors(StrictObjectReader r, JsonObject root, JsonObject obj, string baseDir)
    {
        const string at = At;
        r.RejectUnknownKeys(obj, at, TensorsKeys);
        string? store = r.RequiredString(obj, at, "store", "store tensor [N, n, d] (.npy or .safetensors)");
        string? queries = r.RequiredString(obj, at, "queries", "query tensor [Q, m, d] (.npy or .safetensors)");
        string? labels = r.OptionalString(obj, at, "labels", "label vector [Q] (.npy or .safetensors)");
        RejectMcQueries(r, root, "tensors", "the queries file");
        const string what = "a .npy or .safetensors file";
        string? storePath = store is null ? null : ExistingPath(r, baseDir, $"{at}.store", store, what, directoryOk: false);
        string? queriesPath = queries is null ? null : ExistingPath(r, baseDir, $"{at}.queries", queries, what, directoryOk: false);
        string? labelsPath = labels is null ? null : ExistingPath(r, baseDir, $"{at}.labels", labels, what, directoryOk: false);
        return storePath is not null && queriesPath is not null ? new TensorsWorkloadSpec(storePath, queriesPath, labelsPath) : null;
    }
}
