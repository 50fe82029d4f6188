using System.Globalization;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>
/// Parameters of the Murmann ADC-survey fit as used by the Accelergy ADC plug-in (CiMLoop). With <c>f</c> the sample rate (Hz),
/// <c>T</c> the technology node (nm) and B the resolution:
/// <c>FOMS = min(fomsIntercept + fomsPerLnHz ln f, fomsCapIntercept + fomsCapPerBit B)</c> (dB);
/// <c>SNDR = 20 log10(2) B + 10 log10(1.5)</c> (= 6.02 B + 1.76 dB);
/// <c>E_S = 1 / (2 x 10^((FOMS - SNDR) / 10))</c>;
/// energy per conversion <c>E = E_S exp(energyIntercept + energyResidual + energyPerLnNm ln T + energyPerLnBits ln B)</c> in pJ;
/// area <c>exp(areaIntercept + areaPerLnNm ln T + areaPerLnHz ln f + areaPerLnPj ln E[pJ])</c> um^2.
/// </summary>
/// <param name="SampleRateHz">Sample rate f of one ADC, Hz; one conversion takes <c>1 / f</c>.</param>
/// <param name="MinBits">Lowest resolution the fit covers (the plug-in refuses fewer bits).</param>
/// <param name="FomsInterceptDb">FOMS intercept, dB.</param>
/// <param name="FomsPerLnHzDb">FOMS slope per ln(Hz), dB.</param>
/// <param name="FomsCapInterceptDb">Intercept of the resolution cap on FOMS, dB.</param>
/// <param name="FomsCapPerBitDb">Slope of the resolution cap on FOMS per bit, dB.</param>
/// <param name="EnergyIntercept">Energy correction intercept (natural log).</param>
/// <param name="EnergyResidual">Energy correction residual quantile (natural log).</param>
/// <param name="EnergyPerLnNm">Energy correction slope per ln(nm).</param>
/// <param name="EnergyPerLnBits">Energy correction slope per ln(bits).</param>
/// <param name="AreaIntercept">Area fit intercept, ln(um^2).</param>
/// <param name="AreaPerLnNm">Area slope per ln(nm).</param>
/// <param name="AreaPerLnHz">Area slope per ln(Hz).</param>
/// <param name="AreaPerLnPj">Area slope per ln(pJ per conversion).</param>
/// <remarks>Source: Accelergy ADC plug-in (github.com/Accelergy-Project/accelergy-adc-plug-in), <c>model.py</c> and
/// <c>adc_data/model.yaml</c>, fitted on B. Murmann, "ADC Performance Survey 1997-2023".</remarks>
public sealed record SurveyAdc(
    double SampleRateHz,
    int MinBits,
    double FomsInterceptDb,
    double FomsPerLnHzDb,
    double FomsCapInterceptDb,
    double FomsCapPerBitDb,
    double EnergyIntercept,
    double EnergyResidual,
    double EnergyPerLnNm,
    double EnergyPerLnBits,
    double AreaIntercept,
    double AreaPerLnNm,
    double AreaPerLnHz,
    double AreaPerLnPj) : AdcParameters(Key)
{
    /// <summary>The model's name: the key of its block in a periphery file's <c>adcModels</c>.</summary>
    public const string Key = "survey";

    /// <summary>How the periphery block <c>adcModels.survey</c> is read.</summary>
    public static AdcModelKind Kind { get; } = new(Key, "Murmann-survey ADC fit (Accelergy ADC plug-in)", Read);

    private static readonly (string Key, string Description)[] PositiveKeys =
    [
        ("sampleRateHz", "sample rate of one ADC, hertz"),
        ("fomsInterceptDb", "Schreier FOM intercept, dB"),
        ("fomsCapInterceptDb", "intercept of the resolution cap on the FOM, dB"),
        ("fomsCapPerBitDb", "slope of the resolution cap on the FOM per bit, dB"),
        ("areaPerLnNm", "area slope per ln(technology nm)"),
        ("areaPerLnHz", "area slope per ln(Hz)"),
    ];

    private static readonly (string Key, string Description)[] SignedKeys =
    [
        ("fomsPerLnHzDb", "Schreier FOM slope per ln(Hz), dB"),
        ("energyIntercept", "energy correction intercept (natural log)"),
        ("energyResidual", "energy correction residual (natural log)"),
        ("energyPerLnNm", "energy correction slope per ln(technology nm)"),
        ("energyPerLnBits", "energy correction slope per ln(bits)"),
        ("areaIntercept", "area intercept, ln(um^2)"),
        ("areaPerLnPj", "area slope per ln(pJ per conversion)"),
    ];

    /// <summary>Reads and checks the block <paramref name="block"/> at <paramref name="at"/>; reports every problem to <paramref name="r"/>.</summary>
    private static SurveyAdc? Read(StrictObjectReader r, JsonObject block, string at)
    {
        var v = AdcModelSet.ReadNumbers(r, block, at, PositiveKeys, SignedKeys, ["minBits"]);
        var minBits = r.RequiredInt(block, at, "minBits", "lowest resolution the fit covers");
        if (minBits is int m && !AdcResolution.Bits.Contains(m))
            r.Error($"{at}.minBits", AdcResolution.Bits.Expected, m.ToString(CultureInfo.InvariantCulture));
        if (v is null || minBits is not int min || !AdcResolution.Bits.Contains(min)) return null;
        return new SurveyAdc(v["sampleRateHz"], min, v["fomsInterceptDb"], v["fomsPerLnHzDb"],
            v["fomsCapInterceptDb"], v["fomsCapPerBitDb"], v["energyIntercept"], v["energyResidual"], v["energyPerLnNm"],
            v["energyPerLnBits"], v["areaIntercept"], v["areaPerLnNm"], v["areaPerLnHz"], v["areaPerLnPj"]);
    }
}
