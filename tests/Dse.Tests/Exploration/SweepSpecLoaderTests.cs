using Dse.Crossbar;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Tests.Shared;

namespace Dse.Tests.Exploration;

public class SweepSpecLoaderTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "sweeps", name);

    private static InputError SingleError(string file)
    {
        var ex = Assert.Throws<InputException>(() => SweepSpecLoader.Load(file));
        return Assert.Single(ex.Errors);
    }

    [Fact]
    public void LoadsTheDefaultSweep()
    {
        var spec = SweepSpecLoader.Load(Path.Combine(TestPaths.RepoRoot, "sweeps", "default.json"));
        Assert.Equal("default", spec.Name);
        Assert.Equal(5, spec.Space.Values(DesignAxes.Device).Count);
        Assert.True(spec.Space.Values(DesignAxes.Crossbar).Count >= 3 && spec.Space.Values(DesignAxes.CellBits).Count >= 2
            && spec.Space.Values(DesignAxes.AdcBits).Count >= 4 && spec.Space.Values(DesignAxes.VirtualTokens).Count >= 2);
        Assert.Equal([SignedMapping.Differential], spec.Space.Values(DesignAxes.SignedMapping));
        Assert.Equal(ClippingPolicy.MaxAbs, spec.Clipping);
    }

    [Fact]
    public void MalformedJsonNamesTheLine()
    {
        var e = SingleError(Fixture("malformed.json"));
        Assert.EndsWith("malformed.json", e.File);
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void UnknownKeySuggestsTheNearestSpelling()
    {
        var e = SingleError(Fixture("unknown-key.json"));
        Assert.Equal("$.mc.trails", e.Path);
        Assert.Equal(9, e.Line);
        Assert.Contains("trials", e.Expected);
    }

    [Fact]
    public void MissingKeyIsNamed()
    {
        var e = SingleError(Fixture("missing-key.json"));
        Assert.Equal("$.adcBits", e.Path);
        Assert.Contains("adcBits", e.Expected);
    }

    [Fact]
    public void WrongTypeAndBadCrossbarAreBothReported()
    {
        var ex = Assert.Throws<InputException>(() => SweepSpecLoader.Load(Fixture("wrong-types.json")));
        Assert.Contains(ex.Errors, e => e.Path == "$.cellBits[1]" && e.Line == 5);
        Assert.Contains(ex.Errors, e => e.Path == "$.crossbar[0]" && e.Line == 4 && e.Found.Contains("128by128"));
    }

    [Fact]
    public void OverridesApplyBeforeValidation()
    {
        var path = TestSweeps.Write(TestSweeps.TinySynthetic());
        var spec = SweepSpecLoader.Load(path, [("mc.trials", "3"), ("workload.regime", "vocabInit"), ("sigmaScale", "[0, 5]")]);
        Assert.Equal(3, spec.Mc.Trials);
        Assert.Equal(Dse.Workloads.SyntheticRegime.VocabInit, ((SyntheticWorkloadSpec)spec.Workload).Regime);
        Assert.Equal([0.0, 5.0], spec.Space.Values(DesignAxes.SigmaScale));
        var ex = Assert.Throws<InputException>(() => SweepSpecLoader.Load(path, [("mc.trials", "\"many\"")]));
        Assert.Contains(ex.Errors, e => e.Path == "$.mc.trials");
        ex = Assert.Throws<InputException>(() => SweepSpecLoader.Load(path, [("name.x", "1")]));
        Assert.Equal("--set", Assert.Single(ex.Errors).File);
    }

    [Fact]
    public void SyntheticWorkloadNeedsVirtualTokens()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep.Remove("virtualTokens");
        var e = SingleError(TestSweeps.Write(sweep));
        Assert.Contains("virtualTokens", e.Expected);
    }

    [Fact]
    public void PeftAdaptersMustExistRelativeToTheSweepFile()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep.Remove("virtualTokens");
        sweep["mc"]!.AsObject().Remove("queries");
        sweep["workload"] = new System.Text.Json.Nodes.JsonObject { ["kind"] = "peft", ["adapters"] = new System.Text.Json.Nodes.JsonArray("a.safetensors", "b") };
        var ex = Assert.Throws<InputException>(() => SweepSpecLoader.Load(TestSweeps.Write(sweep)));
        Assert.Equal(["$.workload.adapters[0]", "$.workload.adapters[1]"], ex.Errors.Select(e => e.Path));
        Assert.All(ex.Errors, e => Assert.Contains("no such file", e.Found));
    }

    [Fact]
    public void ReadTimeIsAnAxisOfPositiveSecondsThatDefaultsToT0()
    {
        var path = TestSweeps.Write(TestSweeps.TinySynthetic());
        Assert.Equal([null], SweepSpecLoader.Load(path).Space.Values(DesignAxes.ReadTime));
        Assert.Equal([20.0, 86400.0], SweepSpecLoader.Load(path, [("readTime", "[20, 86400]")]).Space.Values(DesignAxes.ReadTime));
        var ex = Assert.Throws<InputException>(() => SweepSpecLoader.Load(path, [("readTime", "[0, -1]")]));
        Assert.Contains(ex.Errors, e => e.Path == "$.readTime[0]" && e.Expected.Contains("> 0 s"));
        Assert.Contains(ex.Errors, e => e.Path == "$.readTime[1]");
    }

    [Fact]
    public void ReadTimeIsPartOfTheKeyAndOfEachResult()
    {
        var spec = SweepSpecLoader.Load(TestSweeps.Write(TestSweeps.TinySynthetic()), [("readTime", "[30, 86400]"), ("mc.trials", "1")]);
        var prepared = TestSweeps.Prepare(spec);
        Assert.Contains(prepared.Points, p => p.Key.EndsWith("/t30") && p.ReadTimeS == 30);
        Assert.Contains(prepared.Points, p => p.Key.EndsWith("/t86400"));
        Assert.Equal(prepared.Points.Count, prepared.Points.Select(p => p.Key).Distinct().Count());
        var noAxis = TestSweeps.Prepare(SweepSpecLoader.Load(TestSweeps.Write(TestSweeps.TinySynthetic())));
        Assert.All(noAxis.Points, p => Assert.EndsWith("/tref", p.Key));
    }
}
