using Dse.Devices;

namespace Dse.Crossbar;

/// <summary>
/// Programming of cells with variation, in conductance-level units: a cell at level k holds
/// <c>clip(Gmin/dG + k + e, 0, gCeiling/dG)</c> with dG = (Gmax - Gmin) / (2^cellBits - 1): clipped at the physical bounds 0 S
/// and the device's optional ceiling (<see cref="DeviceModel.GCeilingS"/>), never at the nominal Gmin / Gmax; then, when the
/// device has them, drift, 1/f read noise and stuck-at faults (<see cref="ApplyCellTerms"/>). See docs/models.md, 'Cells'.
/// </summary>
/// <remarks>
/// The one bias left is physics: a conductance cannot go below 0 S, so a level whose noise reaches 0 S has its mean raised.
/// With <c>m = Gmin/dG + k</c> and noise sigma <c>s</c> (level units), the programmed mean is
/// <c>m + s (phi(a) - a (1 - Phi(a)))</c>, <c>a = m / s</c>: for level 0 of fefet2 at 2 bits per cell and sigmaScale 1
/// (<c>m = 0.030</c>, <c>s = 0.201</c>) that is +0.066 levels (+0.33 s; clipping at the nominal Gmin gave +0.080, +0.40 s); for
/// a level with <c>m &gt; 3 s</c> below the ceiling the shift is under 0.0004 s. The ADC zero reference
/// (<see cref="AdcReference"/>) decides whether that bias reaches the read-out.
/// </remarks>
public static class CellProgramming
{
    /// <summary>Gmin expressed in level steps: <c>Gmin / dG</c>.</summary>
    public static double GMinLevels(DeviceModel device, int cellBits)
        => device.GMinS / LevelStepS(device, cellBits);

    /// <summary>One level step dG = (Gmax - Gmin) / (2^cellBits - 1), in siemens.</summary>
    public static double LevelStepS(DeviceModel device, int cellBits)
        => (device.GMaxS - device.GMinS) / ((1 << cellBits) - 1);

    /// <summary>
    /// Standard deviation of the programmed conductance of each logical level, in level steps, for the
    /// device's variation model at <paramref name="sigmaScale"/>.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="cellBits">Bits per cell. Range: 1 &lt;= cellBits &lt;= MaxBitsPerCell.</param>
    /// <param name="sigmaScale">s, the sweep's multiplier of the variation, &gt;= 0.</param>
    /// <returns>Length <c>2^cellBits</c>, level steps.</returns>
    /// <remarks>With <c>top = 2^cellBits - 1</c> and <c>G_k = Gmin + k dG</c>:
    /// <c>perLevel</c>: <c>s sigma_k (Gmax - Gmin) / dG = s sigma_k top</c>, k read as the native level (NVCiM-PT / RoCR);
    /// <c>proportional</c>: <c>s sigma G_k / dG</c> (NeuroSim <c>vari</c>, MNSIM);
    /// <c>polynomial</c>: <c>s sigma(G_k) / dG</c> (aihwkit PCM).</remarks>
    /// <exception cref="NotSupportedException">For a variation model this engine does not know.</exception>
    public static float[] NoiseStdLevels(DeviceModel device, int cellBits, double sigmaScale)
    {
        int top = (1 << cellBits) - 1;
        double dG = LevelStepS(device, cellBits);
        var std = new float[top + 1];
        for (int level = 0; level <= top; level++)
        {
            double gS = device.GMinS + level * dG;
            std[level] = (float)(device.Variation switch
            {
                PerLevelVariation perLevel => sigmaScale * perLevel.SigmaPerLevel[device.NativeLevel(level, cellBits)] * top,
                ProportionalVariation proportional => sigmaScale * proportional.Sigma * gS / dG,
                PolynomialVariation polynomial => sigmaScale * polynomial.SigmaS(gS, device.GMaxS) / dG,
                _ => throw new NotSupportedException($"Variation model {device.Variation.GetType().Name} is not supported."),
            });
        }
        return std;
    }

    /// <summary>
    /// Standard deviation of the programmed conductance per column group and logical level, in level steps: the group's bit slice
    /// (<c>g mod Slices</c>, <see cref="CellArray"/>'s layout) takes <paramref name="writeVerify"/>'s iterations for that slice and
    /// its spread <c>NoiseStdLevels x sigma_k / sigma_0</c> (<see cref="WriteVerifyModel.SigmaRatio"/>); an unverified slice keeps
    /// <see cref="NoiseStdLevels"/> exactly.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="cells">The mapped store (cell bits, slices, column groups).</param>
    /// <param name="sigmaScale">s, the sweep's multiplier of the variation, &gt;= 0.</param>
    /// <param name="writeVerify">The write-verify policy; null: the device file's write, simulated with the single-pulse spread.</param>
    /// <returns><c>[cells.Groups, 2^cellBits]</c> row-major, level steps.</returns>
    /// <exception cref="ArgumentException">When the policy verifies a slice but the device has no <see cref="WriteModel.Verify"/> model.</exception>
    public static float[] NoiseStdGroups(DeviceModel device, CellArray cells, double sigmaScale, WriteVerify? writeVerify)
    {
        var std = NoiseStdLevels(device, cells.CellBits, sigmaScale);
        var table = new float[cells.Groups * std.Length];
        for (int g = 0; g < cells.Groups; g++)
        {
            int iterations = writeVerify?.IterationsOf(g % cells.Slices, cells.Slices) ?? 0;
            double ratio = iterations == 0 ? 1 : device.Write.Verify?.SigmaRatio(iterations)
                ?? throw new ArgumentException($"Device '{device.Name}' has no write.verify model; write-verify {writeVerify} cannot be simulated.", nameof(writeVerify));
            for (int k = 0; k < std.Length; k++) table[g * std.Length + k] = (float)(std[k] * ratio);
        }
        return table;
    }

    /// <summary>The physical ceiling of a programmed conductance, <c>gCeilingS / dG</c>; +infinity when the device has none.</summary>
    public static double GCeilingLevels(DeviceModel device, int cellBits)
        => device.GCeilingS is double ceiling ? ceiling / LevelStepS(device, cellBits) : double.PositiveInfinity;

    /// <summary>
    /// Programs every cell: <c>w[i] = clip(gMinLevels + level[i] + std[g(i), level[i]] z[i], 0, gCeilingLevels)</c>, <c>g(i)</c> the
    /// cell's column group. The draw <c>z[i]</c> does not depend on the spread (common random numbers): a group whose spread is
    /// unchanged is programmed bit-identically.
    /// </summary>
    /// <param name="levels">Logical levels <c>[d, P]</c>.</param>
    /// <param name="std">Noise std (level steps) per column group and logical level, <c>[groups, levels]</c> row-major; with one group,
    /// per logical level (<see cref="NoiseStdLevels"/>).</param>
    /// <param name="gMinLevels">Gmin / dG.</param>
    /// <param name="z">Standard-normal draw per cell, same length as levels (common random numbers).</param>
    /// <param name="w">Output conductances in level steps, same length.</param>
    /// <param name="gCeilingLevels">The physical ceiling / dG (<see cref="GCeilingLevels"/>); default +infinity, no ceiling.</param>
    /// <param name="groups">Column groups in <paramref name="std"/> (<see cref="CellArray.Groups"/>); default 1, one table for every cell.</param>
    /// <param name="groupWidth">Columns per group (<see cref="CellArray.GroupWidth"/>); read only when <paramref name="groups"/> &gt; 1.</param>
    public static void Program(ReadOnlySpan<byte> levels, ReadOnlySpan<float> std, float gMinLevels, ReadOnlySpan<float> z, Span<float> w,
        float gCeilingLevels = float.PositiveInfinity, int groups = 1, int groupWidth = 0)
    {
        // Row-major [d, groups x groupWidth]: consecutive runs of groupWidth cells cycle through the groups.
        int levelCount = std.Length / groups, width = groups == 1 ? levels.Length : groupWidth;
        for (int start = 0, g = 0; start < levels.Length; start += width, g = (g + 1) % groups)
        {
            var groupStd = std.Slice(g * levelCount, levelCount);
            for (int i = start, end = Math.Min(levels.Length, start + width); i < end; i++)
            {
                int k = levels[i];
                w[i] = Math.Clamp(gMinLevels + k + groupStd[k] * z[i], 0f, gCeilingLevels);
            }
        }
    }

    /// <summary>
    /// Applies the per-cell terms that follow programming, in this order: drift to the read time, accumulated
    /// 1/f noise (relative to the drifted conductance, its size set by the programmed one), then stuck-at faults,
    /// which replace the result with Gmin or Gmax.
    /// </summary>
    /// <param name="levels">Logical (target) levels <c>[d, P]</c>.</param>
    /// <param name="terms">The terms of one device, cell resolution and read time (<see cref="CellTerms.For"/>).</param>
    /// <param name="zDrift">Standard normal per cell for the drift exponent (read only when drift is on).</param>
    /// <param name="zOneOverF">Standard normal per cell for the 1/f noise (read only when it is on).</param>
    /// <param name="uStuck">Uniform [0, 1) per cell for the faults (read only when they are on).</param>
    /// <param name="w">Programmed conductances in level steps, updated in place.</param>
    /// <remarks>Drift: <c>G(t) = G0 (t/t0)^(-nu)</c>, <c>nu = |mu_k + sd_k z|</c> (aihwkit <c>generate_drift_coefficients</c>).
    /// 1/f: <c>G + |G| q_s(G_prog) sqrt(ln((t + t_read)/(2 t_read))) z</c>, clamped at 0 (aihwkit <c>apply_drift_noise_to_conductance</c>).</remarks>
    public static void ApplyCellTerms(ReadOnlySpan<byte> levels, CellTerms terms, ReadOnlySpan<float> zDrift, ReadOnlySpan<float> zOneOverF,
        ReadOnlySpan<float> uStuck, Span<float> w)
    {
        float stuckLo = terms.StuckGMinRate, stuckHi = terms.StuckGMinRate + terms.StuckGMaxRate;
        for (int i = 0; i < levels.Length; i++)
        {
            float programmed = w[i], g = programmed;
            if (terms.NuMean is { } mean)
            {
                int k = levels[i];
                float nu = MathF.Abs(mean[k] + terms.NuStd![k] * zDrift[i]);
                g *= MathF.Exp(-nu * terms.LogTimeRatio);
            }
            if (terms.OneOverF is { } noise)
                g = MathF.Max(0f, g + MathF.Abs(g) * (float)noise.RelativeSigma(programmed / terms.GMaxLevels, terms.ReadTimeS) * zOneOverF[i]);
            if (stuckHi > 0)
            {
                float u = uStuck[i];
                if (u < stuckLo) g = terms.GMinLevels;
                else if (u < stuckHi) g = terms.GMaxLevels;
            }
            w[i] = g;
        }
    }
}

/// <summary>
/// The non-programming terms of one device at one cell resolution and read time, in level units: what
/// <see cref="CellProgramming.ApplyCellTerms"/> and the per-read noise of <see cref="MonteCarloEngine"/> need.
/// </summary>
public sealed class CellTerms
{
    /// <summary>Gmin / dG.</summary>
    public float GMinLevels { get; private init; }

    /// <summary>Gmax / dG.</summary>
    public float GMaxLevels { get; private init; }

    /// <summary>Read time t in seconds after programming (<see cref="DeviceModel.EffectiveReadTimeS"/>).</summary>
    public double ReadTimeS { get; private init; }

    /// <summary>Fraction of cells stuck at Gmin; 0 when off.</summary>
    public float StuckGMinRate { get; private init; }

    /// <summary>Fraction of cells stuck at Gmax; 0 when off.</summary>
    public float StuckGMaxRate { get; private init; }

    /// <summary>Drift exponent mean per logical level; null when the device does not drift or t &lt;= t0.</summary>
    public float[]? NuMean { get; private init; }

    /// <summary>Drift exponent std per logical level; null exactly when <see cref="NuMean"/> is.</summary>
    public float[]? NuStd { get; private init; }

    /// <summary><c>ln(t / t0)</c> (0 without drift).</summary>
    public float LogTimeRatio { get; private init; }

    /// <summary>Accumulated 1/f noise, drawn once per trial and cell; null when off.</summary>
    public OneOverFReadNoise? OneOverF { get; private init; }

    /// <summary>r of the per-read noise <c>N(0, (r G)^2)</c>; 0 when off.</summary>
    public float ReadSigmaRelative { get; private init; }

    /// <summary>True when <see cref="CellProgramming.ApplyCellTerms"/> changes anything.</summary>
    public bool HasCellTerms => NuMean is not null || OneOverF is not null || StuckGMinRate + StuckGMaxRate > 0;

    /// <summary>The terms of <paramref name="device"/> at <paramref name="cellBits"/> bits per cell read at <paramref name="readTimeS"/>.</summary>
    /// <param name="device">The device.</param>
    /// <param name="cellBits">Bits per cell. Range: 1 &lt;= cellBits &lt;= MaxBitsPerCell.</param>
    /// <param name="readTimeS">The sweep's read time in seconds, or null (see <see cref="DeviceModel.EffectiveReadTimeS"/>).</param>
    public static CellTerms For(DeviceModel device, int cellBits, double? readTimeS)
    {
        double dG = CellProgramming.LevelStepS(device, cellBits);
        double t = device.EffectiveReadTimeS(readTimeS);
        int top = (1 << cellBits) - 1;
        float[]? mean = null, std = null;
        float logRatio = 0;
        if (device.Drift is { } drift && t > drift.T0S)
        {
            mean = new float[top + 1];
            std = new float[top + 1];
            for (int level = 0; level <= top; level++)
            {
                int native = device.NativeLevel(level, cellBits);
                mean[level] = (float)drift.NuMeanPerLevel[native];
                std[level] = (float)drift.NuStdPerLevel[native];
            }
            if (mean.All(m => m == 0) && std.All(s => s == 0)) mean = std = null;
            else logRatio = (float)Math.Log(t / drift.T0S);
        }
        var oneOverF = device.ReadNoise is OneOverFReadNoise f && t > 0 && f.QCoefficient > 0 ? f : null;
        return new CellTerms
        {
            GMinLevels = (float)(device.GMinS / dG),
            GMaxLevels = (float)(device.GMaxS / dG),
            ReadTimeS = t,
            StuckGMinRate = (float)(device.StuckAt?.GMinRate ?? 0),
            StuckGMaxRate = (float)(device.StuckAt?.GMaxRate ?? 0),
            NuMean = mean,
            NuStd = std,
            LogTimeRatio = logRatio,
            OneOverF = oneOverF,
            ReadSigmaRelative = (float)(device.ReadNoise is RelativeReadNoise rel ? rel.SigmaRelative : 0),
        };
    }
}

/// <summary>
/// A write-verify policy (sweep axis <c>writeVerify</c>): <see cref="Iterations"/> program-and-verify iterations on the
/// <see cref="MsbSlices"/> most significant bit slices of every value, or on all of them; every other slice gets one pulse and the
/// single-pulse spread. <c>msb:N</c> is NVCiM-PT's SWV baseline (selective write-verify: Yan et al., SWIM, DAC 2022) with the bit
/// slice as the unit of selection. See docs/models.md, 'Write-verify'.
/// </summary>
public sealed record WriteVerify
{
    private WriteVerify(int iterations, int? msbSlices)
    {
        Iterations = iterations;
        MsbSlices = msbSlices;
    }

    /// <summary>Program-and-verify iterations of a verified slice; 0 exactly for <see cref="None"/>.</summary>
    public int Iterations { get; }

    /// <summary>N of <c>msb:N</c>: verified slices counted from the most significant; null: all slices. 0 only in <see cref="None"/>.</summary>
    public int? MsbSlices { get; }

    /// <summary>No slice verified: one pulse per cell.</summary>
    public static WriteVerify None { get; } = new(0, 0);

    /// <summary>The policy <paramref name="iterations"/> on <paramref name="msbSlices"/> (null: all); 0 iterations or 0 slices is <see cref="None"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When either is negative.</exception>
    public static WriteVerify Of(int iterations, int? msbSlices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (msbSlices is int n) ArgumentOutOfRangeException.ThrowIfNegative(n, nameof(msbSlices));
        return iterations == 0 || msbSlices == 0 ? None : new WriteVerify(iterations, msbSlices);
    }

    /// <summary>Iterations applied to bit slice <paramref name="slice"/> (0 = least significant) of <paramref name="slices"/>.</summary>
    public int IterationsOf(int slice, int slices) => MsbSlices is int n && slice < slices - n ? 0 : Iterations;

    /// <summary>The slice selection as in sweep files: <c>all</c>, <c>msb:N</c> or <c>none</c>.</summary>
    public string Slices => Iterations == 0 ? "none" : MsbSlices is int n ? $"msb:{n}" : "all";

    /// <summary>Text form, e.g. <c>4 all</c>, <c>4 msb:1</c>, <c>none</c> (<see cref="Parse"/> reads it back).</summary>
    public override string ToString() => Iterations == 0 ? "none" : $"{Iterations} {Slices}";

    /// <summary>Reads <see cref="ToString"/>'s form.</summary>
    /// <returns>The policy, or null when <paramref name="text"/> is not of that form.</returns>
    public static WriteVerify? Parse(string text)
    {
        if (text == "none") return None;
        var parts = text.Split(' ');
        if (parts.Length != 2 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int k) || k < 1)
            return null;
        return ParseSlices(parts[1]) is (true, var n) ? Of(k, n) : null;
    }

    /// <summary>Reads a slice selection: <c>all</c> (null), <c>none</c> (0) or <c>msb:N</c> with N &gt;= 1.</summary>
    /// <returns>(true, N) when valid, else (false, null).</returns>
    public static (bool Ok, int? MsbSlices) ParseSlices(string text)
    {
        if (text == "all") return (true, null);
        if (text == "none") return (true, 0);
        if (text.StartsWith("msb:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1)
            return (true, n);
        return (false, null);
    }
}
