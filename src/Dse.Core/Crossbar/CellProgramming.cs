using Dse.Devices;

namespace Dse.Crossbar;

/// <summary>
/// Programming of cells with variation, in conductance-level units: a cell at level k holds
/// <c>Gmin/dG + clip(k + e, 0, 2^cellBits - 1)</c> with dG = (Gmax - Gmin) / (2^cellBits - 1) (DESIGN §6 steps 3 and 5).
/// </summary>
public static class CellProgramming
{
    /// <summary>Gmin expressed in level steps: <c>Gmin / dG</c>.</summary>
    public static double GMinLevels(DeviceModel device, int cellBits)
        => device.GMinS / ((device.GMaxS - device.GMinS) / ((1 << cellBits) - 1));

    /// <summary>
    /// Standard deviation of the programmed conductance of each logical level, in level steps, for the
    /// device's variation model at <paramref name="sigmaScale"/>.
    /// </summary>
    /// <returns>Length <c>2^cellBits</c>.</returns>
    /// <remarks><c>perLevel</c>: <c>s sigma_k (Gmax - Gmin) / dG = s sigma_k (2^cellBits - 1)</c> with k the native level
    /// (NVCiM-PT / RoCR convention).</remarks>
    /// <exception cref="NotSupportedException">For a variation model this engine does not know.</exception>
    public static float[] NoiseStdLevels(DeviceModel device, int cellBits, double sigmaScale)
    {
        int top = (1 << cellBits) - 1;
        var std = new float[top + 1];
        switch (device.Variation)
        {
            case PerLevelVariation perLevel:
                for (int level = 0; level <= top; level++)
                    std[level] = (float)(sigmaScale * perLevel.SigmaPerLevel[device.NativeLevel(level, cellBits)] * top);
                return std;
            default:
                throw new NotSupportedException($"Variation model {device.Variation.GetType().Name} is not supported.");
        }
    }

    /// <summary>
    /// Programs every cell: <c>w[i] = gMinLevels + clip(level[i] + std[level[i]] z[i], 0, top)</c>.
    /// </summary>
    /// <param name="levels">Logical levels <c>[d, P]</c>.</param>
    /// <param name="std">Noise std per logical level (level steps).</param>
    /// <param name="gMinLevels">Gmin / dG.</param>
    /// <param name="z">Standard-normal draw per cell, same length as levels (common random numbers).</param>
    /// <param name="w">Output conductances in level steps, same length.</param>
    public static void Program(ReadOnlySpan<byte> levels, ReadOnlySpan<float> std, float gMinLevels, ReadOnlySpan<float> z, Span<float> w)
    {
        float top = std.Length - 1;
        for (int i = 0; i < levels.Length; i++)
        {
            int k = levels[i];
            w[i] = gMinLevels + Math.Clamp(k + std[k] * z[i], 0f, top);
        }
    }
}
