using Dse.Devices;

namespace Dse.Costs;

/// <summary>
/// Murmann-survey ADC fit of the Accelergy ADC plug-in (see <see cref="SurveyAdc"/> for the formulas), at the
/// periphery's technology node and the block's sample rate. Latency per conversion is <c>1 / sampleRateHz</c>.
/// The fit holds no cell current: the column is tracked for one sample period, so the sensing window is
/// <c>1 / sampleRateHz</c> and the cost model adds <c>Vread^2 G_col / sampleRateHz</c> per conversion.
/// </summary>
/// <param name="parameters">Periphery block <c>adcModels.survey</c>.</param>
/// <param name="featureSizeM">Technology node F, metres (the fit takes ln of F in nm).</param>
/// <remarks>Source: Accelergy ADC plug-in <c>model.py</c>, <c>adc_data/model.yaml</c> (used by CiMLoop); B. Murmann, ADC Performance Survey.
/// Reproduces about 0.46 / 0.53 / 0.85 pJ and 2.8k-3.3k um^2 at 4 / 6 / 8 bits, 22 nm, 1 GS/s.</remarks>
public sealed class SurveyAdcModel(SurveyAdc parameters, double featureSizeM) : IAdcModel
{
    /// <summary>Model name: <c>survey</c>.</summary>
    public const string ModelName = SurveyAdc.Key;

    /// <inheritdoc/>
    public string Name => ModelName;
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

    /// <summary>Energy of one conversion without the cell current, joules.</summary>
    /// <param name="bits">Resolution B. Range: <see cref="MinBits"/> to the top of <see cref="AdcResolution.Bits"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside its range.</exception>
    public double ConverterEnergyJ(int bits)
    {
        AdcModels.CheckBits(bits, MinBits);
        return EnergyPj(bits) * 1e-12;
    }

    /// <inheritdoc/>
    public double EnergyPerConversionJ(int bits, AdcColumn column) => ConverterEnergyJ(bits);

    private double EnergyPj(int bits)
    {
        double schreier = 1 / (2 * Math.Pow(10, (FomsDb(bits) - SndrDb(bits)) / 10));
        double nm = featureSizeM * 1e9;
        return schreier * Math.Exp(parameters.EnergyIntercept + parameters.EnergyResidual
            + parameters.EnergyPerLnNm * Math.Log(nm) + parameters.EnergyPerLnBits * Math.Log(bits));
    }

    /// <inheritdoc/>
    public double SensingWindowS(int bits, AdcColumn column) => LatencyPerConversionS(bits, column);

    /// <inheritdoc/>
    public double LatencyPerConversionS(int bits, AdcColumn column)
    {
        AdcModels.CheckBits(bits, MinBits);
        return 1 / parameters.SampleRateHz;
    }

    /// <summary>Area of one ADC, m^2.</summary>
    /// <param name="bits">Resolution B. Range: <see cref="MinBits"/> to the top of <see cref="AdcResolution.Bits"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside its range.</exception>
    public double AreaM2(int bits)
    {
        AdcModels.CheckBits(bits, MinBits);
        double nm = featureSizeM * 1e9;
        double um2 = Math.Exp(parameters.AreaIntercept + parameters.AreaPerLnNm * Math.Log(nm)
            + parameters.AreaPerLnHz * Math.Log(parameters.SampleRateHz) + parameters.AreaPerLnPj * Math.Log(EnergyPj(bits)));
        return um2 * 1e-12;
    }

    /// <inheritdoc/>
    public double AreaM2(int bits, AdcColumn column) => AreaM2(bits);

    /// <inheritdoc/>
    public string Formula =>
        "E = 1 / (2 x 10^((FOMS - SNDR)/10)) x exp(tech/bits correction), SNDR = 6.02 B + 1.76 dB, FOMS capped by resolution; "
        + "area fit in ln(nm), ln(Hz), ln(pJ); 1 / sampleRateHz per conversion; cell current Vread^2 G_col over the sample period 1 / sampleRateHz";

    /// <inheritdoc/>
    public string Source => "Accelergy ADC plug-in model.py and adc_data/model.yaml (Murmann ADC survey; CiMLoop); periphery adcModels.survey";
}
