using Dse.Devices;

namespace Dse.Costs;

/// <summary>
/// The column an ADC converts, as the ADC cost models need it: its summed conductance, the read and
/// supply voltages, the rows read together and the array geometry that sets the reference columns and
/// the column capacitance.
/// </summary>
/// <param name="GColS">Summed effective conductance of the column's active cells (access transistor included), siemens. Range: &gt;= 0.</param>
/// <param name="ReadVoltageV">Read voltage Vread, volts. Range: &gt; 0.</param>
/// <param name="SupplyVoltageV">Digital supply voltage Vdd, volts. Range: &gt; 0.</param>
/// <param name="Rows">Rows read in parallel (the crossbar's rows). Range: &gt;= 1.</param>
/// <param name="GOnCellS">The device's top-level cell conductance Gmax = 1 / Ron without the access transistor, siemens (the unit of reference columns). Range: &gt; 0.</param>
/// <param name="ColumnCapacitanceF">Bitline wire capacitance of one column, farads. Range: &gt;= 0.</param>
/// <param name="ColumnAreaM2">Cell area of one column (rows x cell area), m^2; the size of one reference column. Range: &gt;= 0.</param>
public sealed record AdcColumn(double GColS, double ReadVoltageV, double SupplyVoltageV, int Rows, double GOnCellS, double ColumnCapacitanceF, double ColumnAreaM2)
{
    /// <summary>Checks every documented range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a field is outside its range.</exception>
    public void Validate()
    {
        if (!(GColS >= 0) || double.IsInfinity(GColS)) throw new ArgumentOutOfRangeException(nameof(GColS), GColS, "Range: 0 <= GColS < infinity.");
        if (!(ReadVoltageV > 0) || double.IsInfinity(ReadVoltageV)) throw new ArgumentOutOfRangeException(nameof(ReadVoltageV), ReadVoltageV, "Range: 0 < ReadVoltageV < infinity.");
        if (!(SupplyVoltageV > 0) || double.IsInfinity(SupplyVoltageV)) throw new ArgumentOutOfRangeException(nameof(SupplyVoltageV), SupplyVoltageV, "Range: 0 < SupplyVoltageV < infinity.");
        if (Rows < 1) throw new ArgumentOutOfRangeException(nameof(Rows), Rows, "Range: Rows >= 1.");
        if (!(GOnCellS > 0) || double.IsInfinity(GOnCellS)) throw new ArgumentOutOfRangeException(nameof(GOnCellS), GOnCellS, "Range: 0 < GOnCellS < infinity.");
        if (!(ColumnCapacitanceF >= 0)) throw new ArgumentOutOfRangeException(nameof(ColumnCapacitanceF), ColumnCapacitanceF, "Range: ColumnCapacitanceF >= 0.");
        if (!(ColumnAreaM2 >= 0)) throw new ArgumentOutOfRangeException(nameof(ColumnAreaM2), ColumnAreaM2, "Range: ColumnAreaM2 >= 0.");
    }
}

/// <summary>
/// One pluggable ADC cost model (docs/models.md, 'ADC'): energy, latency and area of one conversion at a
/// resolution, and the window during which the converted column's cells conduct.
/// </summary>
/// <remarks>
/// Cell-current convention, the same for every model: the cells of the converted column dissipate
/// <c>Vread^2 x G_col x SensingWindowS</c> per conversion. A model whose fit already holds that current
/// (<see cref="IncludesCellCurrent"/>, e.g. NeuroSim's SAR and current-mode sense amplifiers) returns it inside
/// <see cref="EnergyPerConversionJ"/>; for the others the cost model adds it to the <c>adc</c> component. Either
/// way it is counted once, and only in the <c>adc</c> component, so switching the ADC model changes no other component.
/// </remarks>
public interface IAdcModel
{
    /// <summary>Model name as used in sweeps and periphery files (e.g. <c>neurosimSar</c>).</summary>
    string Name { get; }

    /// <summary>True when <see cref="EnergyPerConversionJ"/> already holds the converted column's cell-current energy.</summary>
    bool IncludesCellCurrent { get; }

    /// <summary>Lowest resolution the model covers, bits.</summary>
    int MinBits { get; }

    /// <summary>Time the converted column's cells conduct per conversion, seconds (the cell-current window).</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="MinBits"/> to the top of <see cref="AdcResolution.Bits"/>.</param>
    /// <param name="column">The converted column.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside its range.</exception>
    double SensingWindowS(int bits, AdcColumn column);

    /// <summary>Energy of one conversion, joules (with the cell current when <see cref="IncludesCellCurrent"/>).</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="MinBits"/> to the top of <see cref="AdcResolution.Bits"/>.</param>
    /// <param name="column">The converted column.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits or the column is outside its range.</exception>
    double EnergyPerConversionJ(int bits, AdcColumn column);

    /// <summary>Latency of one conversion, seconds.</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="MinBits"/> to the top of <see cref="AdcResolution.Bits"/>.</param>
    /// <param name="column">The converted column.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside its range.</exception>
    double LatencyPerConversionS(int bits, AdcColumn column);

    /// <summary>Area of one ADC (with its share of any reference columns), m^2.</summary>
    /// <param name="bits">ADC resolution B. Range: <see cref="MinBits"/> to the top of <see cref="AdcResolution.Bits"/>.</param>
    /// <param name="column">The converted column.</param>
    /// <exception cref="ArgumentOutOfRangeException">When bits is outside its range.</exception>
    double AreaM2(int bits, AdcColumn column);

    /// <summary>Formula in words, for the breakdown.</summary>
    string Formula { get; }

    /// <summary>Where the formula and its coefficients come from (file and parameter names).</summary>
    string Source { get; }
}

/// <summary>
/// Builds the cost model of each ADC model's parameters (<see cref="AdcParameters"/>, read from a periphery file by
/// <see cref="PeripheryLoader"/>). Adding an ADC model means adding its parameter record and reader in <c>Dse.Devices</c>
/// (<see cref="AdcModelSet.Kinds"/>) and its <see cref="IAdcModel"/> here, built in <see cref="From"/>.
/// </summary>
public static class AdcModels
{
    /// <summary>The model called <paramref name="name"/> in <paramref name="periphery"/>'s <c>adcModels</c>.</summary>
    /// <param name="name">A model name with a block in the periphery file.</param>
    /// <param name="periphery">The periphery.</param>
    /// <exception cref="ArgumentOutOfRangeException">When the periphery has no block for <paramref name="name"/>.</exception>
    public static IAdcModel Create(string name, PeripheryModel periphery) => From(periphery.Adc.Get(name), periphery.FeatureSizeM);

    /// <summary>The cost model of one ADC model's parameters.</summary>
    /// <param name="parameters">The parameters, as read from a periphery file's <c>adcModels</c> block.</param>
    /// <param name="featureSizeM">The periphery's feature size F, metres (for fits in the technology node). Range: &gt; 0.</param>
    /// <exception cref="ArgumentException">When <paramref name="parameters"/> is of a kind without a cost model.</exception>
    public static IAdcModel From(AdcParameters parameters, double featureSizeM) => parameters switch
    {
        NeurosimSarAdc p => new NeurosimSarAdcModel(p),
        FlashAdc p => new FlashAdcModel(p),
        FlashVoltageAdc p => new FlashVoltageAdcModel(p),
        SurveyAdc p => new SurveyAdcModel(p, featureSizeM),
        _ => throw new ArgumentException($"No cost model for ADC model '{parameters.ModelName}'.", nameof(parameters)),
    };

    /// <summary>Throws unless <paramref name="bits"/> is in <paramref name="minBits"/>..the top of <see cref="AdcResolution.Bits"/>.</summary>
    internal static void CheckBits(int bits, int minBits) => (AdcResolution.Bits with { Min = minBits }).Check(bits, nameof(bits));
}
