using Dse.Crossbar.IrDrop;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Tests.Shared;

namespace Dse.Tests.Crossbar.IrDrop;

/// <summary>The periphery file's <c>wires</c> block and how it becomes a device's tile parasitics.</summary>
public class WireModelTests
{
    private static string Shipped => Path.Combine(TestPaths.DeviceModels, "periphery", "22nm.json");

    [Fact]
    public void Shipped_wires_are_NeuroSims_22nm_values()
    {
        var w = PeripheryLoader.Load(Shipped).Wires!;
        // 12 F x 22 nm and 4 F x 22 nm of 40 nm Metal0/1 at 11.60 Ohm/um (NeuroSim V1.4 Param.cpp, SubArray.cpp).
        Assert.Equal(12 * 22e-3 * 11.6016, w.WordlineOhmPerCell, 3);
        Assert.Equal(4 * 22e-3 * 11.6016, w.BitlineOhmPerCell, 3);
        Assert.Equal(48, w.ReferenceCellAreaF2);
        Assert.Equal(751.3, w.DriverOutputOhm, 1);
        Assert.Equal(0.25, w.AccessOnResistanceRatio["rram"]);
        Assert.Equal(0, w.AccessOnResistanceRatio["fefet"]);
        Assert.Equal(DeviceLoader.Kinds.Order(), w.AccessOnResistanceRatio.Keys.Order());
    }

    [Fact]
    public void Parasitics_scale_with_cell_pitch_access_ratio_and_the_scale_axis()
    {
        var w = PeripheryLoader.Load(Shipped).Wires!;
        var rram1 = DeviceLoader.Resolve("rram1", TestPaths.DeviceModels, null);           // 48 F^2, Ron 100 kOhm
        var intel = DeviceLoader.Resolve("rram-intel22", TestPaths.DeviceModels, null);    // 60 F^2, Ron 6 kOhm
        var p = TileParasitics.For(w, rram1, 1);
        Assert.Equal(w.WordlineOhmPerCell, p.WordlineSegmentOhm, 12);
        Assert.Equal(0.25 * 100e3, p.AccessOhm, 6);
        var q = TileParasitics.For(w, intel, 2);
        Assert.Equal(2 * w.BitlineOhmPerCell * Math.Sqrt(60 / 48.0), q.BitlineSegmentOhm, 12);
        Assert.Equal(2 * 0.25 * 6e3, q.AccessOhm, 6);
        Assert.True(TileParasitics.For(w, intel, 0).IsIdeal);
    }

    [Fact]
    public void Bad_wire_values_are_reported_with_their_path()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "22nm.json");
        File.WriteAllText(path, File.ReadAllText(Shipped)
            .Replace("\"driverOutputOhm\": 751.3", "\"driverOutputOhm\": -1")
            .Replace("\"mram\": 0.25", "\"mram\": -0.25")
            .Replace("\"sram\": 0\n", "\"sramm\": 0\n"));
        var ex = Assert.Throws<InputException>(() => PeripheryLoader.Load(path));
        Assert.Contains(ex.Errors, e => e.Path == "$.wires.driverOutputOhm");
        Assert.Contains(ex.Errors, e => e.Path == "$.wires.accessOnResistanceRatio.mram");
        Assert.Contains(ex.Errors, e => e.Path == "$.wires.accessOnResistanceRatio.sramm" && e.Expected.Contains("did you mean 'sram'?"));
        Assert.Throws<InputException>(() => PeripheryLoader.Load(path));
    }
}
