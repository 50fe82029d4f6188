using System.Text.Json.Nodes;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Tests.Shared;

namespace Dse.Tests.Exploration.Axes;

/// <summary>The axes: declared once, enumerated in key order, keys stable, every axis in the CSV, the result store and the loader.</summary>
public class DesignSpaceTests
{
    [Fact]
    public void EveryAxisIsInTheKeyOrderOnceAndIndexedByItsPosition()
    {
        Assert.Equal(DesignAxes.All.Count, DesignAxes.KeyOrder.Count);
        Assert.Equal(DesignAxes.All.ToHashSet(), DesignAxes.KeyOrder.ToHashSet());
        for (int i = 0; i < DesignAxes.All.Count; i++) Assert.Equal(i, DesignAxes.All[i].Index);
        Assert.Equal(DesignAxes.All.Count, DesignAxes.All.Select(a => a.JsonKey).Distinct().Count());
    }

    [Fact]
    public void PointsAreTheCartesianProductWithTheFirstKeyAxisOutermost()
    {
        var prepared = TestSweeps.Prepare(SweepSpecLoader.Load(TestSweeps.Write(TestSweeps.TinySynthetic()),
            [("devices", "[\"rram1\"]"), ("cellBits", "[2]"), ("virtualTokens", "[4]"), ("crossbar", "[\"32x32\", \"64x64\"]"), ("adcBits", "[4, 6]"), ("sigmaScale", "[0, 1]")]));
        Assert.Equal(prepared.Space.Count, prepared.Points.Count + prepared.Skipped.Count);
        Assert.Equal(8, prepared.Points.Count);
        Assert.Equal(prepared.Points.Count, prepared.Points.Select(p => p.Key).Distinct().Count());
        // crossbar before adcBits before sigmaScale in KeyOrder: the last of them varies fastest.
        Assert.Equal(["32x32", "32x32", "32x32", "32x32", "64x64"], prepared.Points.Take(5).Select(p => p.Coordinates.Get(DesignAxes.Crossbar).ToString()));
        Assert.Equal([0.0, 1.0, 0.0, 1.0], prepared.Points.Take(4).Select(p => p.SigmaScale));
    }

    [Fact]
    public void TheKeyHasTheTokensOfEveryAxisInKeyOrder()
    {
        var point = FakeResults.Point("k", 0.9, 1e-12, 1).With(DesignAxes.ReadTime, null).With(DesignAxes.AdcRange, Dse.Crossbar.AdcRangeMode.FullScale);
        Assert.Equal("rram-intel22/128x128/c2/a5/n8/s1/w8/i8/digitalPooling/differential/fullScale/dfull/neurosimSar/k8/tref", point.Coordinates.Key);
    }

    [Fact]
    public void AnAxisAddedLaterLeavesTheKeysOfItsDefaultUnchanged()
    {
        var axis = new Axis<int>("testOnly", "test-only axis", null, false, v => $"x{v}", v => v.ToString(), [AxisReaders.IntColumn("testOnly")],
            AxisReaders.Ints(new IntRange(1, 9), "test values"), [1], omitDefaultToken: true);
        Assert.Equal("", axis.Token(1));
        Assert.Equal("x2", axis.Token(2));
        Assert.Throws<ArgumentException>(() => new Axis<int>("bad", "bad", null, false, v => "", v => "", [AxisReaders.IntColumn("bad")],
            AxisReaders.Ints(new IntRange(1, 9), "bad"), null, omitDefaultToken: true));
    }

    [Fact]
    public void ResultsRoundTripEveryAxisThroughTheStore()
    {
        var p = FakeResults.Point("k", 0.9, 1e-12, 1).With(DesignAxes.CompressedDim, 64).With(DesignAxes.SsaMapping, Dse.Search.SsaMapping.StoredScales)
            .With(DesignAxes.SignedMapping, Dse.Crossbar.SignedMapping.Offset).With(DesignAxes.ReadTime, 20.5);
        var back = PointJson.Deserialize(PointJson.Serialize(p));
        Assert.Equal(p.Coordinates, back.Coordinates);
        var noDim = PointJson.Serialize(p.With(DesignAxes.CompressedDim, null));
        Assert.DoesNotContain("compressedDim", noDim);
        Assert.Null(PointJson.Deserialize(noDim).CompressedDim);
    }

    [Fact]
    public void CsvColumnsComeFromTheAxes()
    {
        var columns = Dse.Reports.CsvWriter.Columns([]);
        var axisColumns = DesignAxes.All.SelectMany(a => a.CsvColumns).ToArray();
        Assert.Equal(axisColumns, columns.Skip(1).Take(axisColumns.Length));
        Assert.DoesNotContain("compressedDim", columns);
    }

    [Fact]
    public void RangesAreDefinedOnceAndUsedByTheLoaderAndDseCost()
    {
        var path = TestSweeps.Write(TestSweeps.TinySynthetic());
        var ex = Assert.Throws<Dse.Diagnostics.InputException>(() => SweepSpecLoader.Load(path, [("adcBits", "[0, 17]"), ("cellBits", "[9]")]));
        Assert.Contains(ex.Errors, e => e.Path == "$.adcBits[0]" && e.Expected == DesignAxes.AdcBitsRange.Expected);
        Assert.Contains(ex.Errors, e => e.Path == "$.adcBits[1]");
        Assert.Contains(ex.Errors, e => e.Path == "$.cellBits[0]" && e.Expected == DesignAxes.CellBitsRange.Expected);
        var cost = Cli.CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "9", "--adc-bits", "17");
        Assert.Equal(2, cost.ExitCode);
        Assert.Contains(DesignAxes.CellBitsRange.Expected, cost.Stderr);
        Assert.Contains(DesignAxes.AdcBitsRange.Expected, cost.Stderr);
    }

    [Fact]
    public void UnknownSweepKeysListTheAxes()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["adcBit"] = new JsonArray(4);
        var ex = Assert.Throws<Dse.Diagnostics.InputException>(() => SweepSpecLoader.Load(TestSweeps.Write(sweep)));
        var e = Assert.Single(ex.Errors);
        Assert.Contains("adcBits", e.Expected);
    }
}

/// <summary>The store-size axis, added through the axis declaration alone.</summary>
public class StoredPromptsAxisTests
{
    [Fact]
    public void AStorePrefixSearchesFewerOvtsWithTheirQueriesAndCostsLess()
    {
        var spec = SweepSpecLoader.Load(TestSweeps.Write(TestSweeps.TinySynthetic()),
            [("devices", "[\"rram1\"]"), ("crossbar", "[\"64x64\"]"), ("cellBits", "[2]"), ("adcBits", "[8]"), ("virtualTokens", "[4]"), ("storedPrompts", "[3, 6, 9]"), ("mc.trials", "2")]);
        var prepared = TestSweeps.Prepare(spec);
        Assert.Single(prepared.Skipped);
        Assert.Contains("storedPrompts 9 exceeds the workload's 6 OVTs", prepared.Skipped[0].Reason);
        var results = new List<PointResult>();
        Explorer.Run(prepared, new ListSink(results), new RunOptions(1));
        var small = results.Single(r => r.StoredPrompts == 3);
        var full = results.Single(r => r.StoredPrompts == 6);
        Assert.EndsWith("/N3", small.Key);
        Assert.EndsWith("/N6", full.Key);
        Assert.Equal(24 / 2, small.Queries);
        Assert.Equal(24, full.Queries);
        Assert.True(small.EnergyJ < full.EnergyJ);
    }

    [Fact]
    public void WithoutTheAxisKeysAndResultLinesAreUnchanged()
    {
        var prepared = TestSweeps.Prepare(SweepSpecLoader.Load(TestSweeps.Write(TestSweeps.TinySynthetic()), [("devices", "[\"rram1\"]"), ("mc.trials", "2")]));
        Assert.All(prepared.Points, p => Assert.EndsWith("/tref", p.Key));
        var results = new List<PointResult>();
        Explorer.Run(prepared, new ListSink(results), new RunOptions(1));
        Assert.All(results, r => Assert.Null(r.StoredPrompts));
        Assert.All(results, r => Assert.DoesNotContain("storedPrompts", PointJson.Serialize(r)));
        Assert.All(results, r => Assert.DoesNotContain("adcReference", PointJson.Serialize(r)));
        Assert.All(results, r => Assert.Equal(Dse.Crossbar.AdcReference.ReferenceColumn, PointJson.Deserialize(PointJson.Serialize(r)).AdcReference));
    }

    private sealed class ListSink(List<PointResult> into) : IPointSink
    {
        public void Add(PointResult point) => into.Add(point);
    }
}
