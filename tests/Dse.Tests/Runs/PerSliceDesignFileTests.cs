using Dse.Costs;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Pareto;
using Dse.Runs;
using Dse.Tests.Shared;

namespace Dse.Tests.Runs;

public class PerSliceDesignFileTests
{
    private static PerSliceVerified Design(string bits, PerSliceOrigin origin, double energyJ)
    {
        var b = AdcBitsPerSlice.TryParse(bits)!;
        var point = FakeResults.Point("dev/c2/a5/t8", 0.8, energyJ, 0.01);
        return new PerSliceVerified(PerSliceKeys.Base(point.Key, 5), b, 1.25e-3, point with { Key = PerSliceKeys.Of(point.Key, 5, b) }, origin);
    }

    [Fact]
    public void Heterogeneous_designs_round_trip_with_their_full_results_and_homogeneous_ones_are_left_out()
    {
        PerSliceVerified[] verified =
        [
            Design("8-6-5-4", PerSliceOrigin.EnergySolve | PerSliceOrigin.AreaSolve, 1e-9),
            Design("5-5-5-5", PerSliceOrigin.Homogeneous, 2e-9),
            Design("6-4-3-3", PerSliceOrigin.Sample, 3e-9),
        ];
        string path = Path.Combine(TestPaths.NewTempDir(), PerSliceDesignFile.FileName);
        PerSliceDesignFile.Write(path, verified);
        var read = PerSliceDesignFile.Read(path);

        Assert.Equal(2, read.Count);
        foreach (var (expected, actual) in new[] { verified[0], verified[2] }.Zip(read))
        {
            Assert.Equal((expected.BaseKey, expected.Bits, expected.SurrogateError, expected.Origin), (actual.BaseKey, actual.Bits, actual.SurrogateError, actual.Origin));
            Assert.Equal(PointJson.Serialize(expected.Result), PointJson.Serialize(actual.Result));
        }
        Assert.Equal("dev/c2/a8-6-5-4/t8", read[0].Result.Key);
        Assert.Equal("dev/c2/a*/t8", read[0].BaseKey);
    }

    [Fact]
    public void Every_bad_line_is_reported_with_its_line_and_path()
    {
        string path = Path.Combine(TestPaths.NewTempDir(), PerSliceDesignFile.FileName);
        PerSliceDesignFile.Write(path, [Design("8-6-5-4", PerSliceOrigin.EnergySolve, 1e-9)]);
        string good = File.ReadAllText(path).TrimEnd('\n');
        File.WriteAllLines(path,
        [
            good,
            "",
            good.Replace("\"adcBitsPerSlice\":\"8-6-5-4\"", "\"adcBitsPerSlice\":\"6-6-6-6\""),
            good.Replace("\"origin\":\"EnergySolve\"", "\"origin\":\"Guess\""),
            good.Replace("\"surrogateError\"", "\"surrogateErr\""),
            "{\"baseKey\": \"x\"",
            good.Replace("\"energyJ\":", "\"energyJoules\":"),
        ]);
        var errors = Assert.Throws<InputException>(() => PerSliceDesignFile.Read(path)).Errors;
        Assert.All(errors, e => Assert.Equal(path, e.File));
        Assert.Contains(errors, e => e.Line == 3 && e.Path == "$.adcBitsPerSlice");
        Assert.Contains(errors, e => e.Line == 4 && e.Path == "$.origin");
        Assert.Contains(errors, e => e.Line == 5 && e.Path == "$.surrogateErr" && e.Expected.Contains("did you mean 'surrogateError'"));
        Assert.Contains(errors, e => e.Line == 5 && e.Path == "$.surrogateError");
        Assert.Contains(errors, e => e.Line == 6 && e.Path == "$");
        Assert.Contains(errors, e => e.Line == 7 && e.Path!.StartsWith("$.point", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Line is 1 or 2);
    }
}
