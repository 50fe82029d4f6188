using System.Text.RegularExpressions;
using Dse.Reports;
using Dse.Tests.Shared;

namespace Dse.Tests.Reports;

public class ParetoHtmlWriterTests
{
    /// <summary>
    /// Writes the page from a fake sweep. The file is also kept at
    /// <c>tests/Dse.Tests/bin/.../pareto-sample/pareto.html</c> for a headless-browser screenshot.
    /// </summary>
    [Fact]
    public void WritesSelfContainedPageWithDeviceAndFrontTraces()
    {
        var points = FakeResults.Sweep(seed: 11);
        var dir = Path.Combine(AppContext.BaseDirectory, "pareto-sample");
        var path = Path.Combine(dir, "pareto.html");
        ParetoHtmlWriter.Write(path, "fake-default", points);

        var info = new FileInfo(path);
        Assert.True(info.Length > 3_000_000, $"plotly.js should be inlined; file is only {info.Length} bytes");
        var html = File.ReadAllText(path);
        Assert.DoesNotMatch(new Regex("<script[^>]+src=[\"'][^\"']*(cdn|https?:)", RegexOptions.IgnoreCase), html);
        foreach (var device in FakeResults.Devices) Assert.Contains($"\"name\":\"{device}\"", html);
        Assert.Contains($"\"name\":\"{ParetoHtmlWriter.FrontTraceName}\"", html);
        Assert.Contains("\"shape\":\"hv\"", html);
        Assert.Contains("\"type\":\"log\"", html);
        Assert.Contains("energy per query search (J, log scale)", html);
        Assert.Contains("fake-default", html);
        Assert.Contains(points[0].Key, html);
        Assert.Contains("(95% CI ", html);
        Assert.Contains("\"hovertemplate\":\"%{text}<extra></extra>\"", html);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }
}
