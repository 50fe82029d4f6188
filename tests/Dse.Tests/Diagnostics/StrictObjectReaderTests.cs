using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Tests.Diagnostics;

public class StrictObjectReaderTests
{
    private static (StrictObjectReader Reader, JsonObject Root) Read(string text)
    {
        var map = JsonSourceMap.Parse("s.json", text, out var root);
        var r = new StrictObjectReader(map);
        return (r, r.RootObject(root)!);
    }

    [Fact]
    public void Reads_typed_values()
    {
        var (r, o) = Read("""{ "d": 2.5, "i": 3, "s": "x", "b": true, "ds": [1, 2.5], "is": [1, 2], "ss": ["a"], "o": {} }""");
        Assert.Equal(2.5, r.RequiredDouble(o, "$", "d", "test"));
        Assert.Equal(3, r.RequiredInt(o, "$", "i", "test"));
        Assert.Equal(3.0, r.RequiredDouble(o, "$", "i", "integers are numbers"));
        Assert.Equal("x", r.RequiredString(o, "$", "s", "test"));
        Assert.True(r.RequiredBool(o, "$", "b", "test"));
        Assert.Equal([1.0, 2.5], r.RequiredDoubleArray(o, "$", "ds", "test"));
        Assert.Equal([1, 2], r.RequiredIntArray(o, "$", "is", "test"));
        Assert.Equal(["a"], r.RequiredStringArray(o, "$", "ss", "test"));
        Assert.NotNull(r.RequiredObject(o, "$", "o", "test"));
        Assert.Null(r.OptionalInt(o, "$", "absent", "test"));
        Assert.False(r.HasErrors);
        r.ThrowIfAny();
    }

    [Fact]
    public void Wrong_type_names_what_was_found()
    {
        var (r, o) = Read("{\n \"gMinS\": \"abc\"\n}");
        Assert.Null(r.RequiredDouble(o, "$", "gMinS", "siemens"));
        var e = Assert.Single(r.Errors);
        Assert.Equal("$.gMinS", e.Path);
        Assert.Equal(2, e.Line);
        Assert.Contains("a finite number", e.Expected);
        Assert.Equal("a string \"abc\"", e.Found);
    }

    [Fact]
    public void Missing_key_names_the_key_and_its_meaning()
    {
        var (r, o) = Read("{\n \"x\": {\n }\n}");
        var x = r.RequiredObject(o, "$", "x", "test")!;
        r.RequiredDouble(x, "$.x", "gMinS", "siemens");
        var e = Assert.Single(r.Errors);
        Assert.Equal("$.x.gMinS", e.Path);
        Assert.Equal(2, e.Line);
        Assert.Contains("key 'gMinS' (siemens", e.Expected);
    }

    [Fact]
    public void Fractional_int_and_huge_double_are_rejected()
    {
        var (r, o) = Read("""{ "i": 2.5, "d": 1e400 }""");
        Assert.Null(r.RequiredInt(o, "$", "i", "test"));
        Assert.Null(r.RequiredDouble(o, "$", "d", "test"));
        Assert.Equal(2, r.Errors.Count);
    }

    [Fact]
    public void Bad_array_elements_each_get_their_line()
    {
        var (r, o) = Read("{\n \"a\": [\n  1,\n  \"two\",\n  null\n ]\n}");
        Assert.Null(r.RequiredDoubleArray(o, "$", "a", "test"));
        Assert.Collection(r.Errors,
            e => { Assert.Equal("$.a[1]", e.Path); Assert.Equal(4, e.Line); },
            e => { Assert.Equal("$.a[2]", e.Path); Assert.Equal(5, e.Line); Assert.Equal("null", e.Found); });
    }

    [Fact]
    public void Unknown_keys_list_valid_keys_and_nearest_spelling()
    {
        var (r, o) = Read("{\n \"gMinS\": 1,\n \"gMaxs\": 2\n}");
        r.RejectUnknownKeys(o, "$", ["gMinS", "gMaxS"]);
        var e = Assert.Single(r.Errors);
        Assert.Equal("$.gMaxs", e.Path);
        Assert.Equal(3, e.Line);
        Assert.Contains("'gMinS', 'gMaxS'", e.Expected);
        Assert.Contains("did you mean 'gMaxS'?", e.Expected);
    }

    [Fact]
    public void Choice_lists_valid_values()
    {
        var (r, o) = Read("""{ "model": "perLevl" }""");
        Assert.Null(r.RequiredChoice(o, "$", "model", ["perLevel", "proportional"], "variation model"));
        Assert.Contains("did you mean 'perLevel'?", r.Errors[0].Expected);
    }

    [Fact]
    public void All_errors_are_thrown_together()
    {
        var (r, o) = Read("""{ "a": "x", "b": "y" }""");
        r.RequiredDouble(o, "$", "a", "test");
        r.RequiredDouble(o, "$", "b", "test");
        r.RequiredDouble(o, "$", "c", "test");
        var ex = Assert.Throws<InputException>(r.ThrowIfAny);
        Assert.Equal(3, ex.Errors.Count);
    }

    [Fact]
    public void Non_object_root_is_an_error()
    {
        var map = JsonSourceMap.Parse("s.json", "[1, 2]", out var root);
        var r = new StrictObjectReader(map);
        Assert.Null(r.RootObject(root));
        Assert.Equal("an array of 2", r.Errors[0].Found);
    }

    [Theory]
    [InlineData("gMaxs", "gMaxS")]
    [InlineData("rram", "rram1")]
    [InlineData("zzzzzzzz", null)]
    public void NameSuggester_finds_near_names_only(string name, string? expected)
    {
        Assert.Equal(expected, NameSuggester.Nearest(name, ["gMaxS", "rram1", "fefet2"]));
    }
}
