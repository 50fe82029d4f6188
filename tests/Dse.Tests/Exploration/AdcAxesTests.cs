using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Tests.Shared;

namespace Dse.Tests.Exploration;

/// <summary>The adcModel and colsPerAdc axes multiply the points but not the Monte Carlo.</summary>
public class AdcAxesTests
{
    private sealed class ListSink : IPointSink
    {
        public List<PointResult> Points { get; } = [];
        public void Add(PointResult point) => Points.Add(point);
    }

    [Fact]
    public void AdcAxesShareTheMonteCarloAndReachTheResults()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray("rram1");
        sweep["crossbar"] = new JsonArray("32x32");
        sweep["cellBits"] = new JsonArray(2);
        sweep["virtualTokens"] = new JsonArray(4);
        sweep["adcModel"] = new JsonArray("neurosimSar", "survey");
        sweep["colsPerAdc"] = new JsonArray(4, 8);
        var spec = SweepSpecLoader.Load(TestSweeps.Write(sweep));
        var prepared = TestSweeps.Prepare(spec);
        Assert.Equal(2 * 2 * 2, prepared.Points.Count);   // 2 adcBits x 2 models x 2 colsPerAdc
        var logs = new List<string>();
        var sink = new ListSink();
        Explorer.Run(prepared, sink, new RunOptions(1, Log: logs.Add));
        Assert.Single(logs);   // one Monte-Carlo group for all eight points
        foreach (var group in sink.Points.GroupBy(p => (p.AdcBits, p.ColsPerAdc)))
        {
            // Same partial sums, same accuracy across ADC models; columns per ADC change which bitlines conduct together
            // (floating unselected bitlines), so each has partial sums of its own, on the same cell draws.
            Assert.Single(group.Select(p => p.Agreement).Distinct());
            Assert.Equal(2, group.Select(p => p.AdcModel).Distinct().Count());
        }
        Assert.All(sink.Points, p => Assert.True(p.Speedup > 0 && p.EnergyRatio > 0 && p.WriteEnergyJ > 0 && p.WritesBeforeWearOut >= 1));
        Assert.All(sink.Points, p => Assert.EndsWith($"/{p.AdcModel}/k{p.ColsPerAdc}/tref", p.Key));
    }
}
