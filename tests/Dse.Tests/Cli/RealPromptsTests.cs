using System.Text.Json.Nodes;
using Dse.Reports;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary>End to end on real trained soft prompts: the five t5-base SQuAD prompts (n = 1..50, d = 768) as one store.</summary>
[Trait("Category", "Long")]
public class RealPromptsTests
{
    private static JsonObject Sweep() => new()
    {
        ["name"] = "squad-t5-base",
        ["devices"] = new JsonArray("rram1", "fefet6"),
        ["crossbar"] = new JsonArray("64x64", "128x128"),
        ["cellBits"] = new JsonArray(2),
        ["adcBits"] = new JsonArray(5, 10),
        ["sigmaScale"] = new JsonArray(0, 1, 4),
        ["wireResistanceScale"] = new JsonArray(0),   // ideal wires: with sigmaScale 0 and a lossless ADC the crossbar is exact
        ["workload"] = new JsonObject
        {
            ["kind"] = "peft",
            ["adapters"] = new JsonArray(TestSweeps.T5BasePrompts().Select(p => (JsonNode)p).ToArray()),
            ["queryTokens"] = 4, ["queryNoise"] = 1.0, ["queriesPerPrompt"] = 12,
        },
        ["mc"] = new JsonObject { ["trials"] = 4, ["seed"] = 3 },
    };

    [Fact]
    public void CrossbarAddsNoErrorWithoutVariationAndAgreementFallsWithSigma()
    {
        var points = CliRunner.Sweep(TestSweeps.Write(Sweep())).Points;
        Assert.Equal(2 * 2 * 2 * 3, points.Count);
        Assert.All(points, p => Assert.Equal((768, 60, 50), (p.Dim, p.Queries, p.VirtualTokens)));

        // sigmaScale 0 with a lossless ADC (10 bits >= ceil(log2(128 x 3 + 1)) = 9; ON/OFF 17 and 100):
        // every trial picks exactly what plain digital arithmetic on the same quantised operands picks.
        foreach (var p in points.Where(p => p.SigmaScale == 0 && p.AdcBits == 10))
        {
            Assert.Equal(p.DigitalAgreement!.Value, p.Agreement!.Mean, 12);
            Assert.Equal(p.DigitalAgreement!.Value, p.Agreement!.P5, 12);
            Assert.Equal(p.DigitalAccuracy!.Value, p.Accuracy!.Mean, 12);
        }

        // Agreement falls as sigmaScale rises (averaged over the other axes).
        double Mean(double sigma) => points.Where(p => p.SigmaScale == sigma && p.AdcBits == 10).Average(p => p.Agreement!.Mean);
        double none = Mean(0), nominal = Mean(1), heavy = Mean(4);
        Assert.True(none >= nominal && nominal > heavy, $"agreement {none} -> {nominal} -> {heavy}");
        Assert.True(heavy < none - 0.05, $"heavy variation should cost agreement: {none} -> {heavy}");
    }
}
