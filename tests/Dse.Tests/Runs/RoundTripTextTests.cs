using System.Globalization;
using System.Text;
using Dse.Runs;
using Dse.Tests.Shared;

namespace Dse.Tests.Runs;

public class RoundTripTextTests
{
    private static string Text(double value)
    {
        Span<byte> buffer = stackalloc byte[RoundTripText.MaxBytes];
        return Encoding.UTF8.GetString(buffer[..RoundTripText.Write(value, buffer)]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.30000000000000004)]
    [InlineData(-1.2345678901234567E-308)]
    [InlineData(5e-324)]
    [InlineData(double.MaxValue)]
    [InlineData(1.043399821662887E-08)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void IsTheFormattersShortestRoundTripText(double value) =>
        Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture), Text(value));

    [Fact]
    public void KeysByBitsSoNegativeZeroKeepsItsSign()
    {
        // 0.0 == -0.0 as numbers; a table keyed by value would give the second the first one's text.
        Assert.Equal("0", Text(0.0));
        Assert.Equal("-0", Text(-0.0));
        Assert.Equal("0", Text(0.0));
    }

    [Fact]
    public void RemembersNothingWrongWhenValuesShareASlot()
    {
        // 20,000 random doubles over a 4,096-slot table, each written twice in a row and once again at the end: every slot is
        // reused by other values, and every text must still be the formatter's.
        var rng = new Random(7);
        var values = Enumerable.Range(0, 20_000).Select(_ => BitConverter.Int64BitsToDouble(rng.NextInt64()))
            .Where(double.IsFinite).ToArray();
        foreach (double v in values)
        {
            string expected = v.ToString("R", CultureInfo.InvariantCulture);
            Assert.Equal(expected, Text(v));
            Assert.Equal(expected, Text(v));
        }
        foreach (double v in values) Assert.Equal(v.ToString("R", CultureInfo.InvariantCulture), Text(v));
    }

    [Fact]
    public void PointJsonRejectsANonFiniteNumber()
    {
        var point = FakeResults.Point("k", null, double.NaN, 1);
        Assert.Throws<ArgumentException>(() => PointJson.Serialize(point));
    }
}
