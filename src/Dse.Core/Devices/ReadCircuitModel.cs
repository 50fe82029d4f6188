namespace Dse.Devices;

/// <summary>What the bitlines a column multiplexer does not select are connected to during a read.</summary>
public enum UnselectedBitlines
{
    /// <summary>Left floating: no path to a sense node or ground, so their cells carry (almost) no current and the wordline
    /// drives only the selected cells.</summary>
    Floating,

    /// <summary>Held at ground (0 V) like a sensed bitline: every cell of a driven row conducts, sensed or not.</summary>
    Grounded,
}

/// <summary>How the wordline drivers and the bitline sense switches are sized.</summary>
public enum SwitchSizing
{
    /// <summary>Every switch at the periphery file's <c>wires.driverOutputOhm</c> / <c>wires.senseInputOhm</c>, whatever it carries.</summary>
    Fixed,

    /// <summary>Each transmission gate widened until its on-resistance is at most <c>switchLoadTolerance</c> times the resistance
    /// of the cells it drives in parallel at Gmax (the worst-case current of one read), never narrower than the fixed gate.</summary>
    Load,
}

/// <summary>What holds the bitline at the sense input.</summary>
public enum SenseNode
{
    /// <summary>The bitline reaches the ADC's virtual ground through the sense switch alone.</summary>
    Passive,

    /// <summary>An amplifier loop clamps the bitline: the sense input resistance is divided by the loop gain, and the amplifier is costed.</summary>
    Clamped,
}

/// <summary>
/// How an array is read (periphery file block <c>readCircuit</c>): rows driven per read, what the unselected bitlines of a column
/// multiplexer do, how the switches are sized, what holds the sense node, and the costs of the clamp amplifier and of the
/// per-column gain trim. Every value's source is in the periphery file's <c>sources</c>.
/// </summary>
/// <param name="RowsPerRead">Default wordlines activated together in one read of a subarray (the sweep's <c>rowsPerRead</c> axis
/// default); null: all rows of the subarray. Range: &gt;= 1.</param>
/// <param name="UnselectedBitlines">What the bitlines not selected by the column multiplexer are connected to.</param>
/// <param name="SwitchSizing">How the drivers and sense switches are sized.</param>
/// <param name="SwitchLoadTolerance">With <see cref="Devices.SwitchSizing.Load"/>: the largest switch on-resistance as a fraction of
/// the parallel resistance of the cells it carries at Gmax. Range: (0, 10].</param>
/// <param name="SenseNode">What holds the bitline at the sense input.</param>
/// <param name="ClampLoopGain">With <see cref="Devices.SenseNode.Clamped"/>: the loop gain dividing the sense input resistance. Range: &gt;= 1.</param>
/// <param name="ClampEnergyJPerConversion">Energy of the clamp amplifier per conversion (its bias over one sensing window), joules. Range: &gt;= 0.</param>
/// <param name="ClampAreaM2">Area of one clamp amplifier (one per ADC input), m^2. Range: &gt;= 0.</param>
/// <param name="GainTrimEnergyJPerConversion">Energy of the per-column gain correction per conversion, joules. Range: &gt;= 0.</param>
/// <param name="GainTrimAreaM2PerColumn">Area of one column's stored trim, m^2. Range: &gt;= 0.</param>
public sealed record ReadCircuitModel(
    int? RowsPerRead,
    UnselectedBitlines UnselectedBitlines,
    SwitchSizing SwitchSizing,
    double SwitchLoadTolerance,
    SenseNode SenseNode,
    double ClampLoopGain,
    double ClampEnergyJPerConversion,
    double ClampAreaM2,
    double GainTrimEnergyJPerConversion,
    double GainTrimAreaM2PerColumn)
{
    /// <summary>The periphery file key of this block.</summary>
    public const string Key = "readCircuit";

    /// <summary>The value of <c>rowsPerRead</c> that reads every row of the subarray at once (<see cref="RowsPerRead"/> null).</summary>
    public const string AllRows = "all";

    /// <summary>The file names of <see cref="Devices.UnselectedBitlines"/>: <c>floating</c>, <c>grounded</c>.</summary>
    public static IReadOnlyList<(UnselectedBitlines Value, string Name)> UnselectedBitlinesNames { get; } =
        [(Devices.UnselectedBitlines.Floating, "floating"), (Devices.UnselectedBitlines.Grounded, "grounded")];

    /// <summary>The file names of <see cref="Devices.SwitchSizing"/>: <c>fixed</c>, <c>load</c>.</summary>
    public static IReadOnlyList<(SwitchSizing Value, string Name)> SwitchSizingNames { get; } =
        [(Devices.SwitchSizing.Fixed, "fixed"), (Devices.SwitchSizing.Load, "load")];

    /// <summary>The file names of <see cref="Devices.SenseNode"/>: <c>passive</c>, <c>clamped</c>.</summary>
    public static IReadOnlyList<(SenseNode Value, string Name)> SenseNodeNames { get; } =
        [(Devices.SenseNode.Passive, "passive"), (Devices.SenseNode.Clamped, "clamped")];

    /// <summary>Every row and every bitline of the subarray at once (unselected bitlines grounded), fixed switches, a passive sense
    /// node; no clamp or trim costs. What a periphery built in code without a <c>readCircuit</c> block reads with.</summary>
    public static ReadCircuitModel WholeArray { get; } = new(null, UnselectedBitlines.Grounded, SwitchSizing.Fixed, 0.25, SenseNode.Passive, 1, 0, 0, 0, 0);
}
