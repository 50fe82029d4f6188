using Dse.Costs;
using Dse.Devices;
using Dse.Exploration.Axes;

namespace Dse.Exploration;

/// <summary>
/// The cheap check before any Monte Carlo (as Timeloop checks a mapping before evaluating it): the reason a design point
/// cannot be realised, or null. Skipped points are counted and explained in the run summary, never dropped silently.
/// </summary>
public static class Feasibility
{
    /// <summary>The reason <paramref name="point"/> cannot be realised, or null.</summary>
    /// <param name="point">The design point.</param>
    /// <param name="maxNativeTokens">Largest native token count of the stored OVTs.</param>
    /// <param name="storeSize">OVTs in the workload's store.</param>
    /// <param name="periphery">The periphery (ADC models and their fitted resolutions).</param>
    public static string? Reason(DesignPoint point, int maxNativeTokens, int storeSize, PeripheryModel periphery)
    {
        if (point.StoredPrompts is int stored && stored > storeSize)
            return $"storedPrompts {stored} exceeds the workload's {storeSize} OVTs";
        if (point.CellBits > point.Device.MaxBitsPerCell)
            return $"cellBits {point.CellBits} exceeds {point.Device.Name}'s maximum of {point.Device.MaxBitsPerCell} bits per cell ({point.Device.Levels} levels)";
        if (point.VirtualTokens is int n && n > maxNativeTokens)
            return $"virtualTokens {n} exceeds every stored OVT's native token count (at most {maxNativeTokens})";
        if (point.ColsPerAdc > point.Cols)
            return $"colsPerAdc {point.ColsPerAdc} exceeds the crossbar's {point.Cols} columns";
        if (point.WriteVerify is { Iterations: > 0 } verify && point.Device.Write.Verify is null)
            return $"writeVerify \"{verify}\" needs a write.verify model, and device {point.Device.Name} has none";
        int minBits = AdcModels.Create(point.AdcModel, periphery).MinBits;
        if (point.AdcBits < minBits)
            return $"adcBits {point.AdcBits} is below the {point.AdcModel} ADC model's lowest fitted resolution of {minBits} bits";
        return null;
    }
}
