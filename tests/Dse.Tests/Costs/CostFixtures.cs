using Dse.Costs;
using Dse.Devices;
using Dse.Tests.Shared;

namespace Dse.Tests.Costs;

/// <summary>
/// Device, periphery and design with round numbers, so that every component can be computed by
/// hand in the tests. Not a real technology: the values are chosen for arithmetic, except the SAR
/// ADC fit, which is NeuroSim's 22 nm LSTP one.
/// </summary>
internal static class CostFixtures
{
    /// <summary>Gmin 0, Gmax 10 uS (Ron 100 kOhm), 4 levels, 16 F^2; write 1 pJ per pulse, 100 ns, 4 verify iterations, 1e6 cycles.</summary>
    public static DeviceModel Device { get; } = new(
        "test-rram", "rram", "round numbers for hand calculations",
        GMinS: 0, GMaxS: 10e-6, Levels: 4, MaxBitsPerCell: 2, CellAreaF2: 16,
        Variation: new PerLevelVariation([0.01, 0.01, 0.01, 0.01]),
        Write: new WriteModel(EnergyPerCellJ: 1e-12, PulseS: 100e-9, VerifyIterations: 4, EnduranceCycles: 1e6), SourceFile: "(test)");

    /// <summary>NeuroSim V1.4 SarADC.cpp, 22 nm LSTP.</summary>
    public static NeurosimSarAdc Sar { get; } = new(
        PowerPerBitW: 0.538e-6, PowerOffsetW: 4.3753e-6, ColumnCurrentCoefficientWPerS: 0.072341,
        ReferenceReadVoltageV: 0.5, ConversionStepS: 1e-9,
        AreaScale: 0.102995, AreaOffsetUm2: 296, AreaPerBitUm2: 182);

    /// <summary>Voltage-mode flash: 2 fJ and 10 um^2 per comparator, 1 ns per conversion (round numbers).</summary>
    public static FlashVoltageAdc FlashVoltage { get; } = new(ComparatorEnergyJ: 2e-15, ComparatorAreaM2: 10e-12, ConversionS: 1e-9);

    /// <summary>The Accelergy ADC plug-in's survey fit (adc_data/model.yaml) at 1 GS/s, as in device-models/periphery/22nm.json.</summary>
    public static SurveyAdc Survey { get; } = new(
        SampleRateHz: 1e9, MinBits: 4, FomsInterceptDb: 213.7806687348118, FomsPerLnHzDb: -2.8719030399529957,
        FomsCapInterceptDb: 128.3068287398817, FomsCapPerBitDb: 3.2205115109775574, EnergyIntercept: 26.0496215686518,
        EnergyResidual: -1.4702022133784405, EnergyPerLnNm: 1.8800369206815004, EnergyPerLnBits: -2.8291256050594527,
        AreaIntercept: 1.3461916439910742, AreaPerLnNm: 0.9932794744745022, AreaPerLnHz: 0.18071538424508238, AreaPerLnPj: 0.29912426192653485);

    /// <summary>The shipped 22 nm periphery (device-models/periphery/22nm.json).</summary>
    public static PeripheryModel Shipped { get; } = PeripheryLoader.Resolve("22nm", Path.Combine(TestPaths.DeviceModels, "periphery"), null);

    /// <summary>
    /// F = 100 nm, Vdd 1 V, Vread 0.5 V, 1 GHz, 0.2 fF/um wire; cells 4 F high (so 4 F wide at 16 F^2), 0.01 fF access gate,
    /// access resistance 0.25 Ron for rram; synchronous clock factor 1.5; round digital values. ADC models: the SAR fit,
    /// a round voltage-mode flash, the survey fit, and the shipped current-mode flash.
    /// </summary>
    public static PeripheryModel Periphery { get; } = new(
        "test", FeatureSizeM: 100e-9, SupplyVoltageV: 1.0, ClockHz: 1e9, ReadVoltageV: 0.5, ReadPulseS: 10e-9,
        WireCapacitanceFPerM: 2e-10, ColsPerAdc: 8,
        Adc: new AdcModelSet(new Dictionary<string, AdcParameters>
        {
            [NeurosimSarAdc.Key] = Sar,
            [FlashVoltageAdc.Key] = FlashVoltage,
            [SurveyAdc.Key] = Survey,
            [FlashAdc.Key] = Shipped.Adc.Get(FlashAdc.Key),
        }),
        Array: new ArrayPeriphery(CellHeightF: 4, AccessGateCapacitanceF: 1e-17,
            AccessResistanceOverRon: new Dictionary<string, double> { ["rram"] = 0.25, ["fefet"] = 0, ["pcm"] = 0.25, ["mram"] = 0.25, ["sram"] = 0 }),
        Timing: new TimingConventions(SyncClockFactor: 1.5),
        Digital: new DigitalPeriphery(
            WlSwitchEnergyJPerActiveRow: 1e-15, WlSwitchAreaM2PerRow: 1e-12, WlSwitchLatencyS: 2e-9,
            MuxEnergyJPerConversion: 1e-16, MuxAreaM2PerColumn: 1e-13, MuxDecoderEnergyJPerStep: 1e-15, MuxDecoderAreaM2: 1e-11, MuxLatencyS: 1e-9,
            AdderEnergyJPerBit: 2e-15, AdderAreaM2PerBit: 2e-12, AdderActivity: 0.5,
            DffEnergyJ: 1e-15, DffAreaM2: 1e-12, DffActivity: 0.5,
            PoolingEnergyJPerOp: 5e-15, PoolingAreaM2: 1e-9,
            InterconnectEnergyJPerBitPerTile: 1e-14, TileCrossbars: 2),
        SourceFile: "(test)");

    /// <summary>
    /// Dim 256 on 128x64 crossbars, 16 stored vectors of 8-bit weights, 2 bits per cell, differential:
    /// 4 slices, 128 physical columns, 2 x 2 = 4 crossbars; 4 input vectors of 8 bits; 5-bit ADC,
    /// 8 columns per ADC; half the input bits and half the cell range active.
    /// </summary>
    public static CostDesign Design { get; } = new(
        Rows: 128, Cols: 64, CellBits: 2, AdcBits: 5, ColsPerAdc: 8, WeightBits: 8, InputBits: 8,
        SignedMapping: Dse.Crossbar.SignedMapping.Differential, StoredVectors: 16, Dim: 256, InputVectorsPerQuery: 4,
        InputActiveFraction: 0.5, MeanCellLevelFraction: 0.5, ScoreOpsPerQuery: 100, OvtCount: 2);

    /// <summary>A column for the ADC models: G_col as given, Vread 0.55 V, Vdd 0.85 V, 128 rows of Ron 100 kOhm cells, 2.25 fF, 2.97 um^2 per column (128 cells of 48 F^2 at 22 nm).</summary>
    public static AdcColumn Column(double gColS) => new(gColS, 0.55, 0.85, 128, 1e-5, 2.25e-15, 2.97e-12);

    public static ComponentCost Component(CostBreakdown b, string name) => b.Components.Single(c => c.Name == name);
}
