namespace Dse.Devices;

/// <summary>
/// Technology node and periphery circuits shared by every design of a sweep
/// (<c>device-models/periphery/NAME.json</c>). Every value carries its source in the file.
/// </summary>
/// <param name="Name">File stem, e.g. <c>22nm</c>.</param>
/// <param name="FeatureSizeM">Feature size F in metres (22e-9).</param>
/// <param name="SupplyVoltageV">Digital supply voltage in volts.</param>
/// <param name="ClockHz">Digital clock in hertz.</param>
/// <param name="ReadVoltageV">Wordline read voltage Vread in volts.</param>
/// <param name="ReadPulseS">Array read pulse (bitline settle) time in seconds per input cycle.</param>
/// <param name="WireCapacitanceFPerM">Wire capacitance in farads per metre.</param>
/// <param name="ColsPerAdc">Default number of columns sharing one ADC (column multiplexing).</param>
/// <param name="Adc">The ADC models (periphery file key <c>adcModels</c>): one parameter block per named model.</param>
/// <param name="Digital">Per-operation energies and per-unit areas of the digital periphery.</param>
/// <param name="SourceFile">Path the model was loaded from.</param>
public sealed record PeripheryModel(
    string Name,
    double FeatureSizeM,
    double SupplyVoltageV,
    double ClockHz,
    double ReadVoltageV,
    double ReadPulseS,
    double WireCapacitanceFPerM,
    int ColsPerAdc,
    AdcModelSet Adc,
    DigitalPeriphery Digital,
    string SourceFile);

/// <summary>The named ADC models of a periphery file (key <c>adcModels</c>), one parameter block each.</summary>
/// <param name="NeurosimSar">Block <c>neurosimSar</c>: NeuroSim's SAR ADC fit.</param>
/// <param name="Flash">Block <c>flash</c>: a flash ADC of <c>2^B - 1</c> comparators.</param>
/// <param name="Survey">Block <c>survey</c>: the Murmann-survey fit of the Accelergy ADC plug-in.</param>
public sealed record AdcModelSet(NeurosimSarAdc NeurosimSar, FlashAdc Flash, SurveyAdc Survey)
{
    /// <summary>Model name of <see cref="NeurosimSar"/>.</summary>
    public const string NeurosimSarName = "neurosimSar";
    /// <summary>Model name of <see cref="Flash"/>.</summary>
    public const string FlashName = "flash";
    /// <summary>Model name of <see cref="Survey"/>.</summary>
    public const string SurveyName = "survey";

    /// <summary>The model names a sweep's <c>adcModel</c> axis may use, in file order.</summary>
    public static IReadOnlyList<string> Names { get; } = [NeurosimSarName, FlashName, SurveyName];
}

/// <summary>
/// A flash ADC: <c>2^B - 1</c> comparators (sense amplifiers) fire in parallel on every conversion, so
/// energy and area grow exponentially in B while the latency is one comparison.
/// </summary>
/// <param name="ComparatorEnergyJ">Energy of one comparator per conversion, joules.</param>
/// <param name="ComparatorAreaM2">Area of one comparator (with its reference tap), m^2.</param>
/// <param name="ConversionS">Latency of one conversion, seconds.</param>
/// <remarks>Source: NeuroSim V1.x <c>MultilevelSenseAmp.cpp</c> (voltage-mode multilevel sense amplifier = flash ADC, 22 nm LSTP), see the periphery file's sources.</remarks>
public sealed record FlashAdc(double ComparatorEnergyJ, double ComparatorAreaM2, double ConversionS);

/// <summary>
/// Murmann ADC-survey fit as used by the Accelergy ADC plug-in (CiMLoop). With <c>f</c> the sample rate (Hz),
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
    double AreaPerLnPj);

/// <summary>
/// NeuroSim's SAR ADC (<c>SarADC.cpp</c>), 22 nm LSTP fit: power
/// <c>P = (a B + b) uW + c G_col (Vread / 0.5 V)</c>, latency <c>(B + 1) x conversionStepS</c> per
/// conversion, area <c>areaScaleUm2 (areaOffset + areaPerBit B) um^2</c>.
/// </summary>
/// <param name="PowerPerBitW">a, in watts per bit (0.538e-6).</param>
/// <param name="PowerOffsetW">b, in watts (4.3753e-6).</param>
/// <param name="ColumnCurrentCoefficientWPerS">c, in watts per siemens (0.072341).</param>
/// <param name="ReferenceReadVoltageV">Read voltage of the fit (0.5 V).</param>
/// <param name="ConversionStepS">Time per SAR cycle in seconds (1e-9).</param>
/// <param name="AreaScale">Multiplier of the area fit (0.102995).</param>
/// <param name="AreaOffsetUm2">Area offset in um^2 before scaling (296).</param>
/// <param name="AreaPerBitUm2">Area per bit in um^2 before scaling (182).</param>
/// <remarks>Source: NeuroSim V1.4 <c>SarADC.cpp</c> (22 nm LSTP).</remarks>
public sealed record NeurosimSarAdc(
    double PowerPerBitW,
    double PowerOffsetW,
    double ColumnCurrentCoefficientWPerS,
    double ReferenceReadVoltageV,
    double ConversionStepS,
    double AreaScale,
    double AreaOffsetUm2,
    double AreaPerBitUm2);

/// <summary>Energies per operation, areas per unit and latencies of the digital and driver periphery.</summary>
/// <param name="WlDriverEnergyJ">Energy to drive one wordline (driver + 1-bit DAC) for one input cycle, joules.</param>
/// <param name="WlDriverAreaM2">Area of one wordline driver, m^2.</param>
/// <param name="WlDriverLatencyS">Wordline driver delay, seconds.</param>
/// <param name="MuxEnergyJ">Energy of one column-mux switch event (incl. its decoder share), joules.</param>
/// <param name="MuxAreaM2">Area of one column-mux transmission gate plus decoder share, m^2.</param>
/// <param name="MuxLatencyS">Column-mux switching delay, seconds.</param>
/// <param name="ShiftAddEnergyJPerBit">Shift-and-add energy per bit of operand, joules.</param>
/// <param name="ShiftAddAreaM2PerBit">Shift-and-add area per bit of operand width, m^2.</param>
/// <param name="AccumulatorEnergyJPerBit">Accumulator (adder tree) energy per bit per addition, joules.</param>
/// <param name="AccumulatorAreaM2PerBit">Accumulator area per bit, m^2.</param>
/// <param name="PoolingEnergyJPerOp">Pooling / weighted-sum / argmax energy per operation, joules.</param>
/// <param name="PoolingAreaM2">Area of the pooling and argmax unit, m^2.</param>
/// <param name="BufferEnergyJPerBit">SRAM buffer access energy per bit, joules.</param>
/// <param name="BufferAreaM2PerBit">SRAM buffer area per bit, m^2.</param>
/// <param name="InterconnectEnergyJPerBitPerTile">Inter-tile interconnect energy per bit per tile hop, joules.</param>
/// <param name="TileCrossbars">Crossbars (subarrays) per tile.</param>
public sealed record DigitalPeriphery(
    double WlDriverEnergyJ,
    double WlDriverAreaM2,
    double WlDriverLatencyS,
    double MuxEnergyJ,
    double MuxAreaM2,
    double MuxLatencyS,
    double ShiftAddEnergyJPerBit,
    double ShiftAddAreaM2PerBit,
    double AccumulatorEnergyJPerBit,
    double AccumulatorAreaM2PerBit,
    double PoolingEnergyJPerOp,
    double PoolingAreaM2,
    double BufferEnergyJPerBit,
    double BufferAreaM2PerBit,
    double InterconnectEnergyJPerBitPerTile,
    int TileCrossbars);

/// <summary>
/// Parasitic resistances of one crossbar tile (periphery file key <c>wires</c>), for the IR-drop models of
/// <c>Dse.Crossbar.IrDrop</c>: the wordline and bitline wire segment between neighbouring cells, the wordline driver's
/// output resistance, the sense node's input resistance (the bitline ends at a virtual ground behind it) and the series
/// on-resistance of the access transistor, as a fraction of the device's Ron, per device kind.
/// </summary>
/// <param name="WordlineOhmPerCell">Wordline (row, input) wire resistance per cell pitch of the reference cell, ohm. Range: &gt; 0.</param>
/// <param name="BitlineOhmPerCell">Bitline (column, output) wire resistance per cell pitch of the reference cell, ohm. Range: &gt; 0.</param>
/// <param name="ReferenceCellAreaF2">Area of the cell the per-pitch values are for, F^2; a device of cell area A has both pitches
/// scaled by <c>sqrt(A / ReferenceCellAreaF2)</c> (same aspect ratio). Range: &gt; 0.</param>
/// <param name="DriverOutputOhm">Output resistance of one wordline driver, ohm. Range: &gt; 0.</param>
/// <param name="SenseInputOhm">Input resistance between a bitline end and the sense amplifier's virtual ground, ohm. Range: &gt; 0.</param>
/// <param name="AccessOnResistanceRatio">Access-transistor on-resistance over the device's Ron (<c>1 / GMaxS</c>), keyed by every
/// device kind (<c>DeviceLoader.Kinds</c>); 0 for kinds read without a separate access transistor. Range: &gt;= 0.</param>
/// <remarks>Sources: per value in the periphery file's <c>sources</c> (NeuroSim V1.4 <c>Param.cpp</c> wire model and
/// <c>NewSwitchMatrix.cpp</c>, 22 nm LSTP); the circuit is described on <c>Dse.Crossbar.IrDrop.TileParasitics</c>.</remarks>
public sealed record WireModel(
    double WordlineOhmPerCell,
    double BitlineOhmPerCell,
    double ReferenceCellAreaF2,
    double DriverOutputOhm,
    double SenseInputOhm,
    IReadOnlyDictionary<string, double> AccessOnResistanceRatio)
{
    /// <summary>The periphery file key of this block.</summary>
    public const string Key = "wires";
}
