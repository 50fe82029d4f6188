using Dse.Devices;
using Dse.Diagnostics;
using Dse.Tests.Shared;

namespace Dse.Tests.Devices;

public class PeripheryLoaderErrorTests
{
    private static string Shipped => Path.Combine(TestPaths.DeviceModels, "periphery", "22nm.json");

    private static InputException LoadEdited(Func<string, string> edit)
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "22nm.json");
        File.WriteAllText(path, edit(File.ReadAllText(Shipped)));
        return Assert.Throws<InputException>(() => PeripheryLoader.Load(path));
    }

    [Fact]
    public void Unknown_digital_key_missing_key_and_bad_value_are_reported_together()
    {
        var ex = LoadEdited(t => t
            .Replace("\"muxEnergyJPerConversion\"", "\"muxEnergyJPerConversio\"")
            .Replace("\"clockHz\": 1e9", "\"clockHz\": -1e9"));
        Assert.Contains(ex.Errors, e => e.Path == "$.digital.muxEnergyJPerConversio" && e.Expected.Contains("did you mean 'muxEnergyJPerConversion'?"));
        Assert.Contains(ex.Errors, e => e.Path == "$.digital.muxEnergyJPerConversion");
        var clock = Assert.Single(ex.Errors, e => e.Path == "$.clockHz");
        Assert.Equal(8, clock.Line);
    }

    [Fact]
    public void Unknown_adc_model_lists_valid_models()
    {
        var ex = LoadEdited(t => t.Replace("\"neurosimSar\": {", "\"neurosimSAR\": {"));
        Assert.Contains(ex.Errors, e => e.Path == "$.adcModels.neurosimSAR" && e.Expected.Contains("did you mean 'neurosimSar'?"));
    }

    [Fact]
    public void Adc_blocks_are_optional_but_checked_when_present()
    {
        // A periphery without the survey block loads; a model it lacks is refused by name.
        string path = Path.Combine(TestPaths.NewTempDir(), "22nm.json");
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Shipped))!.AsObject();
        root["adcModels"]!.AsObject().Remove("survey");
        foreach (var key in root["sources"]!.AsObject().Select(kv => kv.Key).Where(k => k.StartsWith("adcModels.survey.", StringComparison.Ordinal)).ToList())
            root["sources"]!.AsObject().Remove(key);
        File.WriteAllText(path, root.ToJsonString());
        var p = PeripheryLoader.Load(path);
        Assert.DoesNotContain("survey", p.Adc.Models.Keys);
        Assert.Contains("neurosimSar", Assert.Throws<ArgumentOutOfRangeException>(() => p.Adc.Get("survey")).Message);

        var bad = LoadEdited(t => t.Replace("\"gateCapNF\": 5.8296e-17", "\"gateCapNF\": -1"));
        Assert.Contains(bad.Errors, e => e.Path == "$.adcModels.flash.gateCapNF");
    }

    [Fact]
    public void Access_resistance_needs_every_device_kind()
    {
        var ex = LoadEdited(t => t.Replace("\"mram\": 0.25,", ""));
        Assert.Contains(ex.Errors, e => e.Path == "$.array.accessResistanceOverRon.mram");
    }

    [Fact]
    public void Unknown_periphery_name_suggests_the_nearest()
    {
        var ex = Assert.Throws<InputException>(() =>
            PeripheryLoader.Resolve("22m", Path.Combine(TestPaths.DeviceModels, "periphery"), null));
        Assert.Contains("did you mean '22nm'?", ex.Errors[0].Expected);
    }
}
