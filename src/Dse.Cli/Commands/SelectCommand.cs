using System.CommandLine;
using System.Globalization;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Pareto;
using Dse.Pipeline;
using Dse.Reports;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse select RUN_DIR [--min-accuracy A] [--min-accuracy-p5 P] [--min-agreement G] [--max-area-mm2 X] [--max-energy-j E]
/// [--max-latency-s L] [--minimise energy|area|latency] [--top K] [--enumerated-only]</c>: the best design (or the K best) of a finished run
/// under budgets, chosen by OR-Tools CP-SAT among the feasible designs no other feasible design dominates; every budget is optional. The
/// candidates are the run's points and the verified per-slice ADC designs of a search in the run folder.
/// Parses, runs <see cref="SelectRun"/> (which writes <c>selection.json</c> and the run's <c>index.html</c>) and prints.
/// </summary>
public static class SelectCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var runDir = new Argument<string>("RUN_DIR") { Description = "Output folder of a sweep (holding points.jsonl)." };
        var budgets = Budget.All.Select(b => (Budget: b, Option: new Option<double?>(b.Option) { Description = Describe(b) })).ToArray();
        var minimise = new Option<string>("--minimise") { Description = "What to minimise: energy, area or latency.", DefaultValueFactory = _ => "energy" };
        minimise.AcceptOnlyFromAmong("energy", "area", "latency");
        var top = new Option<int>("--top") { Description = "List the K best feasible designs, best first, each unbeaten by every feasible design not ranked above it (CP-SAT, successive no-good cuts).", DefaultValueFactory = _ => 1 };
        var enumeratedOnly = new Option<bool>("--enumerated-only") { Description = "Leave out the verified per-slice ADC designs of a search in the run folder (search-designs.jsonl): choose among the run's points only." };
        var command = new Command("select", "Choose the best design of a run under optional accuracy (mean or 5th percentile over chips), agreement, area, energy and latency budgets (OR-Tools CP-SAT); " +
            "the run's points and the verified per-slice ADC designs of a search in the run folder are the candidates.")
        {
            runDir, minimise, top, enumeratedOnly,
        };
        foreach (var (_, option) in budgets) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var values = budgets.ToDictionary(b => b.Budget.Name, b => parse.GetValue(b.Option));
            var constraints = new SelectionConstraints(values["minAccuracy"], values["maxAreaMm2"], values["maxEnergyJ"], values["maxLatencyS"], values["minAccuracyP5"], values["minAgreement"],
                values["minTaskScore"], values["minTaskScoreP5"]);
            return Run(parse.GetValue(runDir)!, constraints, parse.GetValue(minimise)!, parse.GetValue(top), stdout, stderr, parse.GetValue(enumeratedOnly));
        });
        return command;
    }

    private static string Describe(Budget b) => b.IsLowerBound
        ? b.NeedsTaskScore ? $"Lowest acceptable {b.Quantity}, in [0, 1] (a run whose workload has taskScores)." : $"Lowest acceptable {b.Quantity} (agreement when the run has no labels), a fraction in [0, 1]."
        : $"Largest acceptable {b.Quantity}, {b.Unit}.";

    /// <summary>Runs the selection (<see cref="SelectRun"/>: <c>selection.json</c> and the run's <c>index.html</c>) and prints the ranked designs with each budget's slack.</summary>
    /// <param name="runDir">The run folder.</param>
    /// <param name="constraints">The budgets (all optional).</param>
    /// <param name="minimise">energy, area or latency.</param>
    /// <param name="top">Designs to list, &gt;= 1.</param>
    /// <param name="stdout">Where the answer goes.</param>
    /// <param name="stderr">Where warnings and a failure to refresh index.html go.</param>
    /// <param name="enumeratedOnly">Leave out the per-slice designs of a search in the run folder.</param>
    /// <returns>0 with a design, 3 when none meets the constraints, 1 when index.html could not be rewritten.</returns>
    /// <exception cref="InputException">Missing run folder or points file, budgets out of range, or <paramref name="top"/> &lt; 1.</exception>
    public static int Run(string runDir, SelectionConstraints constraints, string minimise, int top, TextWriter stdout, TextWriter stderr, bool enumeratedOnly = false)
    {
        var inv = CultureInfo.InvariantCulture;
        var outcome = SelectRun.Run(runDir, constraints, Objective.Parse(minimise, "command line", "--minimise"), top, stderr.WriteLine, enumeratedOnly);
        var record = outcome.Record;
        string among = outcome.PerSlice.Count == 0 ? $"{outcome.Points} points" : $"{outcome.Points} points and {outcome.PerSlice.Count} verified per-slice ADC designs";
        string asked = constraints.Active.Count == 0 ? "no budgets" : string.Join(", ", record.Budgets.Select(b => $"{b.Quantity} {b.Relation} {Quantity.Format(b.Bound, b.Unit)}"));
        if (record.Chosen is null)
        {
            stdout.WriteLine($"No design among {among} meets {asked}.");
            foreach (var (constraint, count) in record.PointsFailing.Where(x => x.Value > 0)) stdout.WriteLine($"  {count} designs fail {constraint}");
            return outcome.Written.Failed.Count == 0 ? ExitCodes.NoFeasibleDesign : ExitCodes.InternalError;
        }
        stdout.WriteLine($"Chosen ({record.Status}, minimising {minimise}) among {among} under {asked}:");
        foreach (var (d, p) in record.Ranked.Zip(outcome.Ranked))
        {
            stdout.WriteLine(record.Ranked.Count > 1 ? $"#{d.Rank}" : "");
            stdout.WriteLine($"  key          {p.Key}");
            if (d.AdcBitsPerSlice is { } bits) stdout.WriteLine($"  kind         per-slice ADC design of dse search, verified on the run's chips: {bits} bits per slice, most significant first");
            stdout.WriteLine($"  design       {string.Join(", ", DesignAxes.All.Select(a => $"{a.DisplayName} {(a == DesignAxes.AdcBits && d.AdcBitsPerSlice is { } b ? b + " per slice" : a.Format(p.Coordinates[a]))}"))}");
            stdout.WriteLine(p.IsSimulated
                ? string.Create(inv, $"  accuracy     {p.ObjectiveAccuracy:F4} (95% CI {p.AccuracyStats.CiLow:F4}-{p.AccuracyStats.CiHigh:F4}, P5 {p.AccuracyStats.P5:F4}); agreement {p.Agreement!.Mean:F4}")
                : "  accuracy     not simulated (cost-only screen, mc.trials = 0)");
            stdout.WriteLine($"  energy       {Quantity.Format(p.EnergyJ, "J")} per query search");
            stdout.WriteLine($"  latency      {Quantity.Format(p.LatencyS, "s")}");
            stdout.WriteLine($"  area         {Quantity.Format(p.AreaMm2, "mm^2")} ({p.Crossbars} crossbars)");
            foreach (var c in d.Checks)
            {
                var b = Budget.All.Single(x => x.Name == c.Name);
                string binds = c.Binds switch { true => "binds", false => "does not bind", null => "" };
                stdout.WriteLine($"  {b.Option,-18} value {Quantity.Format(c.Value, b.Unit)}, slack {Quantity.Format(c.Slack, b.Unit)} {binds}".TrimEnd());
            }
        }
        if (record.Ranked.Count < top) stdout.WriteLine($"Only {record.Ranked.Count} designs meet the budgets.");
        return outcome.Written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }
}
