using System.Text.RegularExpressions;
using Dse.Tests.Shared;

namespace Dse.Tests.Definitions;

/// <summary>
/// The layers of <c>Dse.Core</c> are one-way: Devices and Workloads (models and strict loading) use no other Core folder but
/// Diagnostics and Randomness, and the Monte Carlo (Crossbar) does not use the analytical cost model (Costs), which reads it.
/// Checked on the source, code only (doc comments may mention any layer).
/// </summary>
public class LayeringTests
{
    /// <summary>The lines of code of every C# file under <c>src/Dse.Core/FOLDER</c>, comments removed, with their file and line.</summary>
    private static IEnumerable<(string File, int Line, string Code)> Code(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src", "Dse.Core", folder), "*.cs", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                int comment = lines[i].IndexOf("//", StringComparison.Ordinal);
                string code = comment < 0 ? lines[i] : lines[i][..comment];
                if (code.Trim().Length > 0) yield return (Path.GetRelativePath(TestPaths.RepoRoot, file), i + 1, code);
            }
        }
    }

    /// <summary>Uses of the namespaces <paramref name="layers"/> (<c>using Dse.X</c>, <c>Dse.X.</c> or, inside namespace Dse, <c>X.</c>).</summary>
    private static string[] Uses(string folder, params string[] layers)
    {
        var use = new Regex($@"(?<![\w.])(?:global::)?(?:Dse\.)?(?:{string.Join("|", layers)})\b(?:\.|;)");
        return Code(folder).Where(c => use.IsMatch(c.Code)).Select(c => $"{c.File}:{c.Line}: {c.Code.Trim()}").ToArray();
    }

    [Theory]
    [InlineData("Devices")]
    [InlineData("Workloads")]
    public void Models_and_loaders_use_no_layer_above_them(string folder)
        => Assert.Empty(Uses(folder, "Costs", "Crossbar", "Exploration", "Reports", "Pareto", "Search", "Analysis"));

    [Fact]
    public void The_monte_carlo_does_not_use_the_cost_model()
        => Assert.Empty(Uses("Crossbar", "Costs"));

    [Fact]
    public void The_check_sees_a_use()
        => Assert.NotEmpty(Uses("Costs", "Crossbar"));
}
