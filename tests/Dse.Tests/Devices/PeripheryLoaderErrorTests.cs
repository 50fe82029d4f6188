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
            .Replace("\"muxEnergyJ\"", "\"muxEnergyJJ\"")
            .Replace("\"clockHz\": 1e9", "\"clockHz\": -1e9"));
        Assert.Contains(ex.Errors, e => e.Path == "$.digital.muxEnergyJJ" && e.Expected.Contains("did you mean 'muxEnergyJ'?"));
        Assert.Contains(ex.Errors, e => e.Path == "$.digital.muxEnergyJ");
        var clock = Assert.Single(ex.Errors, e => e.Path == "$.clockHz");
        Assert.Equal(8, clock.Line);
    }

    [Fact]
    public void Unknown_adc_model_lists_valid_models()
    {
        var ex = LoadEdited(t => t.Replace("\"neurosimSar\": {", "\"neurosimSAR\": {"));
        Assert.Contains(ex.Errors, e => e.Path == "$.adcModels.neurosimSAR" && e.Expected.Contains("did you mean 'neurosimSar'?"));
        Assert.Contains(ex.Errors, e => e.Path == "$.adcModels.neurosimSar" && e.Expected.Contains("key 'neurosimSar'"));
    }

    [Fact]
    public void Unknown_periphery_name_suggests_the_nearest()
    {
        var ex = Assert.Throws<InputException>(() =>
            PeripheryLoader.Resolve("22m", Path.Combine(TestPaths.DeviceModels, "periphery"), null));
        Assert.Contains("did you mean '22nm'?", ex.Errors[0].Expected);
    }
}
