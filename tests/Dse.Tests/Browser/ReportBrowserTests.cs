using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Pareto;
using Dse.Tests.Cli;
using Dse.Tests.Shared;
using Microsoft.Playwright;

namespace Dse.Tests.Browser;

/// <summary>
/// Every report page opened in a real browser (the system Chromium through Playwright, from <c>file://</c>): no console error,
/// every plot drawn, the ringed front equal to pareto.csv and switched by the metric buttons, no request leaving the run folder.
/// Screenshots of each page go to <c>screenshots/</c> under the test output for a person to look at.
/// </summary>
[Trait("Category", "Long")]
public class ReportBrowserTests
{
    private static readonly string[] Pages = ["index.html", "pareto.html", "breakdown.html", "sensitivity.html", "report.html"];

    /// <summary>Where the screenshots go.</summary>
    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>A small run whose devices rram1 and rram4 cost the same (so points coincide), with a selection and a single-file report.</summary>
    private static string MakeRun()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["devices"] = new JsonArray("rram1", "rram4", "fefet6");
        sweep["sigmaScale"] = new JsonArray(0, 1);
        sweep["adcModel"] = new JsonArray("neurosimSar", "survey");
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(0, CliRunner.Run("select", outDir, "--min-accuracy-p5", "0.2", "--top", "3").ExitCode);
        Assert.Equal(0, CliRunner.Run("report", outDir, "--single-file").ExitCode);
        return outDir;
    }

    private static async Task<IBrowser> Launch(IPlaywright playwright) => await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = SystemChromium.Path,
        Headless = true,
        // SwiftShader gives the 3-D plot a WebGL context without a GPU.
        Args = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-background-networking", "--disable-component-update"],
    });

    /// <summary>Keys of the visible "Pareto front" trace of the first plot of the page.</summary>
    private static async Task<string[]> RingedKeys(IPage page)
        => await page.EvaluateAsync<string[]>(
            "() => { const d = document.querySelector('.js-plotly-plot').data; const t = d.filter(t => t.name === 'Pareto front' && t.visible !== false); return t.length === 1 ? t[0].ids : []; }");

    [ChromiumFact]
    public async Task EveryPageRendersOfflineWithoutErrors()
    {
        var run = MakeRun();
        var folderUri = new Uri(run + Path.DirectorySeparatorChar).AbsoluteUri;
        Directory.CreateDirectory(ScreenshotDir);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        foreach (var file in Pages)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
            var errors = new List<string>();
            var outside = new List<string>();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
            page.PageError += (_, e) => errors.Add(e);
            page.Request += (_, r) => { if (!r.Url.StartsWith(folderUri, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)) outside.Add(r.Url); };
            await page.GotoAsync(folderUri + file, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            await page.WaitForTimeoutAsync(500);

            var charts = await page.EvaluateAsync<int>("() => document.querySelectorAll('div.chart').length");
            var drawn = await page.EvaluateAsync<int>(
                "() => [...document.querySelectorAll('div.chart')].filter(c => c.querySelector('svg.main-svg') && (c.querySelector('.gl-container canvas, canvas') || c.querySelector('svg.main-svg .plot, svg.main-svg .cartesianlayer .trace, svg.main-svg .barlayer'))).length");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, Path.ChangeExtension(file, ".png")), FullPage = true });

            Assert.True(errors.Count == 0, $"{file}: console errors: {string.Join(" | ", errors)}");
            Assert.True(outside.Count == 0, $"{file}: requests outside the run folder: {string.Join(" ", outside)}");
            Assert.Equal(charts, drawn);
            var fieldNames = ResultFieldNames.In(await page.InnerTextAsync("body"));
            Assert.True(fieldNames.Count == 0, $"{file}: shows field names as labels: {string.Join(", ", fieldNames)}");
            if (file == "index.html") Assert.Equal(0, charts);
            else if (file != "report.html") Assert.True(charts > 0, $"{file}: no plot");
            await page.CloseAsync();
        }
    }

    [ChromiumFact]
    public async Task TheRingedFrontIsParetoCsvAndTheMetricButtonsSwitchIt()
    {
        var run = MakeRun();
        var points = PointJson.ReadAll(Path.Combine(run, "points.jsonl")).Points;
        var csvKeys = File.ReadAllLines(Path.Combine(run, "pareto.csv")).Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal).ToArray();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(Path.Combine(run, "pareto.html")).AbsoluteUri);

        Assert.Equal(csvKeys, (await RingedKeys(page)).Order(StringComparer.Ordinal));
        // Each button rings the front under the sweep's objectives with its measure in place of accuracy.
        Objective[] measures = points.All(p => p.Accuracy is not null)
            ? [Objective.Accuracy, Objective.AccuracyP5, Objective.Agreement, Objective.AgreementP5]
            : [Objective.Agreement, Objective.AgreementP5];
        var buttons = page.Locator(".updatemenu-button");
        Assert.Equal(measures.Length, await buttons.CountAsync() / 2); // one menu per plot: the 3-D view and the projections
        var seen = new HashSet<string>();
        for (int b = 0; b < measures.Length; b++)
        {
            await buttons.Nth(b).ClickAsync();
            await page.WaitForTimeoutAsync(200);
            var expected = ParetoFront.Compute(points, [measures[b], Objective.Energy, Objective.Area]).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
            var ringed = (await RingedKeys(page)).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, ringed);
            seen.Add(string.Join(",", ringed));
        }
        Assert.True(seen.Count > 1, "the metric buttons should change the ringed set on this run");
    }
}
