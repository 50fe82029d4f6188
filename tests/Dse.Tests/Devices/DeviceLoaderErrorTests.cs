using Dse.Devices;
using Dse.Diagnostics;
using Dse.Tests.Shared;

namespace Dse.Tests.Devices;

/// <summary>One fixture per bad-input case under Fixtures/bad-input/devices/.</summary>
public class DeviceLoaderErrorTests
{
    private static readonly string FixtureDir =
        Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "devices");

    private static string Fixture(string name) => Path.Combine(FixtureDir, name + ".json");

    private static InputException Fails(string name) =>
        Assert.Throws<InputException>(() => DeviceLoader.Load(Fixture(name)));

    /// <summary>The error at <paramref name="path"/>; asserts it names the file and the line.</summary>
    private static InputError At(InputException ex, string name, string? path, int? line)
    {
        var e = Assert.Single(ex.Errors, x => x.Path == path);
        Assert.Equal(Fixture(name), e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(Fixture(name), ex.Message);
        return e;
    }

    [Fact]
    public void Malformed_json_names_line_and_what_was_expected()
    {
        var ex = Fails("malformed");
        var e = Assert.Single(ex.Errors);
        Assert.Equal(Fixture("malformed"), e.File);
        Assert.Equal(6, e.Line);   // the comma after line 5 is missing; the parser stops at line 6
        Assert.Contains("Expected", e.Found);
        Assert.Contains($"malformed.json:6:", ex.Message);
    }

    [Fact]
    public void Unknown_key_lists_valid_keys_and_suggests_the_nearest()
    {
        var e = At(Fails("unknown-key"), "unknown-key", "$.gMaxs", 9);
        Assert.Contains("did you mean 'gMaxS'?", e.Expected);
        Assert.Contains("'cellAreaF2'", e.Expected);
    }

    [Fact]
    public void Missing_key_points_at_the_enclosing_object()
    {
        var e = At(Fails("missing-key"), "missing-key", "$.cellAreaF2", 1);
        Assert.Contains("key 'cellAreaF2' (cell area in F^2", e.Expected);
    }

    [Fact]
    public void Wrong_type_says_what_was_found()
    {
        var e = At(Fails("wrong-type"), "wrong-type", "$.gMinS", 8);
        Assert.Equal("a string \"abc\"", e.Found);
        Assert.Contains("a finite number", e.Expected);
    }

    [Fact]
    public void Gmin_at_or_above_gmax_is_an_error()
    {
        var e = At(Fails("gmin-above-gmax"), "gmin-above-gmax", "$.gMinS", 8);
        Assert.Contains("gMinS < gMaxS", e.Expected);
    }

    [Fact]
    public void Negative_sigma_is_an_error_at_its_element()
    {
        var e = At(Fails("negative-sigma"), "negative-sigma", "$.variation.sigmaPerLevel[2]", 16);
        Assert.Equal("-0.01", e.Found);
    }

    [Fact]
    public void Sigma_list_must_have_one_entry_per_level()
    {
        var e = At(Fails("sigma-wrong-length"), "sigma-wrong-length", "$.variation.sigmaPerLevel", 13);
        Assert.Contains("4 sigmas", e.Expected);
        Assert.Equal("3", e.Found);
    }

    [Fact]
    public void Unknown_variation_model_lists_valid_models()
    {
        var e = At(Fails("unknown-variation-model"), "unknown-variation-model", "$.variation.model", 12);
        Assert.Contains("'perLevel'", e.Expected);
        Assert.Contains("did you mean 'perLevel'?", e.Expected);
    }

    [Fact]
    public void Unknown_key_inside_variation_is_rejected()
    {
        var e = At(Fails("unknown-variation-key"), "unknown-variation-key", "$.variation.sigmaPerLvel", 19);
        Assert.Contains("did you mean 'sigmaPerLevel'?", e.Expected);
    }

    [Fact]
    public void Every_numeric_value_needs_a_source()
    {
        var e = At(Fails("missing-source"), "missing-source", "$.sources.gMaxS", 20);
        Assert.Contains("a source for 'gMaxS'", e.Expected);
    }

    [Fact]
    public void Version_must_be_1()
    {
        At(Fails("wrong-version"), "wrong-version", "$.version", 3);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var ex = Fails("several-errors");
        Assert.Contains(ex.Errors, e => e.Path == "$.levels");
        Assert.Contains(ex.Errors, e => e.Path == "$.gMinS");
        Assert.Contains(ex.Errors, e => e.Path == "$.cellAreaF2");
    }

    [Fact]
    public void Empty_file_is_a_clear_error()
    {
        var e = At(Fails("empty"), "empty", null, 1);
        Assert.Equal("an empty file", e.Found);
    }

    [Fact]
    public void Truncated_file_is_a_clear_error()
    {
        var e = Assert.Single(Fails("truncated").Errors);
        Assert.Equal(Fixture("truncated"), e.File);
        Assert.Equal(10, e.Line);
        Assert.Contains("truncated", e.Found);
    }

    [Fact]
    public void Directory_instead_of_file_is_an_input_error()
    {
        var e = Assert.Single(Fails("dir-instead-of-file").Errors);
        Assert.Equal("a directory", e.Found);
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        var e = Assert.Single(Fails("no-such-file").Errors);
        Assert.Equal("no such file", e.Found);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted()
    {
        var d = DeviceLoader.Load(Fixture("with-comments"));
        Assert.Equal("with-comments", d.Name);
    }

    [Fact]
    public void Unknown_device_name_lists_available_and_nearest()
    {
        var ex = Assert.Throws<InputException>(() => DeviceLoader.Resolve("rram", TestPaths.DeviceModels, null));
        var e = Assert.Single(ex.Errors);
        Assert.Contains("'rram1'", e.Expected);
        Assert.Contains("'fefet6'", e.Expected);
        Assert.Contains("did you mean 'rram1'?", e.Expected);
    }

    [Fact]
    public void Relative_path_is_taken_from_relativeTo()
    {
        var d = DeviceLoader.Resolve("../device-models/rram1.json", TestPaths.DeviceModels, Path.Combine(TestPaths.RepoRoot, "tests"));
        Assert.Equal("rram1", d.Name);
    }
}
