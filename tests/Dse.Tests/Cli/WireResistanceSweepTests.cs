using System.Text.Json.Nodes;
using Dse.Exploration.Axes;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary>The <c>wireResistanceScale</c> axis end to end: keys, the default, and independence of the other points of a job.</summary>
[Trait("Category", "Long")]
public class WireResistanceSweepTests
{
    private static IReadOnlyList<Dse.Exploration.PointResult> Run(JsonArray? scales)
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray("rram1");
        sweep["cellBits"] = new JsonArray(2);
        if (scales is not null) sweep["wireResistanceScale"] = scales;
        return CliRunner.Sweep(TestSweeps.Write(sweep)).Points;
    }

    [Fact]
    public void The_default_is_the_periphery_wires_and_each_scale_gives_the_numbers_it_gives_alone()
    {
        var byDefault = Run(null);
        var one = Run(new JsonArray(1));
        var zero = Run(new JsonArray(0));
        var both = Run(new JsonArray(0, 1));

        // Default 1: no key token, no field; the same numbers as an explicit [1].
        Assert.All(byDefault, p => Assert.Equal(1.0, p.WireResistanceScale));
        Assert.DoesNotContain(byDefault, p => p.Key.Contains("/wr", StringComparison.Ordinal));
        Assert.Equal(byDefault.Select(p => (p.Key, p.Accuracy!.Mean)), one.Select(p => (p.Key, p.Accuracy!.Mean)));
        Assert.All(zero, p => Assert.EndsWith("/wr0", p.Key, StringComparison.Ordinal));

        // A point's numbers do not depend on the other scales run with it (they share the cell draws, not the partial sums).
        var mixed = both.ToDictionary(p => p.Key);
        foreach (var p in zero.Concat(one)) Assert.Equal(p.Accuracy!.Mean, mixed[p.Key].Accuracy!.Mean);

        // Wires change the read-out of this low-Ron 1T1R device: some point's accuracy differs from ideal wires.
        Assert.Contains(one, p => zero.Single(z => z.Key == p.Key + "/wr0").Accuracy!.Mean != p.Accuracy!.Mean);
    }
}
