using System.Text.Json.Nodes;

namespace Dse.Tests.Shared;

/// <summary>Small sweep files written to temporary folders.</summary>
public static class TestSweeps
{
    /// <summary>A tiny synthetic sweep that runs in well under a second.</summary>
    public static JsonObject TinySynthetic() => new()
    {
        ["name"] = "tiny",
        ["devices"] = new JsonArray("rram1", "fefet6"),
        ["crossbar"] = new JsonArray("32x32", "64x64"),
        ["cellBits"] = new JsonArray(1, 2),
        ["adcBits"] = new JsonArray(4, 8),
        ["virtualTokens"] = new JsonArray(4, 8),
        ["sigmaScale"] = new JsonArray(1),
        ["workload"] = new JsonObject { ["kind"] = "synthetic", ["prompts"] = 6, ["dim"] = 64, ["regime"] = "randomInit", ["queryTokens"] = 4 },
        ["mc"] = new JsonObject { ["trials"] = 4, ["queries"] = 24, ["seed"] = 7 },
    };

    /// <summary><see cref="TinySynthetic"/> with points far apart in accuracy (3- to 8-bit ADCs) and in cost, 8 trials from 2 chips, so
    /// a race (add <c>mc.racing</c>) retires some at its first rungs.</summary>
    public static JsonObject Raceable()
    {
        var sweep = TinySynthetic();
        sweep["adcBits"] = new JsonArray(3, 4, 8);
        sweep["mc"] = new JsonObject { ["trials"] = 8, ["queries"] = 24, ["seed"] = 7, ["minTrials"] = 2 };
        return sweep;
    }

    /// <summary>Prepares <paramref name="spec"/> with this checkout's device library (the spec is read again with its models).</summary>
    public static Dse.Exploration.PreparedSweep Prepare(Dse.Exploration.SweepSpec spec)
        => Dse.Exploration.PreparedSweep.From(Dse.Exploration.SweepSpecLoader.Parse(spec.SourceFile, spec.Json.ToJsonString(), spec.BaseDir, null, TestPaths.Library));

    /// <summary>
    /// A copy of the shipped 22 nm periphery without comparator offset and noise (ideal converters), for tests of the lossless
    /// bound; returns its path (use it as the sweep's <c>periphery</c>).
    /// </summary>
    public static string IdealComparatorPeriphery()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DeviceModels, "periphery", "22nm.json")))!.AsObject();
        json.Remove("adcNonidealities");
        foreach (var key in json["sources"]!.AsObject().Select(kv => kv.Key).Where(k => k.StartsWith("adcNonidealities.", StringComparison.Ordinal)).ToList())
            json["sources"]!.AsObject().Remove(key);
        json["$schema"] = Path.Combine(TestPaths.DeviceModels, "schema", "periphery.schema.json");
        var path = Path.Combine(TestPaths.NewTempDir(), "22nm.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    /// <summary>Writes <paramref name="sweep"/> to <c>DIR/NAME.json</c> in a new temporary folder; returns the path.</summary>
    public static string Write(JsonObject sweep, string fileName = "sweep.json")
    {
        var path = Path.Combine(TestPaths.NewTempDir(), fileName);
        File.WriteAllText(path, sweep.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>The five real t5-base SQuAD soft prompts (n = 1, 5, 10, 20, 50; d = 768) of ../shared/data.</summary>
    public static string[] T5BasePrompts() =>
        new[] { 1, 5, 10, 20, 50 }.Select(n => Path.Combine(TestPaths.SharedData, "prompts", "squad-t5", $"SQuAD_t5-base_n{n}.safetensors")).ToArray();
}
