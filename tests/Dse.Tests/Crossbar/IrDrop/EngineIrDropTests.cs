using Dse.Crossbar;
using Dse.Crossbar.IrDrop;
using Dse.Devices;
using Dse.Search;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Crossbar.IrDrop;

/// <summary>The IR-drop model inside the Monte Carlo: the ideal limit, where each cell sits, and what it does to the read-out.</summary>
public class EngineIrDropTests
{
    private static PeripheryModel Periphery => ShippedModels.Periphery;
    private static DeviceModel Device(string name) => ShippedModels.QuietDevice(name);

    private static QuantizedOperands Operands()
    {
        var (store, queries) = TestProblems.Random(3, 4, 128, 2, 4, 11);
        return new QuantizedOperands(new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling), 8, 8, ClippingPolicy.MaxAbs);
    }

    private static MonteCarloJob Job(QuantizedOperands ops, DeviceModel device, double sigmaScale, int[] rows, int[] cols, double wireScale, int[] adcBits,
        AdcReference reference = AdcReference.Nominal, AdcRangeMode range = AdcRangeMode.FullScale)
        => new(ops, CellArray.Map(ops.Stored, 2, SignedMapping.Differential), [new CrossbarVariant(device, sigmaScale)], rows, adcBits, range, 0.999, 2, 3, 42,
            rows.Aggregate((a, b) => (int)System.Numerics.BigInteger.GreatestCommonDivisor(a, b)))
        {
            Reference = reference,
            ReferenceColumnSpan = reference == AdcReference.ReferenceColumn ? cols.Min() : null,
            Wires = new CrossbarWires(Periphery.Wires!, wireScale, Periphery.ReadVoltageV, rows.Select((r, i) => ReadGeometry.WholeTile(r, cols[i])).ToList()),
        };

    [Fact]
    public void Zero_wire_scale_gives_the_counts_of_a_job_without_wires_bit_for_bit()
    {
        var ops = Operands();
        foreach (var reference in new[] { AdcReference.ReferenceColumn, AdcReference.Calibrated })
        {
            var wired = Job(ops, Device("rram1"), 0.5, [32, 64, 64], [32, 32, 64], 0, [4, 6], reference, AdcRangeMode.Calibrated);
            var ideal = wired with { Wires = null, RowsList = [32, 64, 64] };
            var a = MonteCarloEngine.Run(wired, 2);
            var b = MonteCarloEngine.Run(ideal, 1);
            for (int r = 0; r < 3; r++)
                for (int bits = 0; bits < 2; bits++)
                    for (int what = 0; what < 4; what++)
                        Assert.Equal(b.Fractions(0, r, bits, what), a.Fractions(0, r, bits, what));
        }
    }

    [Fact]
    public void Each_cell_is_attenuated_by_the_solve_of_its_own_crossbar()
    {
        // Zero variation: the engine's partial sums on crossbars of 32 rows x 16 columns must be the bit-planes times
        // alpha G / (1 + G R_access), alpha of each cell from the mean-field solve of the 32 x 16 tile it sits in.
        var ops = Operands();
        var device = Device("rram1");
        var job = Job(ops, device, 0, [32], [16], 1, [8]);
        var cells = job.Cells;
        int d = cells.Dim, p = cells.PhysicalColumns;
        double dG = CellProgramming.LevelStepS(device, 2), gMin = CellProgramming.GMinLevels(device, 2);
        double density = Enumerable.Range(0, ops.Problem.InputCount * ops.InputBits).Average(row => Enumerable.Range(0, d).Average(k => ops.Planes[row * d + k]));
        var parasitics = TileParasitics.For(Periphery.Wires!, device, 1);
        var model = new IrDropModel(parasitics, Periphery.ReadVoltageV, density);
        var expectedG = new double[d * p];
        for (int r0 = 0; r0 < d; r0 += 32)
            for (int c0 = 0; c0 < p; c0 += 16)
            {
                int cols = Math.Min(16, p - c0);
                var g = new double[32 * cols];
                var alpha = new double[32 * cols];
                for (int i = 0; i < 32; i++)
                    for (int j = 0; j < cols; j++) g[i * cols + j] = (gMin + cells.Levels[(r0 + i) * p + c0 + j]) * dG;
                model.TileAttenuation(g, 32, cols, alpha);
                for (int i = 0; i < 32; i++)
                    for (int j = 0; j < cols; j++)
                        expectedG[(r0 + i) * p + c0 + j] = alpha[i * cols + j] * parasitics.CellConductanceS(g[i * cols + j]) / dG;
            }
        for (int f = 0; f < d / 32; f++)
        {
            var sums = MonteCarloEngine.FinePartialSums(job, 0, 0, f);
            int planeRows = sums.Length / p;
            for (int row = 0; row < planeRows; row++)
                for (int c = 0; c < p; c += 7)
                {
                    double expected = 0;
                    for (int k = f * 32; k < (f + 1) * 32; k++) expected += ops.Planes[row * d + k] * expectedG[k * p + c];
                    Assert.Equal(expected, sums[row * p + c], 1e-4 * Math.Max(1, expected));
                }
        }
    }

    [Fact]
    public void Reference_columns_sit_after_the_data_columns_they_serve_on_the_same_crossbar()
    {
        // 6 data columns, reference span 2 (columns 6, 7, 8), 4 data columns per crossbar.
        var tiles = MonteCarloPlan.ColumnTiles(6, 3, 2, 4);
        Assert.Equal([[0, 1, 6, 2, 3, 7], [4, 5, 8]], tiles);
        Assert.Equal([[0, 1, 2, 3], [4, 5]], MonteCarloPlan.ColumnTiles(6, 0, 2, 4));
    }

    [Fact]
    public void Read_out_error_grows_with_the_crossbar_and_with_the_conductance_of_the_device()
    {
        // Zero variation, an ADC far above the lossless bound, full-scale range: with ideal wires the read-out is the exact integer
        // dot products (tested elsewhere); with wires it errs, more on 64-row crossbars than on 16-row ones, and more for rram1
        // (Ron 100 kOhm, a 1T1R access transistor) than for fefet2 (Ron 240 kOhm, no access transistor).
        var ops = Operands();
        var exact = TestProblems.IntegerDots(ops);
        double scale = exact.Average(x => Math.Abs((double)x));
        double Error(string device, int r)
        {
            var job = Job(ops, Device(device), 0, [16, 64], [16, 64], 1, [14]);
            var readout = MonteCarloEngine.IntegerReadout(job, 0, r, 0, 0);
            return readout.Zip(exact, (a, b) => Math.Abs((double)(a - b))).Average() / scale;
        }
        double rram16 = Error("rram1", 0), rram64 = Error("rram1", 1), fefet16 = Error("fefet2", 0), fefet64 = Error("fefet2", 1);
        Assert.True(rram16 > 0.005, $"rram1 16 rows: {rram16:P2}");
        Assert.True(rram64 > rram16, $"rram1: 16 rows {rram16:P2}, 64 rows {rram64:P2}");
        Assert.True(fefet64 > fefet16, $"fefet2: 16 rows {fefet16:P2}, 64 rows {fefet64:P2}");
        Assert.True(rram64 > fefet64, $"64 rows: rram1 {rram64:P2}, fefet2 {fefet64:P2}");
    }
}
