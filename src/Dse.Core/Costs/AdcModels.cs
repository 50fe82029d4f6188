using Dse.Devices;

namespace Dse.Costs;

/// <summary>
/// One pluggable ADC cost model (DESIGN §8): energy, latency and area of one conversion at a resolution.
/// Implementations: <see cref="NeurosimSarAdcModel"/>, <see cref="FlashAdcModel"/>, <see cref="SurveyAdcModel"/>.
/// </summary>
public interface IAdcModel
{
    /// <summary>Model name as used in sweeps and periphery files (<c>neurosimSar</c>, <c>flash</c>, <c>survey</c>).</summary>
    string Name { get; }

    /// <summary>True when <see cref="EnergyPerConversionJ"/> already holds the bitline (cell) current energy, so the array must not count it again.</summary>
    bool IncludesCellCurrent { get; }

    /// <summary>Lowest resolution the model covers, bits.</summary>
    int MinBits { get; }

    /// <summary>Energy of one conversion, joules.</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="MinBits"/> &lt;= bits &lt;= 16.</param>
    /// <param name="gColS">Summed conductance of the column's active cells, siemens (used only when <see cref="IncludesCellCurrent"/>). Range: &gt;= 0.</param>
    /// <param name="readVoltageV">Read voltage, volts. Range: &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">When an argument is outside its range.</exception>
    double EnergyPerConversionJ(int bits, double gColS, double readVoltageV);

    /// <summary>Latency of one conversion, seconds.</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="MinBits"/> &lt;= bits &lt;= 16.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside its range.</exception>
    double LatencyPerConversionS(int bits);

    /// <summary>Area of one ADC, m^2.</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="MinBits"/> &lt;= bits &lt;= 16.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside its range.</exception>
    double AreaM2(int bits);

    /// <summary>Formula and source, for the breakdown's model column.</summary>
    string Description { get; }
}

/// <summary>Picks the <see cref="IAdcModel"/> named in a design from a periphery's <see cref="AdcModelSet"/>.</summary>
public static class AdcModels
{
    /// <summary>The model called <paramref name="name"/>, built from <paramref name="periphery"/>'s parameters.</summary>
    /// <param name="name">One of <see cref="AdcModelSet.Names"/>.</param>
    /// <param name="periphery">Periphery holding the parameter blocks and the feature size (the survey fit's technology node).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="name"/> is not a known model.</exception>
    public static IAdcModel Create(string name, PeripheryModel periphery) => name switch
    {
        AdcModelSet.NeurosimSarName => new NeurosimSarAdcModel(periphery.Adc.NeurosimSar),
        AdcModelSet.FlashName => new FlashAdcModel(periphery.Adc.Flash),
        AdcModelSet.SurveyName => new SurveyAdcModel(periphery.Adc.Survey, periphery.FeatureSizeM),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Range: one of " + string.Join(", ", AdcModelSet.Names) + "."),
    };

    internal static void CheckBits(int bits, int minBits)
    {
        if (bits < minBits || bits > 16) throw new ArgumentOutOfRangeException(nameof(bits), bits, $"Range: {minBits} <= bits <= 16.");
    }
}

/// <summary>
/// Flash ADC: <c>2^B - 1</c> comparators convert in parallel. Energy per conversion
/// <c>(2^B - 1) x comparatorEnergyJ</c>, area <c>(2^B - 1) x comparatorAreaM2</c>, latency <c>conversionS</c>.
/// The cell current is not part of it (the array costs it).
/// </summary>
/// <param name="parameters">Periphery block <c>adcModels.flash</c>.</param>
/// <remarks>Source: NeuroSim V1.x <c>MultilevelSenseAmp.cpp</c> (voltage mode, 22 nm LSTP), via the periphery file.</remarks>
public sealed class FlashAdcModel(FlashAdc parameters) : IAdcModel
{
    /// <inheritdoc/>
    public string Name => AdcModelSet.FlashName;
    /// <inheritdoc/>
    public bool IncludesCellCurrent => false;
    /// <inheritdoc/>
    public int MinBits => 1;

    /// <summary>Comparators of a B-bit flash ADC: <c>2^B - 1</c>.</summary>
    /// <param name="bits">Resolution B. Range: 1 &lt;= bits &lt;= 16.</param>
    public static double Comparators(int bits) => Math.Pow(2, bits) - 1;

    /// <inheritdoc/>
    public double EnergyPerConversionJ(int bits, double gColS, double readVoltageV)
    {
        AdcModels.CheckBits(bits, MinBits);
        return Comparators(bits) * parameters.ComparatorEnergyJ;
    }

    /// <inheritdoc/>
    public double LatencyPerConversionS(int bits)
    {
        AdcModels.CheckBits(bits, MinBits);
        return parameters.ConversionS;
    }

    /// <inheritdoc/>
    public double AreaM2(int bits)
    {
        AdcModels.CheckBits(bits, MinBits);
        return Comparators(bits) * parameters.ComparatorAreaM2;
    }

    /// <inheritdoc/>
    public string Description =>
        "flash (NeuroSim MultilevelSenseAmp.cpp, voltage mode): 2^B - 1 comparators, E = (2^B - 1) comparatorEnergyJ, "
        + "area (2^B - 1) comparatorAreaM2, conversionS per conversion (periphery adcModels.flash); cell current costed in array";
}

/// <summary>
/// Murmann-survey ADC fit of the Accelergy ADC plug-in (see <see cref="SurveyAdc"/> for the formulas), at the
/// periphery's technology node and the block's sample rate. Latency per conversion is <c>1 / sampleRateHz</c>.
/// The cell current is not part of it (the array costs it).
/// </summary>
/// <param name="parameters">Periphery block <c>adcModels.survey</c>.</param>
/// <param name="featureSizeM">Technology node F, metres (the fit takes ln of F in nm).</param>
/// <remarks>Source: Accelergy ADC plug-in <c>model.py</c>, <c>adc_data/model.yaml</c> (used by CiMLoop); B. Murmann, ADC Performance Survey.
/// Reproduces about 0.46 / 0.53 / 0.85 pJ and 2.8k-3.3k um^2 at 4 / 6 / 8 bits, 22 nm, 1 GS/s (DESIGN §8).</remarks>
public sealed class SurveyAdcModel(SurveyAdc parameters, double featureSizeM) : IAdcModel
{
    /// <inheritdoc/>
    public string Name => AdcModelSet.SurveyName;
    /// <inheritdoc/>
    public bool IncludesCellCurrent => false;
    /// <inheritdoc/>
    public int MinBits => parameters.MinBits;

    /// <summary>SNDR of an ideal B-bit converter: <c>20 log10(2) B + 10 log10(1.5)</c> dB (6.02 B + 1.76).</summary>
    public static double SndrDb(int bits) => 20 * Math.Log10(2) * bits + 10 * Math.Log10(1.5);

    /// <summary>Schreier FOM at B bits: <c>min(fomsIntercept + fomsPerLnHz ln f, fomsCapIntercept + fomsCapPerBit B)</c>, dB.</summary>
    /// <param name="bits">Resolution B.</param>
    public double FomsDb(int bits) => Math.Min(
        parameters.FomsInterceptDb + parameters.FomsPerLnHzDb * Math.Log(parameters.SampleRateHz),
        parameters.FomsCapInterceptDb + parameters.FomsCapPerBitDb * bits);

    /// <inheritdoc/>
    public double EnergyPerConversionJ(int bits, double gColS, double readVoltageV)
    {
        AdcModels.CheckBits(bits, MinBits);
        return EnergyPj(bits) * 1e-12;
    }

    private double EnergyPj(int bits)
    {
        double schreier = 1 / (2 * Math.Pow(10, (FomsDb(bits) - SndrDb(bits)) / 10));
        double nm = featureSizeM * 1e9;
        return schreier * Math.Exp(parameters.EnergyIntercept + parameters.EnergyResidual
            + parameters.EnergyPerLnNm * Math.Log(nm) + parameters.EnergyPerLnBits * Math.Log(bits));
    }

    /// <inheritdoc/>
    public double LatencyPerConversionS(int bits)
    {
        AdcModels.CheckBits(bits, MinBits);
        return 1 / parameters.SampleRateHz;
    }

    /// <inheritdoc/>
    public double AreaM2(int bits)
    {
        AdcModels.CheckBits(bits, MinBits);
        double nm = featureSizeM * 1e9;
        double um2 = Math.Exp(parameters.AreaIntercept + parameters.AreaPerLnNm * Math.Log(nm)
            + parameters.AreaPerLnHz * Math.Log(parameters.SampleRateHz) + parameters.AreaPerLnPj * Math.Log(EnergyPj(bits)));
        return um2 * 1e-12;
    }

    /// <inheritdoc/>
    public string Description =>
        "survey (Accelergy ADC plug-in, Murmann survey; CiMLoop): E = 1 / (2 x 10^((FOMS - SNDR)/10)) x exp(tech/bits correction), "
        + "SNDR = 6.02 B + 1.76 dB, FOMS capped by resolution; area fit in ln(nm), ln(Hz), ln(pJ); 1 / sampleRateHz per conversion "
        + "(periphery adcModels.survey); cell current costed in array";
}
