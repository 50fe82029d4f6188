using Dse.Diagnostics;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Workloads;

public class GloveReaderTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "vectors.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Reads_words_and_vectors()
    {
        var v = GloveReader.Read(Write("the 0.5 -1 2e-1\nof 1 2 3\n\nthe 9 9 9\n"));
        Assert.Equal((3, 2), (v.Dim, v.Count));
        Assert.True(v.TryGet("the", out var the));
        Assert.Equal([0.5f, -1f, 0.2f], the.ToArray());
        Assert.False(v.TryGet("missing", out _));
    }

    [Theory]
    [InlineData("a 1 2\nb 1 2 3\n", "vectors.txt:2", "2 values after the word")]
    [InlineData("a 1 2\nb 1 NaN\n", "vectors.txt:2", "'NaN'")]
    [InlineData("a 1 2\nb 1 x\n", "vectors.txt:2", "'x'")]
    [InlineData("a\n", "vectors.txt:1", "a word without values")]
    [InlineData("", "vectors.txt:1", "an empty file")]
    [InlineData("\n\n", "vectors.txt:1", "only blank lines")]
    public void Defects_name_file_and_line(string text, string where, string found)
    {
        var e = Assert.Throws<InputException>(() => GloveReader.Read(Write(text)));
        Assert.Contains(where, e.Message);
        Assert.Contains(found, e.Message);
    }

    [Fact]
    public void Shared_glove_slice()
    {
        var v = GloveReader.Read(Path.Combine(TestPaths.SharedData, "vectors", "glove-100d-25k.txt"));
        Assert.Equal((100, 25000), (v.Dim, v.Count));
        Assert.True(v.TryGet("whale", out _));
    }
}
