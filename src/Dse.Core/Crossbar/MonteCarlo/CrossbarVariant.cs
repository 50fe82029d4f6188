using Dse.Devices;

namespace Dse.Crossbar;

/// <summary>One programmed-array flavour evaluated on the same cell draws: a device at a sigma scale, read time and write-verify policy.</summary>
/// <param name="Device">The device model.</param>
/// <param name="SigmaScale">Multiplier s of the device's programming variation.</param>
/// <param name="ReadTimeS">Seconds after programming at which the arrays are read; null: <see cref="DeviceModel.EffectiveReadTimeS"/> of null.</param>
/// <param name="WriteVerify">Write-verify policy setting each bit slice's spread (<see cref="CellProgramming.NoiseStdGroups"/>); null: the single-pulse spread everywhere.</param>
public sealed record CrossbarVariant(DeviceModel Device, double SigmaScale, double? ReadTimeS = null, WriteVerify? WriteVerify = null);
