using System.Globalization;
using Dse.Crossbar.IrDrop;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration.Axes;

namespace Dse.Pipeline;

/// <summary>What <c>dse irdrop check</c> checks, its command-line values already validated one by one.</summary>
/// <param name="Device">Device name in the library or a device file (relative to the working directory).</param>
/// <param name="Crossbar">The tile checked, and the aspect ratio of <paramref name="Sizes"/>.</param>
/// <param name="Sizes">Row counts R' to check at the crossbar's aspect ratio (C' = round(R' C / R), at least 1), each in
/// <see cref="CrossbarSize.Range"/>; empty: the crossbar only.</param>
/// <param name="InputDensity">Probability that an input bit is 1. Range: (0, 1].</param>
/// <param name="MeanLevel">Mean programmed level over the top level. Range: [0, 1]; null: levels uniform.</param>
/// <param name="CellBits">Bits per cell, checked against the device by <see cref="IrDropRun.Open"/>; null: the device's most.</param>
/// <param name="SigmaScale">Multiplier of the device's programming variation (the fast model sees the nominal levels). Range: finite, &gt;= 0.</param>
/// <param name="Tiles">Random programmed tiles per size. Range: &gt;= 1.</param>
/// <param name="Planes">Random input bit-planes solved exactly per tile. Range: &gt;= 1.</param>
/// <param name="WireScale">Multiplier of every parasitic resistance (the sweep's <c>wireResistanceScale</c>). Range: finite, &gt;= 0.</param>
/// <param name="Seed">Seed of the programmed levels and inputs.</param>
public sealed record IrDropRequest(string Device, CrossbarSize Crossbar, IReadOnlyList<int> Sizes, double InputDensity, double? MeanLevel, int? CellBits,
    double SigmaScale, int Tiles, int Planes, double WireScale, ulong Seed);

/// <summary>
/// <c>dse irdrop check</c>: the fast IR-drop model (without and with its column-current correction) and ideal wires against the
/// exact nodal solve (<see cref="IrDropCheck"/>), on random programmed tiles of each size. <see cref="Open"/> loads the device
/// and the periphery's wires and fixes the sizes; <see cref="Run"/> checks one size, so that a caller can report each as it ends.
/// </summary>
public sealed class IrDropRun
{
    private readonly IrDropRequest request;

    private IrDropRun(IrDropRequest request, DeviceModel device, PeripheryModel periphery, TileParasitics parasitics, int cellBits, IReadOnlyList<CrossbarSize> shapes)
    {
        this.request = request;
        (Device, Periphery, Parasitics, CellBits, Shapes) = (device, periphery, parasitics, cellBits, shapes);
    }

    /// <summary>The device checked.</summary>
    public DeviceModel Device { get; }

    /// <summary>The periphery whose wires and read voltage (<see cref="PeripheryModel.ReadVoltageV"/>, volts) the tiles use.</summary>
    public PeripheryModel Periphery { get; }

    /// <summary>The resistances per cell pitch, ohms (the periphery's wires at the request's scale, the device's access resistance).</summary>
    public TileParasitics Parasitics { get; }

    /// <summary>Bits per cell checked.</summary>
    public int CellBits { get; }

    /// <summary>The tile sizes to check, in the order of the request's sizes (or the crossbar alone).</summary>
    public IReadOnlyList<CrossbarSize> Shapes { get; }

    /// <summary>Loads the models of <paramref name="request"/> and checks its cell bits against the device.</summary>
    /// <param name="request">What to check.</param>
    /// <param name="library">Where the device and periphery files are found.</param>
    /// <param name="periphery">Periphery name or file; it must have <c>wires</c>.</param>
    /// <param name="workingDirectory">Directory that relative device and periphery paths are resolved against.</param>
    /// <exception cref="InputException">An unknown or invalid device or periphery file, or cell bits outside <c>1 .. MaxBitsPerCell</c> of the device.</exception>
    public static IrDropRun Open(IrDropRequest request, DeviceLibrary library, string periphery, string workingDirectory)
    {
        var device = library.Device(request.Device, workingDirectory);
        var peripheryModel = library.Periphery(periphery, workingDirectory);
        var wires = peripheryModel.Wires!;
        int cellBits = request.CellBits ?? device.MaxBitsPerCell;
        if (cellBits < 1 || cellBits > device.MaxBitsPerCell)
            throw new InputException(new InputError("command line", "--cell-bits", null,
                $"an integer in 1..{device.MaxBitsPerCell} for {device.Name} ({device.Levels} levels)", cellBits.ToString(CultureInfo.InvariantCulture)));
        var (rows, cols) = request.Crossbar;
        IReadOnlyList<CrossbarSize> shapes = request.Sizes.Count == 0 ? [request.Crossbar]
            : request.Sizes.Select(r => new CrossbarSize(r, Math.Max(1, (int)Math.Round((double)r * cols / rows)))).ToList();
        return new IrDropRun(request, device, peripheryModel, TileParasitics.For(wires, device, request.WireScale), cellBits, shapes);
    }

    /// <summary>Checks one tile size.</summary>
    /// <param name="shape">The tile, one of <see cref="Shapes"/> or any other size.</param>
    /// <returns>The relative partial-sum errors (fractions) and the models' times (seconds) and iterations.</returns>
    public IrDropCheckResult Run(CrossbarSize shape) =>
        IrDropCheck.Run(new IrDropCheckCase(Device, Parasitics, Periphery.ReadVoltageV, shape.Rows, shape.Cols, request.InputDensity, request.MeanLevel, CellBits,
            request.SigmaScale, request.Tiles, request.Planes, request.Seed));
}
