using System.Text.Json.Nodes;
using Dse.Costs;
using Dse.Crossbar;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Tests.Shared;
using Dse.Workloads;
using static Dse.Tests.Costs.CostFixtures;

namespace Dse.Tests.Definitions;

/// <summary>
/// Each valid range and each name of a value is defined once: the sweep loader (through the axes), the models, the cost design
/// and the command line accept exactly the same values, and every message states the range of the one definition.
/// </summary>
public class OneDefinitionTests
{
    /// <summary>Candidate values around every range checked here.</summary>
    private static readonly int[] Candidates = [.. Enumerable.Range(-1, 20), 31, 32, 33, 4096, 4097];

    /// <summary>The indices of <paramref name="key"/>'s list that the sweep loader rejects when the list is <see cref="Candidates"/>.</summary>
    private static HashSet<int> RejectedBySweepLoader(string key)
    {
        var path = TestSweeps.Write(TestSweeps.TinySynthetic());
        var ex = Assert.Throws<InputException>(() => SweepSpecLoader.Load(path, [(key, "[" + string.Join(",", Candidates) + "]")]));
        var prefix = $"$.{key}[";
        return ex.Errors.Where(e => e.Path!.StartsWith(prefix, StringComparison.Ordinal))
            .Select(e => int.Parse(e.Path![prefix.Length..^1], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
    }

    private static bool Throws(Action action)
    {
        try { action(); return false; }
        catch (ArgumentException) { return true; }
    }

    private static HashSet<int> Indices(Func<int, bool> rejects) => Enumerable.Range(0, Candidates.Length).Where(i => rejects(Candidates[i])).ToHashSet();

    [Fact]
    public void Adc_resolutions_the_axis_the_transfer_function_the_cost_design_and_the_per_slice_parser_accept_are_one_range()
    {
        var range = AdcResolution.Bits;
        var outside = Indices(b => !range.Contains(b));
        Assert.NotEmpty(outside);
        Assert.Equal(outside, RejectedBySweepLoader("adcBits"));
        Assert.Equal(outside, Indices(b => Throws(() => _ = new AdcTransfer(b, 10))));
        Assert.Equal(outside, Indices(b => Throws(() => (Design with { AdcBits = b }).Validate())));
        Assert.Equal(outside.Where(i => Candidates[i] >= 0).ToHashSet(), Indices(b => b >= 0 && AdcBitsPerSlice.TryParse($"{b}-{b}") is null));
        Assert.Same(range, DesignAxes.AdcBitsRange);

        var transfer = Assert.Throws<ArgumentOutOfRangeException>(() => new AdcTransfer(range.Max + 1, 10));
        Assert.Contains($"{range.Min} <= adcBits <= {range.Max}", transfer.Message);
        var model = AdcModels.Create(SurveyAdcModel.ModelName, Periphery);
        var fitted = Assert.Throws<ArgumentOutOfRangeException>(() => model.AreaM2(range.Max + 1, Column(1e-5)));
        Assert.Contains($"{model.MinBits} <= bits <= {range.Max}", fitted.Message);
        Assert.EndsWith($"each {range.Expected}", AdcBitsPerSlice.Expected);
    }

    [Fact]
    public void A_survey_fit_below_or_above_the_adc_range_is_refused_by_the_periphery_loader_with_that_range()
    {
        var path = Path.Combine(TestPaths.DeviceModels, "periphery", "22nm.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["$schema"] = Path.Combine(TestPaths.DeviceModels, "schema", "periphery.schema.json");
        foreach (int minBits in new[] { AdcResolution.Bits.Min - 1, AdcResolution.Bits.Max + 1 })
        {
            json["adcModels"]!["survey"]!["minBits"] = minBits;
            var copy = Path.Combine(TestPaths.NewTempDir(), "22nm.json");
            File.WriteAllText(copy, json.ToJsonString());
            var ex = Assert.Throws<InputException>(() => PeripheryLoader.Load(copy));
            Assert.Contains(ex.Errors, e => e.Path == "$.adcModels.survey.minBits" && e.Expected == AdcResolution.Bits.Expected);
        }
    }

    [Fact]
    public void Bits_per_cell_the_axis_the_cell_array_and_the_cost_design_accept_are_one_range()
    {
        var range = CellArray.CellBitsRange;
        var outside = Indices(b => !range.Contains(b));
        var stored = Quantizer.Quantize(new float[] { 0.5f, -1, 0.25f, 1 }, 2, 2, 8, ClippingPolicy.MaxAbs);
        Assert.Equal(outside, RejectedBySweepLoader("cellBits"));
        Assert.Equal(outside, Indices(b => Throws(() => CellArray.Map(stored, b, SignedMapping.Differential))));
        Assert.Equal(outside, Indices(b => Throws(() => (Design with { CellBits = b }).Validate())));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CellArray.Map(stored, range.Max + 1, SignedMapping.Offset));
        Assert.Contains($"{range.Min} <= cellBits <= {range.Max}", ex.Message);
    }

    [Fact]
    public void Operand_widths_the_axes_and_the_quantiser_accept_are_one_range()
    {
        var range = Quantizer.BitsRange;
        var outside = Indices(b => !range.Contains(b));
        Assert.Equal(outside, RejectedBySweepLoader("weightBits"));
        Assert.Equal(outside, RejectedBySweepLoader("inputBits"));
        Assert.Equal(outside, Indices(b => Throws(() => Quantizer.Quantize([1f, -1f], 1, 2, b, ClippingPolicy.MaxAbs))));
    }

    [Fact]
    public void Store_sizes_the_axis_the_synthetic_workload_and_dse_cost_accept_are_one_range()
    {
        var range = PromptStore.OvtCountRange;
        Assert.Equal(Indices(n => !range.Contains(n)), RejectedBySweepLoader("storedPrompts"));
        var path = TestSweeps.Write(TestSweeps.TinySynthetic());
        var ex = Assert.Throws<InputException>(() => SweepSpecLoader.Load(path, [("workload.prompts", $"{range.Min - 1}")]));
        Assert.Contains(ex.Errors, e => e.Path == "$.workload.prompts" && e.Expected == range.Expected);
        var cost = Cli.CliRunner.Run("cost", "rram1", "--crossbar", "128x128", "--cell-bits", "1", "--adc-bits", "6", "--prompts", $"{range.Max + 1}");
        Assert.Equal(2, cost.ExitCode);
        Assert.Contains($"--prompts expected {range.Expected}", cost.Stderr);
    }

    [Fact]
    public void Cell_draws_and_retained_variance_are_labelled_with_the_axes_key_tokens()
    {
        var point = new DesignPoint(Device, AxisValues.Of(DesignAxes.Device.At(Device.Name), DesignAxes.Crossbar.At(new CrossbarSize(64, 64)),
            DesignAxes.CellBits.At(2), DesignAxes.AdcBits.At(6), DesignAxes.ColsPerAdc.At(8), DesignAxes.VirtualTokens.At(8),
            DesignAxes.StoredPrompts.At(12), DesignAxes.RowsPerRead.At(null)));
        var key = MonteCarloGroupKey.Of(point, Periphery);
        // The label seeds the cell draws: it must not change, whatever the axes' code looks like.
        Assert.Equal("n8/dfull/digitalPooling/w8/i8/c2/differential/calibrated/N12", key.Label);
        Assert.Equal("n8/dfull/N12", key.Operands.StoreLabel);
        Axis[] labelled = [DesignAxes.VirtualTokens, DesignAxes.CompressedDim, DesignAxes.SsaMapping, DesignAxes.WeightBits, DesignAxes.InputBits,
            DesignAxes.CellBits, DesignAxes.SignedMapping, DesignAxes.AdcRange, DesignAxes.StoredPrompts];
        Assert.Equal(DesignAxes.JoinTokens(labelled.Select(a => a.KeyToken(point.Coordinates[a]))), key.Label);
        Assert.All(point.Key.Split(DesignAxes.TokenSeparator), t => Assert.Contains(DesignAxes.KeyOrder, a => t.StartsWith(a.TokenPrefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_axis_token_starts_with_its_own_prefix_and_the_prefixes_differ()
    {
        var prefixes = DesignAxes.All.Select(a => a.TokenPrefix).Where(p => p.Length > 0).ToArray();
        Assert.Equal(prefixes.Length, prefixes.Distinct().Count());
        foreach (var axis in DesignAxes.All)
            foreach (var value in axis.Defaults ?? [])
                Assert.True(axis.KeyToken(value) is var t && (t.Length == 0 || t.StartsWith(axis.TokenPrefix, StringComparison.Ordinal)), axis.JsonKey);
    }

    [Fact]
    public void Coordinates_built_outside_a_sweep_need_every_axis_without_a_default_once()
    {
        Assert.Throws<ArgumentException>(() => AxisValues.Of(DesignAxes.Device.At("rram1")));
        Assert.Throws<ArgumentException>(() => AxisValues.Of(DesignAxes.CellBits.At(1), DesignAxes.CellBits.At(2)));
    }
}
