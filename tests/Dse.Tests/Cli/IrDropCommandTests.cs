namespace Dse.Tests.Cli;

/// <summary><c>dse irdrop check</c>: one table row per size, and bad arguments (exit 2).</summary>
public class IrDropCommandTests
{
    [Fact]
    public void Prints_one_row_per_size()
    {
        var r = CliRunner.Run("irdrop", "check", "rram1", "--crossbar", "16x32", "--sizes", "8,16", "--tiles", "1", "--planes", "2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.StartsWith("rows\tcols\tfastMean\tfastP99\tcorrectedMean\tcorrectedP99\tidealMean\tidealP99", rows[0]);
        Assert.StartsWith("8\t16\t", rows[1]);
        Assert.StartsWith("16\t32\t", rows[2]);
        Assert.Equal(3, rows.Count);
    }

    [Theory]
    [InlineData("--crossbar", "16by16", "--crossbar")]
    [InlineData("--input-density", "0", "--input-density")]
    [InlineData("--sizes", "8,x", "--sizes")]
    [InlineData("--cell-bits", "3", "--cell-bits")]
    public void Bad_argument_exits_2(string option, string value, string mentioned)
    {
        var args = new List<string> { "irdrop", "check", "rram1", "--crossbar", "16x16", "--tiles", "1", "--planes", "1" };
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value; else args.AddRange([option, value]);
        var r = CliRunner.Run([.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(mentioned, r.Stderr);
    }
}
