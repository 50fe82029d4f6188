using Dse.Reports;
using Dse.Tests.Shared;

namespace Dse.Tests.Runs;

public class AtomicFileTests
{
    [Fact]
    public void FailingWriterLeavesNoPartialFileAndKeepsTheOldOne()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "points.csv");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteText(path, w =>
        {
            w.Write(new string('x', 100_000));
            throw new InvalidOperationException("writer failed");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(dir));
    }

    [Fact]
    public void FailingWriterCreatesNothingWhenTargetIsNew()
    {
        var dir = TestPaths.NewTempDir();
        Assert.Throws<IOException>(() => AtomicFile.WriteText(Path.Combine(dir, "pareto.html"), _ => throw new IOException("disk full")));
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void SuccessfulWriteReplacesTarget()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "sub", "summary.json");
        AtomicFile.WriteText(path, w => w.Write("first"));
        AtomicFile.WriteText(path, w => w.Write("second"));
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.Combine(dir, "sub")));
    }
}
