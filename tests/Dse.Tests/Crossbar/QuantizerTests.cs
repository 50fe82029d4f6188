using Dse.Crossbar;

namespace Dse.Tests.Crossbar;

public class QuantizerTests
{
    [Fact]
    public void MaxAbsQuantisesSymmetricallyWithHalfAwayFromZero()
    {
        // 4 bits: qmax = 7, clip = max|v| = 1.0, scale = 1/7.
        // 0.5 * 7 = 3.5 -> 4 (half away from zero); -1 -> -7; 0.25 * 7 = 1.75 -> 2; 0 -> 0.
        var q = Quantizer.Quantize([0.5f, -1.0f, 0.25f, 0f], 1, 4, 4, ClippingPolicy.MaxAbs);
        Assert.Equal([4, -7, 2, 0], q.Values);
        Assert.Equal(1f / 7f, q.Scales[0], 6);
    }

    [Fact]
    public void PercentileClipsOutliers()
    {
        // 100 values 1..100; the 50th percentile of |v| is 50.5 (MathNet R-8 quantile is close to it);
        // 100 clips to qmax = 127 at 8 bits.
        var values = Enumerable.Range(1, 100).Select(i => (float)i).ToArray();
        var policy = ClippingPolicy.TryParse("percentile(50)")!;
        var q = Quantizer.Quantize(values, 1, 100, 8, policy);
        Assert.Equal(127, q.Values[99]);
        Assert.Equal(127, q.Values[60]);
        Assert.InRange(q.Scales[0] * 127, 50.0, 51.0);
    }

    [Theory]
    [InlineData("maxAbs", true)]
    [InlineData("percentile(99.9)", true)]
    [InlineData("percentile(0)", false)]
    [InlineData("percentile(101)", false)]
    [InlineData("max", false)]
    public void ParsesClippingPolicies(string text, bool valid) => Assert.Equal(valid, ClippingPolicy.TryParse(text) is not null);

    [Fact]
    public void ZeroRowGetsUnitScale()
    {
        var q = Quantizer.Quantize([0f, 0f], 1, 2, 8, ClippingPolicy.MaxAbs);
        Assert.Equal(1f, q.Scales[0]);
        Assert.Equal([0, 0], q.Values);
    }
}
