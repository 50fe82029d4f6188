using Dse.Devices.Import;
using Dse.Diagnostics;
using Dse.Tests.Shared;

namespace Dse.Tests.Devices.Import;

/// <summary>Every error and warning of the importer, each with the CSV line it points at.</summary>
public class MeasurementChecksTests
{
    /// <summary>Four levels of 3 reads each, evenly spaced 1..10 uS, tight spreads; lines 2-13.</summary>
    private const string Good = """
        level,conductanceS
        0,1.00e-6
        0,1.01e-6
        0,0.99e-6
        1,4.00e-6
        1,4.02e-6
        1,3.98e-6
        2,7.00e-6
        2,7.03e-6
        2,6.97e-6
        3,10.0e-6
        3,10.02e-6
        3,9.98e-6
        """;

    private static readonly ImportChecks Checks = ImportChecks.Default with { MinReadsPerLevel = 3 };

    [Fact]
    public void A_clean_file_fits_without_warnings()
    {
        var fit = Fit(Good);
        Assert.Equal(4, fit.Levels);
        Assert.Equal(1.00e-6, fit.GMinS, 1e-12);
        Assert.Equal(10.0e-6, fit.GMaxS, 1e-12);
        Assert.Equal(0.01e-6 / 9e-6, fit.SigmaPerLevel[0], 1e-9);
        Assert.Null(fit.Drift);
        Assert.Empty(fit.Warnings);
    }

    [Fact]
    public void Microsiemens_given_as_siemens_is_an_error_at_the_first_row_with_the_count_and_the_likely_slip()
    {
        var e = Error(Good.Replace("e-6", ""));
        Assert.Equal(("conductanceS", 2), (e.Path, e.Line));
        Assert.Contains("and 11 more rows", e.Found);
        Assert.Contains("microsiemens given as siemens? 1 uS = 1E-06 S", e.Found);
    }

    [Fact]
    public void A_resistance_under_a_conductance_header_is_an_error()
    {
        var e = Error(Good.Replace("4.02e-6", "248756"));
        Assert.Equal(("conductanceS", 6), (e.Path, e.Line));
        Assert.Contains("a resistance in ohm under a conductance header? 1 / 248756 ohm = 4.02E-06 S", e.Found);
    }

    [Fact]
    public void A_conductance_under_a_resistance_header_and_kilo_ohm_given_as_ohm_are_errors()
    {
        var e = Error(Good.Replace("conductanceS", "resistanceOhm"));
        Assert.Equal(("resistanceOhm", 2), (e.Path, e.Line));
        Assert.Contains("a conductance in siemens under a resistance header", e.Found);

        var k = Error("level,resistanceOhm\n0,10\n0,10.1\n1,1\n1,1.01\n");
        Assert.Equal(("resistanceOhm", 2), (k.Path, k.Line));
        Assert.Contains("kilo-ohm given as ohm? 10 kOhm = 10000 ohm", k.Found);
    }

    [Fact]
    public void A_whole_column_below_the_range_is_a_slip_but_reads_of_a_level_near_0_S_are_not()
    {
        var e = Error(Good.Replace("e-6", "e-15"));
        Assert.Equal(("conductanceS", 2), (e.Path, e.Line));
        Assert.Contains("every value is below the range", e.Found);

        var fit = Fit(Good.Replace("0,1.00e-6\n", "0,1e-11\n").Replace("0,1.01e-6\n", "0,2e-6\n"));
        Assert.Equal(4, fit.Levels);
    }

    [Fact]
    public void Resistance_reads_are_converted_to_conductance()
    {
        var fit = Fit("level,resistanceOhm\n0,1e6\n0,1e6\n1,1e5\n1,1e5\n", minReads: 2);
        Assert.Equal(1e-6, fit.GMinS, 1e-15);
        Assert.Equal(1e-5, fit.GMaxS, 1e-15);
        Assert.Contains("1 / resistanceOhm", fit.Methods["gMinS"]);
    }

    [Fact]
    public void Non_monotone_level_means_are_an_error_at_the_first_read_of_the_offending_level()
    {
        var e = Error(Good.Replace("\n2,", "\n9,").Replace("\n1,", "\n2,").Replace("\n9,", "\n1,"));
        Assert.Equal(("level", 5), (e.Path, e.Line));
        Assert.Contains("level means increasing with the level index", e.Expected);
        Assert.Contains("level 2 mean 4E-06 S", e.Found);
    }

    [Fact]
    public void Fewer_reads_than_the_minimum_is_a_warning_at_the_level_s_first_read_and_fewer_than_2_an_error()
    {
        var fit = Fit(Good, minReads: 30);
        Assert.Equal([2, 5, 8, 11], fit.Warnings.Select(w => w.Line!.Value));
        Assert.Contains("level 0 has 3 reads (fewer than 30)", fit.Warnings[0].Message);

        var e = Error(Good.Replace("3,10.02e-6\n", "").Replace("3,9.98e-6", "#"));
        Assert.Equal(("level", 11), (e.Path, e.Line));
        Assert.Contains("at least 2 reads of level 3", e.Expected);
    }

    [Fact]
    public void Overlapping_levels_are_reported_with_the_first_crossing_read_and_the_fraction()
    {
        var fit = Fit(Good.Replace("1,4.02e-6", "1,5.9e-6"));
        var w = Assert.Single(fit.Warnings, w => w.Message.Contains("levels 1 and 2 overlap"));
        Assert.Equal(6, w.Line);
        Assert.Contains("levels 1 and 2 overlap around the midpoint", w.Message);
        Assert.Contains("1 of 3 reads of level 1 lie at or above the midpoint", w.Message);
    }

    [Fact]
    public void A_level_off_the_even_grid_is_a_warning()
    {
        var fit = Fit(Good.Replace("2,7.00e-6", "2,6.40e-6").Replace("2,7.03e-6", "2,6.43e-6").Replace("2,6.97e-6", "2,6.37e-6"));
        var w = Assert.Single(fit.Warnings);
        Assert.Equal(8, w.Line);
        Assert.Contains("level 2 mean 6.4E-06 S is -0.2 level steps off the evenly spaced grid", w.Message);
    }

    [Fact]
    public void Missing_levels_unknown_columns_short_rows_and_bad_numbers_are_errors_with_their_lines()
    {
        var missing = Error(Good.Replace("\n1,", "\n#"));
        Assert.Contains("no rows of level 1", missing.Found);

        var column = Errors(Good.Replace("conductanceS", "conductance_S"))[0];
        Assert.Equal(("conductance_S", 1), (column.Path, column.Line));
        Assert.Contains("conductanceS", column.Expected);

        var errors = Errors(Good.Replace("1,4.02e-6", "1").Replace("2,7.03e-6", "2,7,03e-6").Replace("3,9.98e-6", "x,9.98e-6").Replace("0,0.99e-6", "0,-1e-6"));
        Assert.Equal([4, 6, 9, 13], errors.Select(e => e.Line!.Value).Order());
    }

    [Fact]
    public void A_cell_read_at_two_levels_and_several_times_without_a_cell_column_are_errors()
    {
        var e = Error("level,cell,conductanceS\n0,a,1e-6\n0,b,1e-6\n1,a,5e-6\n1,c,5e-6\n");
        Assert.Equal(("level", 4), (e.Path, e.Line));
        Assert.Contains("level 0 for cell 'a'", e.Expected);

        var t = Error("level,timeS,conductanceS\n0,1,1e-6\n0,10,1e-6\n1,1,5e-6\n1,10,5e-6\n");
        Assert.Equal(("cell", 2), (t.Path, t.Line));
    }

    [Fact]
    public void Drift_needs_two_cells_per_level_and_skipped_cells_are_a_warning()
    {
        const string header = "level,cell,timeS,conductanceS\n";
        string rows = "0,a,20,1e-6\n0,a,200,0.9e-6\n0,b,20,1e-6\n0,b,200,0.91e-6\n1,c,20,5e-6\n1,c,200,4.5e-6\n1,d,20,5e-6\n";
        var e = Error(header + rows, minReads: 1);
        Assert.Equal(("timeS", 6), (e.Path, e.Line));
        Assert.Contains("at least 2 cells of level 1", e.Expected);

        var fit = Fit(header + rows + "1,d,200,4.6e-6\n1,e,20,5.0e-6\n", minReads: 2);
        Assert.NotNull(fit.Drift);
        Assert.Equal(20, fit.Drift!.T0S);
        var w = Assert.Single(fit.Warnings, w => w.Message.Contains("drift"));
        Assert.Equal(10, w.Line);
        Assert.Contains("1 cells read at fewer than 2 times", w.Message);
        Assert.Equal((-Math.Log(0.9) - Math.Log(0.91)) / 2 / Math.Log(10), fit.Drift.NuMeanPerLevel[0], 12);
    }

    [Fact]
    public void The_summary_format_fits_directly_and_checks_rows_counts_and_units()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "import", "summary.csv");
        var fit = DeviceFitter.Fit(MeasurementCsv.Read(path, Checks), Checks, 200);
        Assert.Equal(4, fit.Levels);
        Assert.Equal(4.2e-8, fit.GMinS);
        Assert.Equal(4.17e-6, fit.GMaxS);
        Assert.Equal(5.5e-8 / (4.17e-6 - 4.2e-8), fit.SigmaPerLevel[1], 12);
        Assert.Equal([3, 4, 5, 6], fit.Warnings.Select(w => w.Line!.Value));
        Assert.Contains("level 0 summarises 120 reads (fewer than 200)", fit.Warnings[0].Message);

        var noCount = Fit("level,meanS,sigmaS\n0,1e-6,1e-8\n1,5e-6,1e-8\n");
        Assert.Contains(noCount.Warnings, w => w.Line is null && w.Message.Contains("no 'count' column"));

        var dup = Error("level,meanS,sigmaS\n0,1e-6,1e-8\n1,5e-6,1e-8\n1,5e-6,1e-8\n");
        Assert.Equal(("level", 4), (dup.Path, dup.Line));

        var slip = Error("level,meanS,sigmaS\n0,1e-6,0.05\n1,5e-6,1e-8\n");
        Assert.Equal(("sigmaS", 2), (slip.Path, slip.Line));
        Assert.Contains("microsiemens given as siemens? 0.05 uS", slip.Found);
    }

    private static string Write(string text)
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "m.csv");
        File.WriteAllText(path, text.Replace("\r", ""));
        return path;
    }

    private static DeviceFit Fit(string csv, int minReads = 3) => DeviceFitter.Fit(MeasurementCsv.Read(Write(csv), Checks), Checks, minReads);

    private static IReadOnlyList<InputError> Errors(string csv, int minReads = 3) => Assert.Throws<InputException>(() => Fit(csv, minReads)).Errors;

    private static InputError Error(string csv, int minReads = 3) => Assert.Single(Errors(csv, minReads));
}
