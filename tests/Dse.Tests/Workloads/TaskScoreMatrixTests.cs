using Dse.Diagnostics;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Workloads;

public class TaskScoreMatrixTests
{
    private static readonly string[] Names = ["legal", "medical", "news"];

    private static string Csv(string text)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "scores.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void CsvRowsAndColumnsInAnyOrderLandInStoreOrder()
    {
        var m = TaskScoreMatrix.Read(Csv("ovt,news,legal,noPrompt,medical\nmedical,0.1,0.2,0.05,0.9\nnews,0.8,0.3,0.25,0.4\nlegal,0.5,0.7,0.15,0.6\n"), Names);
        Assert.Equal(3, m.OvtCount);
        Assert.Equal(0.7, m.Score(0, 0));
        Assert.Equal(0.6, m.Score(0, 1));
        Assert.Equal(0.5, m.Score(0, 2));
        Assert.Equal(0.2, m.Score(1, 0));
        Assert.Equal(0.9, m.Score(1, 1));
        Assert.Equal(0.8, m.Score(2, 2));
        Assert.Equal([0.15, 0.05, 0.25], m.NoPrompt!);
    }

    [Fact]
    public void NpyIsInStoreOrderWithAnOptionalNoPromptColumn()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "scores.npy");
        NpyWriter.WriteDoubles(path, [3, 4], [0.9, 0.1, 0.2, 0.0, 0.3, 0.8, 0.4, 0.1, 0.5, 0.6, 0.7, 0.2]);
        var m = TaskScoreMatrix.Read(path, Names);
        Assert.Equal(0.1, m.Score(0, 1));
        Assert.Equal(0.7, m.Score(2, 2));
        Assert.Equal([0.0, 0.1, 0.2], m.NoPrompt!);
        NpyWriter.WriteDoubles(path, [3, 3], Enumerable.Repeat(0.5, 9).ToArray());
        Assert.Null(TaskScoreMatrix.Read(path, Names).NoPrompt);
    }

    [Theory]
    [InlineData("ovt,legal,medical,news\nlegal,1,0,0\nmedical,0,1,0\nsports,0,0,1\n", 4, "'sports'")]
    [InlineData("ovt,legal,medical,news\nlegal,1,0,0\nmedical,0,1,0\n", 3, "no row for news")]
    [InlineData("ovt,legal,medical,news\nlegal,1,0,0\nlegal,0,1,0\nnews,0,0,1\n", 3, "'legal' again")]
    [InlineData("ovt,legal,medical,news\nlegal,1,0,0\nmedical,0,abc,0\nnews,0,0,1\n", 3, "'abc'")]
    [InlineData("ovt,legal,medical,news\nlegal,1,0,0\nmedical,0,1.5,0\nnews,0,0,1\n", 3, "'1.5'")]
    [InlineData("ovt,legal,medical,news\nlegal,1,0,0\nmedical,0,NaN,0\nnews,0,0,1\n", 3, "'NaN'")]
    [InlineData("ovt,legal,medical,news\nlegal,1,0\nmedical,0,1,0\nnews,0,0,1\n", 2, "4 fields, as the header; found 3")]
    [InlineData("ovt,legal,medical\nlegal,1,0\nmedical,0,1\n", 1, "news missing")]
    [InlineData("ovt,legal,medical,sports\nlegal,1,0,0\n", 1, "'sports'")]
    [InlineData("domain,legal,medical,news\n", 1, "'domain'")]
    [InlineData("", 1, "an empty file")]
    public void BadCsvIsRefusedWithItsLine(string text, int line, string found)
    {
        var path = Csv(text);
        var error = Assert.Throws<InputException>(() => TaskScoreMatrix.Read(path, Names));
        Assert.Contains($"{path}:{line}:", error.Message);
        Assert.Contains(found, error.Message);
    }

    [Fact]
    public void NpyOfTheWrongShapeOrRangeIsRefused()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "scores.npy");
        NpyWriter.WriteDoubles(path, [2, 3], [1, 0, 0, 0, 1, 0]);
        Assert.Contains("[2, 3]", Assert.Throws<InputException>(() => TaskScoreMatrix.Read(path, Names)).Message);
        NpyWriter.WriteDoubles(path, [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, -0.5]);
        Assert.Contains("[2, 2]", Assert.Throws<InputException>(() => TaskScoreMatrix.Read(path, Names)).Message);
        Assert.Contains("no such file", Assert.Throws<InputException>(() => TaskScoreMatrix.Read(path + ".missing", Names)).Message);
    }
}
