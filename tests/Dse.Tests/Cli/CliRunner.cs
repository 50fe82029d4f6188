using Dse.Cli;
using Dse.Exploration;
using Dse.Runs;
using Dse.Tests.Shared;

namespace Dse.Tests.Cli;

/// <summary>Runs the <c>dse</c> command line in-process and captures its output.</summary>
public static class CliRunner
{
    /// <summary>Exit code, stdout and stderr of one invocation.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs <c>dse ARGS</c> with the repository root as working directory (as the README does).</summary>
    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DseCommandLine.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <c>dse sweep SPEC --out DIR --quiet EXTRA</c> into a new temporary folder and asserts it succeeded.</summary>
    /// <returns>The run folder and the points of its <c>points.jsonl</c>.</returns>
    public static (string Dir, IReadOnlyList<PointResult> Points) Sweep(string spec, params string[] extra)
    {
        var outDir = Path.Combine(TestPaths.NewTempDir(), "run");
        var result = Run(["sweep", spec, "--out", outDir, "--quiet", .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (outDir, PointJson.ReadAll(Path.Combine(outDir, "points.jsonl")).Points);
    }
}
