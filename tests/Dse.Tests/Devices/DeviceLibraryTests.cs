using System.Text.Json.Nodes;
using Dse.Devices;
using Dse.Tests.Shared;

namespace Dse.Tests.Devices;

/// <summary>The shipped device-models/ files load and match DESIGN section 11.</summary>
public class DeviceLibraryTests
{
    public static TheoryData<string> DeviceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.DeviceModels, "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(DeviceFiles))]
    public void Every_shipped_device_loads_and_names_its_schema(string file)
    {
        string path = Path.Combine(TestPaths.DeviceModels, file);
        var device = DeviceLoader.Load(path);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), device.Name);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal("./schema/device.schema.json", (string?)root["$schema"]);
        Assert.True(File.Exists(Path.Combine(TestPaths.DeviceModels, "schema", "device.schema.json")));
    }

    [Fact]
    public void The_five_NVCiM_PT_settings_are_shipped()
    {
        var names = Directory.GetFiles(TestPaths.DeviceModels, "*.json").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Superset(names!, new HashSet<string?> { "rram1", "fefet2", "fefet3", "rram4", "fefet6" });
    }

    [Theory]
    [InlineData("rram1", 0.0100, 0.0100, 0.0100, 0.0100)]
    [InlineData("fefet2", 0.0067, 0.0135, 0.0135, 0.0067)]
    [InlineData("fefet3", 0.0049, 0.0146, 0.0146, 0.0049)]
    [InlineData("rram4", 0.0038, 0.0151, 0.0151, 0.0038)]
    [InlineData("fefet6", 0.0026, 0.0155, 0.0155, 0.0026)]
    public void Per_level_sigmas_match_DESIGN(string name, double s0, double s1, double s2, double s3)
    {
        var d = DeviceLoader.Resolve(name, TestPaths.DeviceModels, null);
        var v = Assert.IsType<PerLevelVariation>(d.Variation);
        Assert.Equal([s0, s1, s2, s3], v.SigmaPerLevel);
        Assert.Equal(4, d.Levels);
        Assert.Equal(2, d.MaxBitsPerCell);
    }

    [Theory]
    [InlineData("rram1")]
    [InlineData("rram4")]
    public void Rram_settings_use_NeuroSim_default_RRAM(string name)
    {
        var d = DeviceLoader.Resolve(name, TestPaths.DeviceModels, null);
        Assert.Equal("rram", d.Kind);
        Assert.Equal(1e-5, d.GMaxS, 1e-18);                  // Ron 100 kOhm
        Assert.Equal(1 / 1.7e6, d.GMinS, 1e-18);             // Roff 1.7 MOhm
        Assert.Equal(48, d.CellAreaF2);
    }

    [Theory]
    [InlineData("fefet2")]
    [InlineData("fefet3")]
    [InlineData("fefet6")]
    public void Fefet_settings_use_NeuroSim_FeFET(string name)
    {
        var d = DeviceLoader.Resolve(name, TestPaths.DeviceModels, null);
        Assert.Equal("fefet", d.Kind);
        Assert.Equal(1 / 240e3, d.GMaxS, 1e-18);             // Ron 240 kOhm
        Assert.Equal(100, d.GMaxS / d.GMinS, 1e-9);          // ON/OFF 100
        Assert.Equal(24, d.CellAreaF2);
    }

    [Fact]
    public void Sigma_range_matches_RoCR_table_2()
    {
        var all = new[] { "rram1", "fefet2", "fefet3", "rram4", "fefet6" }
            .SelectMany(n => ((PerLevelVariation)DeviceLoader.Resolve(n, TestPaths.DeviceModels, null).Variation).SigmaPerLevel)
            .ToList();
        Assert.Equal(0.0026, all.Min());
        Assert.Equal(0.0155, all.Max());
    }

    [Fact]
    public void Four_level_device_at_one_bit_uses_levels_0_and_3()
    {
        var d = DeviceLoader.Resolve("rram1", TestPaths.DeviceModels, null);
        Assert.Equal(0, d.NativeLevel(0, 1));
        Assert.Equal(3, d.NativeLevel(1, 1));
        Assert.Equal([0, 1, 2, 3], Enumerable.Range(0, 4).Select(l => d.NativeLevel(l, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.NativeLevel(0, 3));
    }

    [Fact]
    public void Shipped_periphery_loads_with_DESIGN_values()
    {
        var p = PeripheryLoader.Resolve("22nm", Path.Combine(TestPaths.DeviceModels, "periphery"), null);
        Assert.Equal(22e-9, p.FeatureSizeM);
        Assert.Equal(1e9, p.ClockHz);
        Assert.Equal(0.55, p.ReadVoltageV);
        Assert.Equal(10e-9, p.ReadPulseS);
        Assert.Equal(2e-10, p.WireCapacitanceFPerM);   // 0.2 fF/um
        Assert.Equal(8, p.ColsPerAdc);
        Assert.Equal(new NeurosimSarAdc(0.538e-6, 4.3753e-6, 0.072341, 0.5, 1e-9, 0.102995, 296, 182), p.Adc.NeurosimSar);
        Assert.InRange(p.SupplyVoltageV, 0.8, 0.85);
        var root = JsonNode.Parse(File.ReadAllText(p.SourceFile))!.AsObject();
        Assert.Equal("../schema/periphery.schema.json", (string?)root["$schema"]);
    }

    [Fact]
    public void Neurosim_sar_area_fit_equals_its_transistor_count_form()
    {
        // 0.102995 (296 + 182 B) um^2 == T ((269 + 109 (B-1)) + (209 + 73 (B-1))), T = 28 F x 7.6 F at F = 22 nm.
        var p = PeripheryLoader.Resolve("22nm", Path.Combine(TestPaths.DeviceModels, "periphery"), null);
        double t = 28 * 7.6 * 22e-3 * 22e-3;   // um^2
        Assert.Equal(p.Adc.NeurosimSar.AreaScale, t, 1e-6);
        for (int b = 1; b <= 8; b++)
            Assert.Equal(p.Adc.NeurosimSar.AreaOffsetUm2 + p.Adc.NeurosimSar.AreaPerBitUm2 * b, 269 + 109 * (b - 1) + 209 + 73 * (b - 1));
    }

    [Fact]
    public void FindDeviceModelsDir_walks_up_from_bin()
    {
        string found = DeviceLoader.FindDeviceModelsDir(AppContext.BaseDirectory);
        Assert.Equal(Path.GetFullPath(TestPaths.DeviceModels), found);
    }
}
