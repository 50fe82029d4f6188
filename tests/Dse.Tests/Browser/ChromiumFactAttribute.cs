namespace Dse.Tests.Browser;

/// <summary>
/// The system Chromium the browser tests drive through Playwright (browsers cannot be downloaded here, so Playwright's own
/// build is never used): <c>DSE_CHROMIUM</c> when set (a path that does not exist skips the tests), else the first of the
/// usual install paths that exists.
/// </summary>
public static class SystemChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>The browser executable, or null when none is installed.</summary>
    public static string? Path { get; } = Environment.GetEnvironmentVariable("DSE_CHROMIUM") is { Length: > 0 } env
        ? (File.Exists(env) ? env : null)
        : Candidates.FirstOrDefault(File.Exists);

    /// <summary>Why a browser test is skipped.</summary>
    public const string SkipReason = "no Chromium installed (DSE_CHROMIUM, else /usr/bin/chromium, chromium-browser, google-chrome): run 'apt-get install -y chromium' to run the browser test";
}

/// <summary>A fact that xunit reports as skipped, with <see cref="SystemChromium.SkipReason"/>, when no system Chromium is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> at discovery when <see cref="SystemChromium.Path"/> is null.</summary>
    public ChromiumFactAttribute()
    {
        if (SystemChromium.Path is null) Skip = SystemChromium.SkipReason;
    }
}
