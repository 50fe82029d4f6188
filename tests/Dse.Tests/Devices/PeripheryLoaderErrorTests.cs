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

    /// <summary>The 1-based line of the first occurrence of <paramref name="text"/> in <paramref name="file"/>.</summary>
    private static int LineOf(string file, string text) =>
        File.ReadAllText(file).Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text, StringComparison.Ordinal)).i + 1;

    /// <summary>The shipped file with one edit, written to a new folder; its path.</summary>
    private static string Edited(Func<string, string> edit)
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "22nm.json");
        File.WriteAllText(path, edit(File.ReadAllText(Shipped)));
        return path;
    }

    [Fact]
    public void ReadCircuit_ShippedValues_Load()
    {
        var c = PeripheryLoader.Load(Shipped).ReadCircuit;
        Assert.Equal(new ReadCircuitModel(null, UnselectedBitlines.Floating, SwitchSizing.Load, 0.25, SenseNode.Passive, 100, 5.4e-14, 9.2696e-12, 5.9227e-14, 8.7906e-12), c);
    }

    [Fact]
    public void ReadCircuit_RowsPerRead_IsACountOrAll()
    {
        Assert.Null(PeripheryLoader.Load(Shipped).ReadCircuit.RowsPerRead);
        var p = PeripheryLoader.Load(Edited(t => t.Replace("\"rowsPerRead\": \"all\"", "\"rowsPerRead\": 64")));
        Assert.Equal(64, p.ReadCircuit.RowsPerRead);
    }

    /// <summary>One bad value per case: the error names the file, the JSON path and the line of the value.</summary>
    [Theory]
    // unknown key, with the nearest spelling
    [InlineData("\"clampLoopGain\": 100,", "\"clampLoopGian\": 100,", "$.readCircuit.clampLoopGian", "did you mean 'clampLoopGain'?")]
    // wrong types
    [InlineData("\"rowsPerRead\": \"all\"", "\"rowsPerRead\": \"most\"", "$.readCircuit.rowsPerRead", "\"all\"")]
    [InlineData("\"rowsPerRead\": \"all\"", "\"rowsPerRead\": 12.5", "$.readCircuit.rowsPerRead", "an integer")]
    [InlineData("\"switchLoadTolerance\": 0.25", "\"switchLoadTolerance\": \"0.25\"", "$.readCircuit.switchLoadTolerance", "a finite number")]
    [InlineData("\"senseNode\": \"passive\"", "\"senseNode\": true", "$.readCircuit.senseNode", "")]
    [InlineData("\"switchSizing\": \"load\"", "\"switchSizing\": \"loaded\"", "$.readCircuit.switchSizing", "did you mean 'load'?")]
    [InlineData("\"unselectedBitlines\": \"floating\"", "\"unselectedBitlines\": \"open\"", "$.readCircuit.unselectedBitlines", "floating")]
    // out of range
    [InlineData("\"rowsPerRead\": \"all\"", "\"rowsPerRead\": 0", "$.readCircuit.rowsPerRead", ">= 1")]
    [InlineData("\"switchLoadTolerance\": 0.25", "\"switchLoadTolerance\": 0", "$.readCircuit.switchLoadTolerance", "(0, 10]")]
    [InlineData("\"switchLoadTolerance\": 0.25", "\"switchLoadTolerance\": 10.5", "$.readCircuit.switchLoadTolerance", "(0, 10]")]
    [InlineData("\"clampLoopGain\": 100,", "\"clampLoopGain\": 0.5,", "$.readCircuit.clampLoopGain", ">= 1")]
    [InlineData("\"clampEnergyJPerConversion\": 5.4e-14", "\"clampEnergyJPerConversion\": -5.4e-14", "$.readCircuit.clampEnergyJPerConversion", ">= 0")]
    [InlineData("\"clampAreaM2\": 9.2696e-12", "\"clampAreaM2\": -1e-12", "$.readCircuit.clampAreaM2", ">= 0")]
    [InlineData("\"gainTrimEnergyJPerConversion\": 5.9227e-14", "\"gainTrimEnergyJPerConversion\": -1", "$.readCircuit.gainTrimEnergyJPerConversion", ">= 0")]
    [InlineData("\"gainTrimAreaM2PerColumn\": 8.7906e-12", "\"gainTrimAreaM2PerColumn\": -1", "$.readCircuit.gainTrimAreaM2PerColumn", ">= 0")]
    public void ReadCircuit_BadValue_NamesFilePathAndLine(string original, string replacement, string path, string expected)
    {
        Assert.Contains(original, File.ReadAllText(Shipped));
        string file = Edited(t => t.Replace(original, replacement));
        var ex = Assert.Throws<InputException>(() => PeripheryLoader.Load(file));
        var e = Assert.Single(ex.Errors, e => e.Path == path);
        Assert.Equal(file, e.File);
        Assert.Equal(LineOf(file, replacement), e.Line);
        Assert.Contains(expected, e.Expected);
    }

    [Fact]
    public void ReadCircuit_IsRequired_AndChoicesMayHaveSources()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Shipped))!.AsObject();
        Assert.NotNull(root["sources"]!["readCircuit.switchSizing"]);
        root.Remove("readCircuit");
        string path = Path.Combine(TestPaths.NewTempDir(), "22nm.json");
        File.WriteAllText(path, root.ToJsonString());
        var ex = Assert.Throws<InputException>(() => PeripheryLoader.Load(path));
        Assert.Contains(ex.Errors, e => e.Path == "$.readCircuit");
        // The sources of the removed block's values are now sources of nothing.
        Assert.Contains(ex.Errors, e => e.Path == "$.sources['readCircuit.rowsPerRead']");
    }
}
