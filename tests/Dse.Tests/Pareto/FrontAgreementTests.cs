using Dse.Exploration;
using Dse.Pareto;
using Dse.Tests.Shared;

namespace Dse.Tests.Pareto;

public class FrontAgreementTests
{
    private static PointResult Design(string key, double accuracy, double ciLow, double energyJ, double areaMm2)
        => FakeResults.Point(key, accuracy, energyJ, areaMm2) with { Accuracy = new TrialStats(accuracy, ciLow, Math.Min(1, 2 * accuracy - ciLow), accuracy) };

    [Fact]
    public void EachDesignIsOnTheOtherFrontWithinItsCiOfOneThereOrMissing()
    {
        var objectives = Objective.Default;
        var front = new[]
        {
            Design("same", 0.90, 0.88, 1e-9, 1.0),
            Design("matched", 0.95, 0.93, 2e-9, 2.0),     // "cheaper" below reaches 0.94 >= 0.93 at no higher cost
            Design("costlier", 0.99, 0.985, 3e-9, 3.0),   // the only candidate, "pricey", costs more
            Design("better", 0.999, 0.998, 4e-9, 4.0),    // "cheaper" costs less but 0.94 < 0.998
        };
        var other = new[]
        {
            Design("same", 0.91, 0.89, 1e-9, 1.0),
            Design("cheaper", 0.94, 0.92, 1.5e-9, 1.5),
            Design("pricey", 0.995, 0.99, 3.5e-9, 3.0),
        };
        var agreement = FrontAgreement.Of(front, other, objectives);
        Assert.Equal(4, agreement.Designs);
        Assert.Equal(1, agreement.OnOther);
        Assert.Equal(1, agreement.WithinCi);
        Assert.Equal(["costlier", "better"], agreement.Missing);
    }
}
