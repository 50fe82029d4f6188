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

    [Fact]
    public void Write_block_is_required()
    {
        var e = At(Fails("missing-write"), "missing-write", "$.write", 1);
        Assert.Contains("key 'write'", e.Expected);
    }

    [Fact]
    public void Write_pulse_must_be_positive()
    {
        var e = At(Fails("negative-write-pulse"), "negative-write-pulse", "$.write.pulseS", 87);
        Assert.Equal("-5E-08", e.Found);
    }

    [Fact]
    public void Stuck_at_rates_may_not_exceed_one_together()
    {
        var e = At(Fails("stuck-rates-above-one"), "stuck-rates-above-one", "$.variation.stuckAt.gMaxRate", 67);
        Assert.Contains("gMinRate + gMaxRate <= 1", e.Expected);
    }

    [Fact]
    public void Drift_takes_scalar_or_per_level_exponents_not_both()
    {
        var e = At(Fails("drift-both-forms"), "drift-both-forms", "$.variation.drift", 18);
        Assert.Contains("not both", e.Expected);
    }

    [Fact]
    public void Drift_per_level_lists_need_one_value_per_level()
    {
        var e = At(Fails("drift-wrong-length"), "drift-wrong-length", "$.variation.drift.nuStdPerLevel", 38);
        Assert.Contains("16 values", e.Expected);
        Assert.Equal("4", e.Found);
    }

    [Fact]
    public void Unknown_read_noise_model_suggests_the_nearest()
    {
        var e = At(Fails("unknown-read-noise-model"), "unknown-read-noise-model", "$.variation.readNoise.model", 58);
        Assert.Contains("did you mean 'oneOverF'?", e.Expected);
    }

    [Fact]
    public void Keys_of_another_variation_model_are_rejected()
    {
        var e = At(Fails("polynomial-with-perlevel-key"), "polynomial-with-perlevel-key", "$.variation.sigmaPerLevel", 65);
        Assert.Contains("'sigmaCoefficientsUS'", e.Expected);
    }

    [Theory]
    [InlineData("missing-write")]
    [InlineData("stuck-rates-above-one")]
    [InlineData("drift-both-forms")]
    [InlineData("drift-wrong-length")]
    [InlineData("unknown-read-noise-model")]
    [InlineData("negative-write-pulse")]
    [InlineData("polynomial-with-perlevel-key")]
    public void Cli_validate_exits_2_naming_file_path_and_line(string name)
    {
        var result = Dse.Tests.Cli.CliRunner.Run("devices", "validate", Fixture(name));
        Assert.Equal(2, result.ExitCode);
        var e = Assert.Single(Fails(name).Errors);
        Assert.Contains($"{Fixture(name)}:{e.Line}: at {e.Path}", result.Stderr);
    }
}
