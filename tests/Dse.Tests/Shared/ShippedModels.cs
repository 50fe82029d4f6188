using Dse.Devices;

namespace Dse.Tests.Shared;

/// <summary>The shipped periphery and devices as tests load them.</summary>
public static class ShippedModels
{
    /// <summary><c>device-models/periphery/22nm.json</c> of this checkout.</summary>
    public static PeripheryModel Periphery { get; } = PeripheryLoader.Load(Path.Combine(TestPaths.DeviceModels, "periphery", "22nm.json"));

    /// <summary>The shipped device <paramref name="name"/> without per-read noise or stuck-at faults, so a test sees programming and wires alone.</summary>
    public static DeviceModel QuietDevice(string name) => DeviceLoader.Resolve(name, TestPaths.DeviceModels, null) with { ReadNoise = null, StuckAt = null };
}
