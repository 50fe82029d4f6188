using Dse.Crossbar;
using Dse.Search;

namespace Dse.Exploration.Axes;

/// <summary>Anything located in the design space: a design point or a point's result.</summary>
public interface IHasCoordinates
{
    /// <summary>The point's value on every axis.</summary>
    AxisValues Coordinates { get; }
}

/// <summary>Typed accessors of the axes, on coordinates and on anything that has them (one line per axis).</summary>
public static class DesignCoordinates
{
    extension(IHasCoordinates p)
    {
        /// <summary>Device name.</summary>
        public string DeviceName => p.Coordinates.Get(DesignAxes.Device);
        /// <summary>Crossbar rows (row-block size of the partial sums).</summary>
        public int Rows => p.Coordinates.Get(DesignAxes.Crossbar).Rows;
        /// <summary>Crossbar columns.</summary>
        public int Cols => p.Coordinates.Get(DesignAxes.Crossbar).Cols;
        /// <summary>Bits per cell.</summary>
        public int CellBits => p.Coordinates.Get(DesignAxes.CellBits);
        /// <summary>ADC resolution, bits.</summary>
        public int AdcBits => p.Coordinates.Get(DesignAxes.AdcBits);
        /// <summary>ADC cost model name.</summary>
        public string AdcModel => p.Coordinates.Get(DesignAxes.AdcModel);
        /// <summary>Wordlines driven together in one read; null: every row of the subarray.</summary>
        public int? RowsPerRead => p.Coordinates.Get(DesignAxes.RowsPerRead);
        /// <summary>Wordlines driven together in one read: the rowsPerRead axis value, or the crossbar's rows for "all".</summary>
        public int RowsPerReadOrRows => p.Coordinates.Get(DesignAxes.RowsPerRead) ?? p.Coordinates.Get(DesignAxes.Crossbar).Rows;
        /// <summary>How each column's gain is set before its ADC.</summary>
        public AdcGain AdcGain => p.Coordinates.Get(DesignAxes.AdcGain);
        /// <summary>Columns sharing one ADC.</summary>
        public int ColsPerAdc => p.Coordinates.Get(DesignAxes.ColsPerAdc);
        /// <summary>Virtual tokens per OVT (null in a design point: native n; a result holds the n used).</summary>
        public int? VirtualTokens => p.Coordinates.Get(DesignAxes.VirtualTokens);
        /// <summary>Multiplier of the device's programming variation.</summary>
        public double SigmaScale => p.Coordinates.Get(DesignAxes.SigmaScale);
        /// <summary>Read time after programming, seconds; null: the device's drift t0.</summary>
        public double? ReadTimeS => p.Coordinates.Get(DesignAxes.ReadTime);
        /// <summary>SSA layout.</summary>
        public SsaMapping SsaMapping => p.Coordinates.Get(DesignAxes.SsaMapping);
        /// <summary>Signed mapping.</summary>
        public SignedMapping SignedMapping => p.Coordinates.Get(DesignAxes.SignedMapping);
        /// <summary>ADC range mode.</summary>
        public AdcRangeMode AdcRange => p.Coordinates.Get(DesignAxes.AdcRange);
        /// <summary>Bits of stored values.</summary>
        public int WeightBits => p.Coordinates.Get(DesignAxes.WeightBits);
        /// <summary>Bits of input values.</summary>
        public int InputBits => p.Coordinates.Get(DesignAxes.InputBits);
        /// <summary>PCA width d'; null: no compression.</summary>
        public int? CompressedDim => p.Coordinates.Get(DesignAxes.CompressedDim);
        /// <summary>OVTs stored and searched; null: all of the workload's.</summary>
        public int? StoredPrompts => p.Coordinates.Get(DesignAxes.StoredPrompts);
        /// <summary>How the ADC's zero is set.</summary>
        public AdcReference AdcReference => p.Coordinates.Get(DesignAxes.AdcReference);
        /// <summary>Write-verify policy; null: the device file's write (its verifyIterations charged, single-pulse spread).</summary>
        public WriteVerify? WriteVerify => p.Coordinates.Get(DesignAxes.WriteVerify);
        /// <summary>Rewrites of each stored OVT per day; null: no lifetime figures.</summary>
        public double? UpdatesPerDay => p.Coordinates.Get(DesignAxes.UpdatesPerDay);
        /// <summary>Fraction of an OVT's values changed per update, (0, 1].</summary>
        public double UpdateFraction => p.Coordinates.Get(DesignAxes.UpdateFraction);
        /// <summary>Query searches per day; null: no amortised energy per query.</summary>
        public double? QueriesPerDay => p.Coordinates.Get(DesignAxes.QueriesPerDay);
        /// <summary>Multiplier of the periphery's wire resistances in the IR-drop model; 0: ideal wires.</summary>
        public double WireResistanceScale => p.Coordinates.Get(DesignAxes.WireResistanceScale);
    }
}
