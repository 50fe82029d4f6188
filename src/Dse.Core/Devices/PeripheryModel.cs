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
/// <param name="Adc">The ADC model and its parameters.</param>
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
    NeurosimSarAdc Adc,
    DigitalPeriphery Digital,
    string SourceFile);

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
