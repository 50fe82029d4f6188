using Dse.Devices;
using Dse.Exploration.Axes;

namespace Dse.Exploration;

/// <summary>One design point of a sweep: a device model and a value on every axis.</summary>
/// <param name="Device">The device model named by the point's device axis value.</param>
/// <param name="Coordinates">The point's value on every axis (<see cref="DesignAxes"/>).</param>
public sealed record DesignPoint(DeviceModel Device, AxisValues Coordinates) : IHasCoordinates
{
    /// <summary>Stable key (see <see cref="AxisValues.Key"/>): drives seeds, resume, shards and CSV rows.</summary>
    public string Key => Coordinates.Key;
}

/// <summary>A point that was not evaluated, and why.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Reason">One line a user can act on.</param>
public sealed record SkippedPoint(string Key, string Reason);
