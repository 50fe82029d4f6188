using Dse.Exploration;
using Dse.Exploration.Axes;

namespace Dse.Tests.Shared;

/// <summary>Builds <see cref="PointResult"/>s without running Monte Carlo, for Pareto and report tests.</summary>
public static class FakeResults
{
    /// <summary>Devices used by <see cref="Sweep"/>.</summary>
    public static readonly string[] Devices = ["rram-intel22", "fefet-gf28", "pcm-ibm90"];

    /// <summary>A point with the given objectives; everything else has plausible fixed values.</summary>
    /// <param name="key">Stable key.</param>
    /// <param name="accuracy">Mean accuracy (fraction); null for a workload without labels.</param>
    /// <param name="energyJ">Energy per query search, J.</param>
    /// <param name="areaMm2">Area, mm^2.</param>
    /// <param name="latencyS">Latency per query search, s.</param>
    /// <param name="agreement">Mean agreement (fraction).</param>
    public static PointResult Point(string key, double? accuracy, double energyJ, double areaMm2, double latencyS = 1e-6, double agreement = 0.9) => new()
    {
        Key = key,
        Coordinates = Coordinates("rram-intel22", 128, 2, 5, 8),
        Dim = 256,
        Trials = 16,
        Queries = 200,
        Agreement = Stats(agreement),
        Accuracy = accuracy is double a ? Stats(a) : null,
        MipsAgreement = Stats(agreement * 0.9),
        MipsAccuracy = accuracy is double m ? Stats(m * 0.9) : null,
        DigitalAgreement = agreement,
        DigitalAccuracy = accuracy,
        EnergyJ = energyJ,
        LatencyS = latencyS,
        AreaMm2 = areaMm2,
        Crossbars = 4,
        WriteEnergyJ = 1e-9,
        WriteLatencyS = 5e-6,
        WritesBeforeWearOut = 1e6,
        Speedup = 2,
        EnergyRatio = 50,
        Breakdown = new Dictionary<string, ComponentTotals>
        {
            ["array"] = new(energyJ * 0.25, latencyS * 0.2, areaMm2 * 0.5),
            ["adc"] = new(energyJ * 0.75, latencyS * 0.8, areaMm2 * 0.5),
        },
    };

    /// <summary>
    /// Coordinates of a point: the given device, square crossbar, cell bits, ADC bits and tokens; sigmaScale at its default 1, read after one day,
    /// calibrated range, every other axis at its default (neurosimSar, 8 columns per ADC).
    /// </summary>
    public static AxisValues Coordinates(string device, int size, int cellBits, int adcBits, int tokens)
    {
        var values = new object?[DesignAxes.All.Count];
        foreach (var axis in DesignAxes.All) values[axis.Index] = axis.Defaults is { Count: > 0 } d ? d[0] : null;
        return new AxisValues(values)
            .With(DesignAxes.Device, device).With(DesignAxes.Crossbar, new CrossbarSize(size, size)).With(DesignAxes.CellBits, cellBits)
            .With(DesignAxes.AdcBits, adcBits).With(DesignAxes.ColsPerAdc, 8).With(DesignAxes.RowsPerRead, null).With(DesignAxes.VirtualTokens, tokens)
            .With(DesignAxes.ReadTime, 86400).With(DesignAxes.AdcRange, Dse.Crossbar.AdcRangeMode.Calibrated);
    }

    /// <summary>A run of <paramref name="points"/> under <paramref name="objectives"/> (default accuracy, energy, area), without a summary.</summary>
    public static StoredRun Run(IReadOnlyList<PointResult> points, params string[] objectives)
    {
        var sweep = TestSweeps.TinySynthetic();
        if (objectives.Length > 0) sweep["objectives"] = new System.Text.Json.Nodes.JsonArray(objectives.Select(o => (System.Text.Json.Nodes.JsonNode)o).ToArray());
        var spec = SweepSpecLoader.Parse("fake.json", sweep.ToJsonString(), TestPaths.RepoRoot);
        return new StoredRun(spec, PointSource.Of(points), null, null);
    }

    /// <summary>A copy of <paramref name="point"/> with <paramref name="axis"/> set to <paramref name="value"/>.</summary>
    public static PointResult With<T>(this PointResult point, Axis<T> axis, T value) => point with { Coordinates = point.Coordinates.With(axis, value) };

    /// <summary>Trial statistics around a mean: CI +-0.02 and P5 0.05 below (clamped to [0, 1]).</summary>
    public static TrialStats Stats(double mean) =>
        new(mean, Math.Max(0, mean - 0.02), Math.Min(1, mean + 0.02), Math.Max(0, mean - 0.05));

    /// <summary>
    /// <paramref name="n"/> random points; values are drawn from small grids so exact ties in
    /// every objective occur often.
    /// </summary>
    /// <param name="n">Number of points.</param>
    /// <param name="random">Source of randomness (seed it in the test).</param>
    /// <param name="withLabels">Whether points carry accuracy (else only agreement).</param>
    public static PointResult[] Random(int n, Random random, bool withLabels = true)
    {
        var points = new PointResult[n];
        for (int i = 0; i < n; i++)
        {
            double acc = random.Next(0, 21) / 20.0;
            double energy = (1 + random.Next(0, 30)) * 1e-12;
            double area = (1 + random.Next(0, 25)) * 0.01;
            double latency = (1 + random.Next(0, 10)) * 1e-7;
            var point = Point($"p{i:D5}", withLabels ? acc : null, energy, area, latency, agreement: random.Next(0, 11) / 10.0);
            points[i] = point with { TaskScore = Stats((point.Agreement!.Mean + point.ObjectiveAccuracy) / 2) };   // every objective has a value
        }
        return points;
    }

    /// <summary>
    /// A plausible sweep over devices x crossbar sizes x cellBits x adcBits x virtual tokens, with
    /// accuracy rising with ADC bits and falling with cell bits, energy and area growing with ADC bits.
    /// </summary>
    /// <param name="seed">Seed for the jitter added to every value.</param>
    public static PointResult[] Sweep(int seed)
    {
        var random = new Random(seed);
        var points = new List<PointResult>();
        for (int d = 0; d < Devices.Length; d++)
            foreach (var size in new[] { 64, 128, 256 })
                foreach (var cellBits in new[] { 1, 2, 4 })
                    foreach (var adcBits in new[] { 3, 4, 5, 6, 8 })
                        foreach (var tokens in new[] { 4, 8 })
                        {
                            double acc = Math.Clamp(0.90 - 0.05 * d - 0.06 * cellBits + 0.05 * adcBits - 0.002 * adcBits * adcBits
                                - 0.01 * tokens / 4.0 + 0.02 * random.NextDouble(), 0, 1);
                            double energy = (0.2 + 0.05 * d) * Math.Pow(2, adcBits / 2.0) * tokens / cellBits * (size / 128.0) * 1e-11 * (1 + 0.1 * random.NextDouble());
                            double area = (0.02 + 0.004 * adcBits * adcBits / (size / 64.0)) * tokens / cellBits * (1 + 0.1 * random.NextDouble());
                            double latency = (adcBits + 1) * 1e-9 * 64 * tokens / cellBits;
                            var key = $"{Devices[d]}/{size}x{size}/c{cellBits}/a{adcBits}/n{tokens}";
                            points.Add(Point(key, acc, energy, area, latency, agreement: Math.Min(1, acc + 0.03)) with
                            {
                                Coordinates = Coordinates(Devices[d], size, cellBits, adcBits, tokens),
                            });
                        }
        return points.ToArray();
    }
}
