using System.Text.Json.Nodes;
using Dse.Devices;
using Dse.Tests.Shared;

namespace Dse.Tests.Devices;

/// <summary>The shipped device-models/ files load and match see docs/device-files.md#shipped-devices.</summary>
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
        Assert.Superset(new HashSet<string?> { "rram1", "fefet2", "fefet3", "rram4", "fefet6" }, names!);
    }

    /// <summary>
    /// The files hold NVCiM-PT's nominal global sigma 0.1: the published per-level sigmas (shapes normalised to RRAM1's 0.01) times 10,
    /// the spread a sweep simulates at its default sigmaScale 1.
    /// </summary>
    [Theory]
    [InlineData("rram1", 0.0100, 0.0100, 0.0100, 0.0100)]
    [InlineData("fefet2", 0.0067, 0.0135, 0.0135, 0.0067)]
    [InlineData("fefet3", 0.0049, 0.0146, 0.0146, 0.0049)]
    [InlineData("rram4", 0.0038, 0.0151, 0.0151, 0.0038)]
    [InlineData("fefet6", 0.0026, 0.0155, 0.0155, 0.0026)]
    public void Per_level_sigmas_are_the_published_settings_at_the_nominal_global_sigma(string name, double s0, double s1, double s2, double s3)
    {
        var d = DeviceLoader.Resolve(name, TestPaths.DeviceModels, null);
        var v = Assert.IsType<PerLevelVariation>(d.Variation);
        Assert.Equal(4, v.SigmaPerLevel.Count);
        double[] published = [s0, s1, s2, s3];
        for (int k = 0; k < 4; k++) Assert.Equal(10 * published[k], v.SigmaPerLevel[k], 1e-15);
        Assert.Contains("0.1 / 0.01 = 10", d.Sources["variation.sigmaPerLevel"]);
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

    /// <summary>RoCR's range 0.0026-0.0155, at the nominal global sigma 0.1 (x 10).</summary>
    [Fact]
    public void Sigma_range_matches_RoCR_table_2()
    {
        var all = new[] { "rram1", "fefet2", "fefet3", "rram4", "fefet6" }
            .SelectMany(n => ((PerLevelVariation)DeviceLoader.Resolve(n, TestPaths.DeviceModels, null).Variation).SigmaPerLevel)
            .ToList();
        Assert.Equal(0.026, all.Min());
        Assert.Equal(0.155, all.Max());
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
    public void Shipped_periphery_loads_with_its_sourced_values()
    {
        var p = PeripheryLoader.Resolve("22nm", Path.Combine(TestPaths.DeviceModels, "periphery"), null);
        Assert.Equal(22e-9, p.FeatureSizeM);
        Assert.Equal(1e9, p.ClockHz);
        Assert.Equal(0.55, p.ReadVoltageV);
        Assert.Equal(10e-9, p.ReadPulseS);
        Assert.Equal(2e-10, p.WireCapacitanceFPerM);   // 0.2 fF/um
        Assert.Equal(8, p.ColsPerAdc);
        Assert.Equal(new NeurosimSarAdc(0.538e-6, 4.3753e-6, 0.072341, 0.5, 1e-9, 0.102995, 296, 182), p.Adc.Get("neurosimSar"));
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
        var sar = (NeurosimSarAdc)p.Adc.Get("neurosimSar");
        Assert.Equal(sar.AreaScale, t, 1e-6);
        for (int b = 1; b <= 8; b++)
            Assert.Equal(sar.AreaOffsetUm2 + sar.AreaPerBitUm2 * b, 269 + 109 * (b - 1) + 209 + 73 * (b - 1));
    }

    [Fact]
    public void FindDeviceModelsDir_walks_up_from_a_folder_inside_the_checkout()
    {
        string found = DeviceLoader.FindDeviceModelsDir(Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests"));
        Assert.Equal(Path.GetFullPath(TestPaths.DeviceModels), found);
    }

    [Theory]
    [MemberData(nameof(DeviceFiles))]
    public void Every_numeric_value_of_every_shipped_device_has_a_source(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.DeviceModels, file)))!.AsObject();
        var numeric = new List<string>();
        void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject o: foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : $"{path}.{k}"); break;
                case JsonArray a when a.All(e => e is JsonValue ev && ev.GetValueKind() == System.Text.Json.JsonValueKind.Number): numeric.Add(path); break;
                case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number: numeric.Add(path); break;
            }
        }
        foreach (var (k, v) in root)
            if (k is not ("sources" or "version")) Walk(v, k);
        var sources = root["sources"]!.AsObject();
        Assert.All(numeric, key => Assert.False(string.IsNullOrWhiteSpace((string?)sources[key]), $"{file}: no source for {key}"));
        Assert.Equal(numeric.Order(), sources.Select(kv => kv.Key).Order());
        var device = DeviceLoader.Load(Path.Combine(TestPaths.DeviceModels, file));
        Assert.True(device.Write.EnergyPerCellJ > 0 && device.Write.PulseS > 0 && device.Write.EnduranceCycles > 0);
    }

    [Fact]
    public void The_device_library_is_shipped_with_its_key_parameters()
    {
        var intel = DeviceLoader.Resolve("rram-intel22", TestPaths.DeviceModels, null);
        Assert.Equal(1 / 6e3, intel.GMaxS, 1e-15);
        Assert.Equal(17, intel.GMaxS / intel.GMinS, 1e-9);
        Assert.Equal(60, intel.CellAreaF2);
        Assert.Equal(0.1, Assert.IsType<ProportionalVariation>(intel.Variation).Sigma);   // NVCiM-PT's nominal global sigma, assumed

        var fefet = DeviceLoader.Resolve("fefet-gf22", TestPaths.DeviceModels, null);
        Assert.Equal(1 / 240e3, fefet.GMaxS, 1e-18);
        Assert.Equal(100, fefet.GMaxS / fefet.GMinS, 1e-9);
        Assert.Equal(24, fefet.CellAreaF2);
        Assert.Equal(32, fefet.Levels);
        Assert.Equal(5, fefet.MaxBitsPerCell);
        Assert.Equal(0.1, Assert.IsType<ProportionalVariation>(fefet.Variation).Sigma);

        var pcm = DeviceLoader.Resolve("pcm-ibm", TestPaths.DeviceModels, null);
        Assert.Equal(25e-6, pcm.GMaxS);
        Assert.Equal(16, pcm.CellAreaF2);
        Assert.Equal([0.26348, 1.9650, -1.1731], Assert.IsType<PolynomialVariation>(pcm.Variation).SigmaCoefficientsUS);
        Assert.Equal(20, pcm.Drift!.T0S);
        Assert.All(pcm.Drift.NuMeanPerLevel, nu => Assert.InRange(nu, 0.049, 0.1));
        Assert.Equal(new OneOverFReadNoise(0.0088, 0.65, 0.2, 1e-3, 250e-9), pcm.ReadNoise);

        var mram = DeviceLoader.Resolve("stt-mram-intel22", TestPaths.DeviceModels, null);
        Assert.Equal(1 / 1.4e3, mram.GMaxS, 1e-15);
        Assert.Equal(2.8, mram.GMaxS / mram.GMinS, 1e-9);
        Assert.Equal(100, mram.CellAreaF2);
        Assert.Equal(1, mram.MaxBitsPerCell);
        Assert.Equal(0.1, Assert.IsType<ProportionalVariation>(mram.Variation).Sigma);

        var sram = DeviceLoader.Resolve("sram-6t", TestPaths.DeviceModels, null);
        Assert.Equal("sram", sram.Kind);
        Assert.Equal(280, sram.CellAreaF2);
        Assert.Equal(1, sram.MaxBitsPerCell);
        Assert.Equal(0, Assert.IsType<ProportionalVariation>(sram.Variation).Sigma);
        Assert.Null(sram.Drift);
        Assert.Null(sram.ReadNoise);
    }
}
