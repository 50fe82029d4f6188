namespace Dse.Devices;

/// <summary>
/// One non-volatile memory device as stored in <c>device-models/NAME.json</c>: its conductance
/// range, native levels, cell area, programming-variation model, write cost and the optional
/// non-idealities (stuck-at faults, drift, read noise).
/// </summary>
/// <param name="Name">File stem, e.g. <c>rram1</c>; the name sweeps use.</param>
/// <param name="Kind">Technology: <c>rram</c>, <c>fefet</c>, <c>pcm</c>, <c>mram</c>, <c>sram</c>.</param>
/// <param name="Description">One line for listings.</param>
/// <param name="GMinS">Lowest programmable conductance in siemens (1 / Roff). Range: 0 &lt;= GMinS &lt; GMaxS.</param>
/// <param name="GMaxS">Highest programmable conductance in siemens (1 / Ron).</param>
/// <param name="Levels">Native number of conductance levels (4 for NVCiM-PT's settings). Range: &gt;= 2.</param>
/// <param name="MaxBitsPerCell">floor(log2(Levels)): the most bits one cell can hold.</param>
/// <param name="CellAreaF2">Cell area in F^2 (F = feature size of the periphery file).</param>
/// <param name="Variation">Programming-variation model (drawn once per Monte-Carlo trial and cell).</param>
/// <param name="Write">Cost of writing one cell (energy, pulse, verify iterations, endurance).</param>
/// <param name="SourceFile">Path the model was loaded from (for messages and hashes).</param>
public sealed record DeviceModel(
    string Name,
    string Kind,
    string Description,
    double GMinS,
    double GMaxS,
    int Levels,
    int MaxBitsPerCell,
    double CellAreaF2,
    VariationModel Variation,
    WriteModel Write,
    string SourceFile)
{
    /// <summary>
    /// Physical upper bound of a programmed conductance in siemens (device file key <c>gCeilingS</c>, optional, &gt;= GMaxS):
    /// programming variation is clipped at 0 S and at this ceiling, never at the nominal Gmin / Gmax. Null (the default when the
    /// file has no such key): no upper bound; a Gaussian tail above Gmax is kept, as in aihwkit's programming noise, which clips
    /// only at 0 S.
    /// </summary>
    public double? GCeilingS { get; init; }

    /// <summary>Stuck-at-Gmin / stuck-at-Gmax fault rates; null: no faults.</summary>
    public StuckAtModel? StuckAt { get; init; }

    /// <summary>Conductance drift <c>G(t) = G0 (t / t0)^(-nu)</c>; null: no drift.</summary>
    public DriftModel? Drift { get; init; }

    /// <summary>Read noise; null: noiseless reads.</summary>
    public ReadNoiseModel? ReadNoise { get; init; }

    /// <summary>The file's <c>sources</c>: where each numeric value comes from, keyed by its path without <c>$.</c> (e.g. <c>gMaxS</c>, <c>variation.drift.t0S</c>).</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The models in one line, e.g. <c>polynomial + drift + oneOverF read noise</c>: the variation model, then each
    /// optional term present (stuck-at, drift, read noise).
    /// </summary>
    public string ModelSummary =>
        string.Join(" + ", new[]
        {
            Variation.ModelName,
            StuckAt is null ? null : "stuckAt",
            Drift is null ? null : "drift",
            ReadNoise is null ? null : $"{ReadNoise.ModelName} read noise",
        }.Where(s => s is not null));

    /// <summary>
    /// Native level used for logical level <paramref name="level"/> at <paramref name="cellBits"/>
    /// bits per cell: levels are spread evenly over the native ones (a 4-level device at 1 bit uses
    /// native levels 0 and 3).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When cellBits exceeds <see cref="MaxBitsPerCell"/> or level is outside 0..2^cellBits-1.</exception>
    public int NativeLevel(int level, int cellBits)
    {
        if (cellBits < 1 || cellBits > MaxBitsPerCell) throw new ArgumentOutOfRangeException(nameof(cellBits), cellBits, $"Range: 1 <= cellBits <= {MaxBitsPerCell}.");
        int top = (1 << cellBits) - 1;
        if (level < 0 || level > top) throw new ArgumentOutOfRangeException(nameof(level), level, $"Range: 0 <= level <= {top}.");
        return (int)((long)level * (Levels - 1) / top);
    }

    /// <summary>
    /// The time after programming, in seconds, at which the arrays are read for a sweep's
    /// <c>readTime</c> value: the value itself, else the drift reference time t0 (no drift yet), else 0.
    /// </summary>
    /// <param name="readTimeS">The sweep's read time in seconds, or null when the sweep lists none.</param>
    public double EffectiveReadTimeS(double? readTimeS) => readTimeS ?? Drift?.T0S ?? 0;
}

/// <summary>
/// Programming variation of a device, drawn once per Monte-Carlo trial and cell. Its sigma is the device's own spread; the sweep's
/// <c>sigmaScale</c> s (default 1) multiplies it.
/// </summary>
public abstract record VariationModel
{
    /// <summary>The model's name in device files (<c>perLevel</c>, <c>proportional</c>, <c>polynomial</c>).</summary>
    public abstract string ModelName { get; }

    /// <summary>The sigma values as the device file writes them (the device's spread at <c>sigmaScale</c> 1), in <see cref="SigmaUnit"/>.</summary>
    public abstract IReadOnlyList<double> SigmaValues { get; }

    /// <summary>What <see cref="SigmaValues"/> are, e.g. <c>per native level, relative to Gmax - Gmin</c>.</summary>
    public abstract string SigmaUnit { get; }
}

/// <summary>
/// Per-level Gaussian variation (NVCiM-PT / RoCR convention):
/// <c>G' = G + N(0, (s * sigma_k * (Gmax - Gmin))^2)</c>, clipped to [Gmin, Gmax].
/// </summary>
/// <param name="SigmaPerLevel">sigma_k for each native level k, relative to Gmax - Gmin (dimensionless), the device's own spread (at <c>sigmaScale</c> 1); length = Levels.</param>
/// <remarks>Source: Qin et al., NVCiM-PT, DATE 2025; RoCR, ICCAD 2024, Table 2.</remarks>
public sealed record PerLevelVariation(IReadOnlyList<double> SigmaPerLevel) : VariationModel
{
    /// <inheritdoc/>
    public override string ModelName => "perLevel";

    /// <inheritdoc/>
    public override IReadOnlyList<double> SigmaValues => SigmaPerLevel;

    /// <inheritdoc/>
    public override string SigmaUnit => "per native level, relative to Gmax - Gmin";
}

/// <summary>
/// Variation proportional to the target conductance: <c>G' = G (1 + N(0, (s * sigma)^2))</c>, clipped to [Gmin, Gmax].
/// </summary>
/// <param name="Sigma">Relative standard deviation (dimensionless, &gt;= 0), the device's own spread (at <c>sigmaScale</c> 1).</param>
/// <remarks>Source: NeuroSim's device-to-device variation <c>vari</c> (DNN_NeuroSim inference wrapper), MNSIM's proportional variation.</remarks>
public sealed record ProportionalVariation(double Sigma) : VariationModel
{
    /// <inheritdoc/>
    public override string ModelName => "proportional";

    /// <inheritdoc/>
    public override IReadOnlyList<double> SigmaValues => [Sigma];

    /// <inheritdoc/>
    public override string SigmaUnit => "relative to G";
}

/// <summary>
/// Variation whose standard deviation is a polynomial of the normalised target conductance:
/// <c>G' = G + N(0, (s * sigma(G))^2)</c>, <c>sigma(G) = sum_i c_i gn^i</c> microsiemens with
/// <c>gn = G / Gmax</c>, clipped to [Gmin, Gmax].
/// </summary>
/// <param name="SigmaCoefficientsUS">c_0, c_1, ... in microsiemens (c_0 first).</param>
/// <remarks>Source: IBM aihwkit <c>PCMLikeNoiseModel.prog_coeff</c> = [0.26348, 1.9650, -1.1731] uS at Gmax = 25 uS
/// (Nandakumar et al., ICECS 2019); CrossSim's conductance-dependent programming error.</remarks>
public sealed record PolynomialVariation(IReadOnlyList<double> SigmaCoefficientsUS) : VariationModel
{
    /// <inheritdoc/>
    public override string ModelName => "polynomial";

    /// <inheritdoc/>
    public override IReadOnlyList<double> SigmaValues => SigmaCoefficientsUS;

    /// <inheritdoc/>
    public override string SigmaUnit => "uS, coefficients c_0, c_1, ... of sigma(G) = sum_i c_i (G/Gmax)^i";

    /// <summary>sigma(G) in siemens for a conductance <paramref name="gS"/> in siemens.</summary>
    /// <param name="gS">Target conductance G in siemens.</param>
    /// <param name="gMaxS">Gmax in siemens (normalises G).</param>
    /// <returns>The polynomial at <c>G / Gmax</c>, in siemens; negative values (outside the fit) are clamped to 0.</returns>
    public double SigmaS(double gS, double gMaxS)
    {
        double gn = gS / gMaxS, power = 1, sigmaUS = 0;
        foreach (double c in SigmaCoefficientsUS)
        {
            sigmaUS += c * power;
            power *= gn;
        }
        return Math.Max(0, sigmaUS) * 1e-6;
    }
}

/// <summary>What writing one cell costs (docs/models.md, store update; device file key <c>write</c>).</summary>
/// <param name="EnergyPerCellJ">Energy of one write pulse on one cell, joules. Range: &gt; 0.</param>
/// <param name="PulseS">Width of one write pulse, seconds. Range: &gt; 0.</param>
/// <param name="VerifyIterations">Program-and-verify iterations per cell write: that many pulses each followed by a verify
/// read; 0 means a single pulse without verify. Range: &gt;= 0.</param>
/// <param name="EnduranceCycles">Write cycles a cell survives before wear-out. Range: &gt;= 1.</param>
/// <remarks>Sources: per value in the device file's <c>sources</c> (<c>write.energyPerCellJ</c>, ...).</remarks>
public sealed record WriteModel(double EnergyPerCellJ, double PulseS, int VerifyIterations, double EnduranceCycles)
{
    /// <summary>Write pulses per cell write: <c>max(1, VerifyIterations)</c>.</summary>
    public int PulsesPerWrite => Math.Max(1, VerifyIterations);

    /// <summary>How program-and-verify iterations narrow the programmed spread (device file key <c>write.verify</c>); null: the
    /// device has no such model, so a sweep's <c>writeVerify</c> can only leave it unverified.</summary>
    public WriteVerifyModel? Verify { get; init; }
}

/// <summary>
/// The programmed spread after k program-and-verify iterations, relative to the single-pulse spread sigma_0 of the device's
/// variation model (docs/models.md, 'Write-verify'): <c>sigma_k / sigma_0 = max(SigmaFloorRatio, SigmaRatioPerIteration^(k-1))</c>
/// for k &gt;= 1, 1 at k = 0. An iteration is one pulse followed by a verify read (as <see cref="WriteModel.VerifyIterations"/>
/// counts them): the first pulse is the single-pulse write, each later one re-pulses the cells the previous verify read found
/// outside tolerance and shrinks the spread by a constant factor, until the verify tolerance and the verify read's own noise
/// set a floor. So k = 1 (one pulse, one verify read, nothing corrected) keeps sigma_0.
/// </summary>
/// <param name="SigmaRatioPerIteration">Factor one corrective iteration (the second and later) multiplies the spread by (dimensionless). Range: (0, 1].</param>
/// <param name="SigmaFloorRatio">Lowest reachable spread, relative to sigma_0 (dimensionless). Range: [0, 1].</param>
/// <remarks>Sources: per value in the device file's <c>sources</c> (<c>write.verify.sigmaRatioPerIteration</c>, ...).</remarks>
public sealed record WriteVerifyModel(double SigmaRatioPerIteration, double SigmaFloorRatio)
{
    /// <summary><c>sigma_k / sigma_0</c> after <paramref name="iterations"/> iterations (pulses with a verify read each).</summary>
    /// <param name="iterations">k, program-and-verify iterations. Range: &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="iterations"/> is negative.</exception>
    public double SigmaRatio(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        return iterations <= 1 ? 1 : Math.Max(SigmaFloorRatio, Math.Pow(SigmaRatioPerIteration, iterations - 1));
    }
}

/// <summary>
/// Stuck-at faults, drawn once per trial and cell: with probability <see cref="GMinRate"/> a cell is stuck
/// at Gmin, with probability <see cref="GMaxRate"/> at Gmax, whatever it was programmed to.
/// </summary>
/// <param name="GMinRate">Fraction of cells stuck at Gmin. Range: [0, 1].</param>
/// <param name="GMaxRate">Fraction of cells stuck at Gmax. Range: [0, 1], GMinRate + GMaxRate &lt;= 1.</param>
public sealed record StuckAtModel(double GMinRate, double GMaxRate);

/// <summary>
/// Power-law conductance drift: a cell read <c>t</c> seconds after programming holds
/// <c>G(t) = G0 (t / t0)^(-nu)</c> for <c>t &gt; t0</c> (no drift before t0), with
/// <c>nu = |N(mu_k, sd_k^2)|</c> drawn once per trial and cell, k the cell's native level.
/// </summary>
/// <param name="T0S">Reference time t0 in seconds (first read after programming). Range: &gt; 0.</param>
/// <param name="NuMeanPerLevel">mu_k per native level (dimensionless); length = Levels.</param>
/// <param name="NuStdPerLevel">sd_k per native level (dimensionless, &gt;= 0); length = Levels.</param>
/// <remarks>Source: IBM aihwkit <c>PCMLikeNoiseModel.generate_drift_coefficients</c> and
/// <c>apply_drift_noise_to_conductance</c> (t0 = 20 s, nu clamped to [0.049, 0.1]); Nandakumar et al., ICECS 2019.</remarks>
public sealed record DriftModel(double T0S, IReadOnlyList<double> NuMeanPerLevel, IReadOnlyList<double> NuStdPerLevel);

/// <summary>Read noise of a device.</summary>
public abstract record ReadNoiseModel
{
    /// <summary>The model's name in device files (<c>relative</c>, <c>oneOverF</c>).</summary>
    public abstract string ModelName { get; }
}

/// <summary>
/// Fresh Gaussian noise on every read: each time a cell is read (every input bit-plane) it contributes
/// <c>G + N(0, (r G)^2)</c>, independently of every other read.
/// </summary>
/// <param name="SigmaRelative">r, relative standard deviation per read (dimensionless, &gt;= 0).</param>
/// <remarks>Simulated exactly in distribution at the partial-sum level: see the Monte Carlo engine (<c>Crossbar/MonteCarloEngine.cs</c>).</remarks>
public sealed record RelativeReadNoise(double SigmaRelative) : ReadNoiseModel
{
    /// <inheritdoc/>
    public override string ModelName => "relative";
}

/// <summary>
/// Accumulated 1/f read noise at the read time t (IBM aihwkit <c>PCMLikeNoiseModel</c>):
/// <c>G_t + |G_t| q_s sqrt(ln((t + t_read) / (2 t_read))) N(0, 1)</c>, clamped at 0, with
/// <c>q_s = min(QMax, QCoefficient / max((G_prog / Gmax)^QExponent, GnPowerFloor))</c>.
/// Drawn once per trial and cell: 1/f noise is dominated by slow fluctuations, constant over one search.
/// </summary>
/// <param name="QCoefficient">Numerator of q_s (dimensionless); aihwkit 0.0088.</param>
/// <param name="QExponent">Exponent of G/Gmax in q_s; aihwkit 0.65.</param>
/// <param name="QMax">Upper clamp of q_s; aihwkit 0.2.</param>
/// <param name="GnPowerFloor">Lower clamp of (G/Gmax)^QExponent; aihwkit 1e-3.</param>
/// <param name="TReadS">t_read, the read duration of the 1/f fit, seconds; aihwkit 250 ns.</param>
public sealed record OneOverFReadNoise(double QCoefficient, double QExponent, double QMax, double GnPowerFloor, double TReadS) : ReadNoiseModel
{
    /// <inheritdoc/>
    public override string ModelName => "oneOverF";

    /// <summary>The relative standard deviation <c>q_s sqrt(ln((t + t_read) / (2 t_read)))</c>; 0 at t &lt;= 0.</summary>
    /// <param name="gn">Programmed conductance over Gmax.</param>
    /// <param name="tS">Read time t in seconds after programming.</param>
    public double RelativeSigma(double gn, double tS)
    {
        if (tS <= 0) return 0;
        double q = Math.Min(QMax, QCoefficient / Math.Max(Math.Pow(Math.Abs(gn), QExponent), GnPowerFloor));
        return q * Math.Sqrt(Math.Log((tS + TReadS) / (2 * TReadS)));
    }
}
