using System.Text.Json.Nodes;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Tests.Shared;

namespace Dse.Tests.Devices;

/// <summary>The optional device key <c>gCeilingS</c> and the optional periphery block <c>adcNonidealities</c>.</summary>
public class AdcAndCeilingLoaderTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    private string Write(string name, JsonNode json)
    {
        string path = Path.Combine(_dir, name + ".json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private static JsonObject Shipped(params string[] path)
        => JsonNode.Parse(File.ReadAllText(Path.Combine([TestPaths.DeviceModels, .. path])))!.AsObject();

    [Fact]
    public void Device_ceiling_is_optional_sourced_and_at_least_gmax()
    {
        var json = Shipped("fefet2.json");
        Assert.Null(DeviceLoader.Load(Write("fefet2", json)).GCeilingS);

        json["gCeilingS"] = 5e-6;
        json["sources"]!["gCeilingS"] = "test value";
        Assert.Equal(5e-6, DeviceLoader.Load(Write("fefet2", json)).GCeilingS);

        json["gCeilingS"] = 1e-6;   // below gMaxS = 4.17e-6 S
        var error = Assert.Throws<InputException>(() => DeviceLoader.Load(Write("fefet2", json)));
        Assert.Contains(error.Errors, e => e.Path == "$.gCeilingS" && e.Expected.Contains("gMaxS"));

        json["gCeilingS"] = 5e-6;
        json["sources"]!.AsObject().Remove("gCeilingS");
        error = Assert.Throws<InputException>(() => DeviceLoader.Load(Write("fefet2", json)));
        Assert.Contains(error.Errors, e => e.Path!.Contains("gCeilingS"));
    }

    [Fact]
    public void Periphery_adc_nonidealities_are_read_per_model_and_absent_means_ideal()
    {
        var shipped = ShippedModels.Periphery;
        Assert.Equal(new AdcNonideality(0.5, 0.289), shipped.AdcNonidealityOf(AdcModelSet.NeurosimSarName));

        var json = Shipped("periphery", "22nm.json");
        json["adcNonidealities"]!.AsObject().Remove("flash");
        foreach (var key in new[] { "offsetSigmaLsb", "noiseSigmaLsb" }) json["sources"]!.AsObject().Remove($"adcNonidealities.flash.{key}");
        var partial = PeripheryLoader.Load(Write("22nm", json));
        Assert.Equal(AdcNonideality.Ideal, partial.AdcNonidealityOf("flash"));
        Assert.Equal(new AdcNonideality(0.5, 0.289), partial.AdcNonidealityOf("survey"));

        json["adcNonidealities"]!["survey"]!["noiseSigmaLsb"] = -0.1;
        json["adcNonidealities"]!["sar"] = new JsonObject();
        var error = Assert.Throws<InputException>(() => PeripheryLoader.Load(Write("22nm", json)));
        Assert.Contains(error.Errors, e => e.Path == "$.adcNonidealities.survey.noiseSigmaLsb" && e.Expected.Contains(">= 0"));
        Assert.Contains(error.Errors, e => e.Path!.StartsWith("$.adcNonidealities") && e.Found.Contains("sar"));
    }
}
