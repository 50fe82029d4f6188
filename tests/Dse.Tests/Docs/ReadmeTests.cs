using System.Text;
using System.Text.RegularExpressions;
using Dse.Tests.Shared;

namespace Dse.Tests.Docs;

/// <summary>
/// The README stays a user's guide (at most 300 lines), and every relative link in it and in the documents it hands the
/// studies and the performance notes to resolves: the file exists, and a <c>#anchor</c> names a heading of that file under
/// GitHub's slug rules.
/// </summary>
public class ReadmeTests
{
    /// <summary>The documents whose links are checked, relative to the repository root.</summary>
    public static TheoryData<string> CheckedDocuments => new() { "README.md", "docs/studies.md", "docs/performance.md", "docs/architecture.md" };

    [Fact]
    public void Readme_has_at_most_300_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "README.md"));
        Assert.True(lines.Length <= 300, $"README.md has {lines.Length} lines; keep it a user's guide of at most 300 (studies go to docs/studies.md, engine notes to docs/performance.md)");
    }

    [Theory]
    [MemberData(nameof(CheckedDocuments))]
    public void Every_relative_link_resolves_to_a_file_and_heading(string document)
    {
        var broken = BrokenLinks(TestPaths.RepoRoot, document);
        Assert.True(broken.Count == 0, $"{document}: broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void The_link_check_finds_a_missing_file_and_a_missing_anchor()
    {
        var root = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        File.WriteAllText(Path.Combine(root, "docs", "other.md"), "# Other\n\n## Cost-only screen and screen, then simulate\n\n## `dse search`\n");
        File.WriteAllText(Path.Combine(root, "guide.md"), string.Join("\n",
            "# Guide",
            "## Long runs and clusters",
            "[ok](docs/other.md#cost-only-screen-and-screen-then-simulate) [ok](docs/other.md#dse-search) [ok](#long-runs-and-clusters)",
            "![ok](docs/other.md) [web](https://example.org/x.md#y) `[code](nowhere.md)`",
            "```",
            "[fenced](nowhere.md)",
            "```",
            "[missing file](docs/nowhere.md) [missing anchor](docs/other.md#no-such-heading) [missing here](#nope)"));

        var broken = BrokenLinks(root, "guide.md");

        Assert.Equal(3, broken.Count);
        Assert.Contains(broken, b => b.Contains("docs/nowhere.md"));
        Assert.Contains(broken, b => b.Contains("docs/other.md#no-such-heading"));
        Assert.Contains(broken, b => b.Contains("#nope"));
    }

    [Theory]
    [InlineData("Long runs and clusters", "long-runs-and-clusters")]
    [InlineData("Cost-only screen and screen, then simulate", "cost-only-screen-and-screen-then-simulate")]
    [InlineData("Managed GEMM against cblas_sgemm", "managed-gemm-against-cblas_sgemm")]
    [InlineData("CPU+DRAM baseline", "cpudram-baseline")]
    [InlineData("`dse search`", "dse-search")]
    [InlineData("8-bit fixed-point MMMs", "8-bit-fixed-point-mmms")]
    public void Slugs_follow_GitHub(string heading, string slug) => Assert.Equal(slug, Slug(heading));

    /// <summary>Every relative link of <paramref name="document"/> (a path under <paramref name="root"/>) that does not resolve, with its line.</summary>
    public static List<string> BrokenLinks(string root, string document)
    {
        var path = Path.Combine(root, document);
        var broken = new List<string>();
        var headingsByFile = new Dictionary<string, HashSet<string>>();
        HashSet<string> Headings(string file) =>
            headingsByFile.TryGetValue(file, out var h) ? h : headingsByFile[file] = HeadingSlugs(File.ReadAllLines(file));

        var lines = File.ReadAllLines(path);
        var inFence = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```")) { inFence = !inFence; continue; }
            if (inFence) continue;
            var text = InlineCode.Replace(lines[i], "");
            foreach (Match m in Link.Matches(text))
            {
                var target = m.Groups["target"].Value.Trim();
                if (target.Length == 0 || Scheme.IsMatch(target)) continue;   // https:, mailto: ...
                var hash = target.IndexOf('#');
                var filePart = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var file = filePart.Length == 0
                    ? path
                    : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(filePart)));
                var where = $"line {i + 1}: ({target})";
                if (!File.Exists(file) && !Directory.Exists(file)) { broken.Add(where + ": no such file"); continue; }
                if (anchor is null) continue;
                if (!File.Exists(file) || !file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                {
                    broken.Add(where + ": an anchor into a file that is not Markdown");
                    continue;
                }
                if (!Headings(file).Contains(anchor)) broken.Add(where + $": no heading with slug '{anchor}' in {Path.GetFileName(file)}");
            }
        }
        return broken;
    }

    /// <summary>The anchors GitHub gives the headings of a Markdown file (outside fenced code), duplicates numbered -1, -2, ...</summary>
    public static HashSet<string> HeadingSlugs(IEnumerable<string> lines)
    {
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```")) { inFence = !inFence; continue; }
            if (inFence) continue;
            var m = Heading.Match(line);
            if (!m.Success) continue;
            var slug = Slug(m.Groups["text"].Value);
            if (counts.TryGetValue(slug, out var n)) { counts[slug] = n + 1; slugs.Add($"{slug}-{n + 1}"); }
            else { counts[slug] = 0; slugs.Add(slug); }
        }
        return slugs;
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation other than hyphens and underscores removed, spaces to hyphens.</summary>
    public static string Slug(string heading)
    {
        var sb = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c == '-' || c == '_') sb.Append(c);
            else if (c == ' ') sb.Append('-');
        }
        return sb.ToString();
    }

    private static readonly Regex Heading = new(@"^#{1,6}\s+(?<text>.*?)\s*#*\s*$", RegexOptions.Compiled);
    private static readonly Regex Link = new(@"!?\[[^\]]*\]\((?<target>[^)\s]*)(?:\s+""[^""]*"")?\)", RegexOptions.Compiled);
    private static readonly Regex InlineCode = new(@"`[^`]*`", RegexOptions.Compiled);
    private static readonly Regex Scheme = new(@"^[a-zA-Z][a-zA-Z0-9+.-]*:", RegexOptions.Compiled);
}
