using Dse.Diagnostics;

namespace Dse.Tests.Diagnostics;

public class JsonSourceMapTests
{
    private const string Text = """
        {
          "mc": {
            "trials": 32,
            "seed": 7
          },
          // a comment line
          "sigmaPerLevel": [
            0.01,
            0.02,
            0.03,
          ],
          "grid": [[1, 2],
                   [3, 4]],
          "odd key": true,
        }
        """;

    [Theory]
    [InlineData("$", 1)]
    [InlineData("$.mc", 2)]
    [InlineData("$.mc.trials", 3)]
    [InlineData("$.mc.seed", 4)]
    [InlineData("$.sigmaPerLevel", 7)]
    [InlineData("$.sigmaPerLevel[0]", 8)]
    [InlineData("$.sigmaPerLevel[2]", 10)]
    [InlineData("$.grid[0][1]", 12)]
    [InlineData("$.grid[1][0]", 13)]
    [InlineData("$['odd key']", 14)]
    public void LineOf_finds_nested_properties_and_array_elements(string path, int line)
    {
        var map = JsonSourceMap.Parse("t.json", Text, out _);
        Assert.Equal(line, map.LineOf(path));
    }

    [Fact]
    public void LineOf_unknown_path_is_null_and_NearestLineOf_falls_back_to_parent()
    {
        var map = JsonSourceMap.Parse("t.json", Text, out _);
        Assert.Null(map.LineOf("$.mc.missing"));
        Assert.Equal(2, map.NearestLineOf("$.mc.missing"));
        Assert.Equal(7, map.NearestLineOf("$.sigmaPerLevel[9]"));
    }

    [Fact]
    public void Crlf_line_endings_count_once()
    {
        var map = JsonSourceMap.Parse("t.json", "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}", out _);
        Assert.Equal(3, map.LineOf("$.b"));
    }

    [Fact]
    public void Malformed_json_reports_file_and_one_based_line()
    {
        var ex = Assert.Throws<InputException>(() => JsonSourceMap.Parse("bad.json", "{\n  \"a\": 1\n  \"b\": 2\n}", out _));
        var e = Assert.Single(ex.Errors);
        Assert.Equal("bad.json", e.File);
        Assert.Equal(3, e.Line);
        Assert.Contains("Expected", e.Found);
    }

    [Fact]
    public void Duplicate_keys_are_errors_with_both_lines()
    {
        var ex = Assert.Throws<InputException>(() => JsonSourceMap.Parse("d.json", "{\n \"a\": 1,\n \"a\": 2\n}", out _));
        var e = Assert.Single(ex.Errors);
        Assert.Equal("$.a", e.Path);
        Assert.Equal(3, e.Line);
        Assert.Contains("line 2", e.Found);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Empty_text_is_a_clear_error(string text)
    {
        var ex = Assert.Throws<InputException>(() => JsonSourceMap.Parse("e.json", text, out _));
        Assert.Contains("empty file", ex.Errors[0].Found);
    }

    [Fact]
    public void Truncated_text_says_truncated()
    {
        var ex = Assert.Throws<InputException>(() => JsonSourceMap.Parse("t.json", "{\n  \"a\": [1,\n  2", out _));
        Assert.Contains("truncated", ex.Errors[0].Found);
        Assert.Equal(3, ex.Errors[0].Line);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void NaN_and_infinity_literals_are_malformed(string literal)
    {
        Assert.Throws<InputException>(() => JsonSourceMap.Parse("n.json", $"{{\"a\": {literal}}}", out _));
    }
}
