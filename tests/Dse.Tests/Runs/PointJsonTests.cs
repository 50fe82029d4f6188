using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Reports;
using Dse.Tests.Shared;

namespace Dse.Tests.Runs;

public class PointJsonTests
{
    private static PointResult Awkward() => FakeResults.Point("rram/128x128/c2/a5/n8", 0.1 + 0.2, 1.0 / 3.0 * 1e-12, Math.PI * 1e-3, 5e-324).With(DesignAxes.SigmaScale, 0.1) with
    {
        Breakdown = new Dictionary<string, ComponentTotals> { ["wlDrivers"] = new(1e-300, double.Epsilon, 123456789.123456789) },
    };

    [Fact]
    public void RoundTripsDoublesExactly()
    {
        var p = Awkward();
        var line = PointJson.Serialize(p);
        Assert.DoesNotContain('\n', line);
        var back = PointJson.Deserialize(line);
        Assert.Equal(p.EnergyJ, back.EnergyJ);
        Assert.Equal(p.LatencyS, back.LatencyS);
        Assert.Equal(p.AreaMm2, back.AreaMm2);
        Assert.Equal(p.Accuracy, back.Accuracy);
        Assert.Equal(p.Agreement, back.Agreement);
        Assert.Equal(p.Breakdown["wlDrivers"], back.Breakdown["wlDrivers"]);
        Assert.Equal(line, PointJson.Serialize(back));
    }

    [Fact]
    public void UsesCamelCaseAndOmitsNullAccuracy()
    {
        var line = PointJson.Serialize(FakeResults.Point("k", null, 1e-12, 1));
        Assert.Contains("\"energyJ\":1E-12", line);
        Assert.Contains("\"virtualTokens\":8", line);
        Assert.DoesNotContain("\"accuracy\"", line);
        Assert.DoesNotContain("mipsAccuracy", line);
        Assert.DoesNotContain("digitalAccuracy", line);
        var back = PointJson.Deserialize(line);
        Assert.Null(back.Accuracy);
        Assert.Null(back.MipsAccuracy);
    }

    [Fact]
    public void ReadAllSkipsTornLastLine()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "points.jsonl");
        var points = FakeResults.Random(5, new Random(3));
        var text = string.Join("\n", points.Select(PointJson.Serialize)) + "\n\n" + PointJson.Serialize(points[0])[..40];
        File.WriteAllText(path, text);
        var read = PointJson.ReadAll(path);
        Assert.Equal(1, read.SkippedLastLines);
        Assert.Equal(points.Select(p => p.Key), read.Points.Select(p => p.Key));
    }

    [Fact]
    public void ReadAllReportsInvalidMiddleLineWithOneBasedLine()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "points.jsonl");
        var points = FakeResults.Random(3, new Random(4));
        var lines = points.Select(PointJson.Serialize).ToList();
        lines.Insert(1, lines[1].Replace("\"rows\":128", "\"rows\":\"many\""));
        File.WriteAllLines(path, lines);
        var ex = Assert.Throws<InputException>(() => PointJson.ReadAll(path));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(2, error.Line);
        Assert.Equal("$.rows", error.Path);
    }

    [Fact]
    public void ReadAllRejectsUnknownMemberInTheMiddle()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "points.jsonl");
        var line = PointJson.Serialize(FakeResults.Point("a", 0.9, 1e-12, 1));
        File.WriteAllLines(path, [line.Replace("{\"key\"", "{\"bogus\":1,\"key\""), line]);
        var ex = Assert.Throws<InputException>(() => PointJson.ReadAll(path));
        Assert.Equal(1, ex.Errors[0].Line);
    }

    [Fact]
    public void ReadAllOfMissingFileIsInputError() =>
        Assert.Throws<InputException>(() => PointJson.ReadAll(Path.Combine(TestPaths.NewTempDir(), "none.jsonl")));
}
