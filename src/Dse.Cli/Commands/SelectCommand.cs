using System.CommandLine;
using System.Globalization;
using Dse.Diagnostics;
using Dse.Pareto;
using Dse.Exploration.Axes;
using Dse.Exploration.Runs;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse select RUN_DIR --min-accuracy A --max-area-mm2 X [--max-energy-j E] [--minimise energy|area|latency]</c>:
/// the best design of a finished run under budgets, chosen by OR-Tools CP-SAT.
/// </summary>
public static class SelectCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var runDir = new Argument<string>("RUN_DIR") { Description = "Output folder of a sweep (holding points.jsonl)." };
        var minAccuracy = new Option<double>("--min-accuracy") { Description = "Lowest acceptable accuracy (agreement when no labels), in [0, 1].", Required = true };
        var maxArea = new Option<double>("--max-area-mm2") { Description = "Largest acceptable area, mm^2.", Required = true };
        var maxEnergy = new Option<double?>("--max-energy-j") { Description = "Largest acceptable energy per query search, J." };
        var minimise = new Option<string>("--minimise") { Description = "What to minimise: energy, area or latency.", DefaultValueFactory = _ => "energy" };
        minimise.AcceptOnlyFromAmong("energy", "area", "latency");
        var command = new Command("select", "Choose the best design of a run under accuracy, area and energy budgets (OR-Tools CP-SAT).")
        {
            runDir, minAccuracy, maxArea, maxEnergy, minimise,
        };
        command.SetAction(parse => Run(parse.GetValue(runDir)!, parse.GetValue(minAccuracy), parse.GetValue(maxArea), parse.GetValue(maxEnergy),
            parse.GetValue(minimise)!, stdout, stderr));
        return command;
    }

    /// <summary>Runs the selection and prints the chosen design.</summary>
    /// <returns>0 with a design, 3 when none meets the constraints.</returns>
    /// <exception cref="InputException">Missing run folder or points file, or budgets out of range.</exception>
    public static int Run(string runDir, double minAccuracy, double maxAreaMm2, double? maxEnergyJ, string minimise, TextWriter stdout, TextWriter stderr)
    {
        var errors = new List<InputError>();
        if (!(minAccuracy is >= 0 and <= 1)) errors.Add(new InputError("command line", "--min-accuracy", null, "a fraction in [0, 1]", minAccuracy.ToString(CultureInfo.InvariantCulture)));
        if (!(maxAreaMm2 > 0) || double.IsInfinity(maxAreaMm2)) errors.Add(new InputError("command line", "--max-area-mm2", null, "a positive area in mm^2", maxAreaMm2.ToString(CultureInfo.InvariantCulture)));
        if (maxEnergyJ is double e && (!(e > 0) || double.IsInfinity(e))) errors.Add(new InputError("command line", "--max-energy-j", null, "a positive energy in J", e.ToString(CultureInfo.InvariantCulture)));
        if (!Directory.Exists(runDir)) errors.Add(new InputError(runDir, null, null, "a sweep output folder", File.Exists(runDir) ? "a file" : "no such folder"));
        if (errors.Count > 0) throw new InputException(errors);

        var run = RunStore.Load(runDir, warning => stderr.WriteLine($"warning: {warning}"));
        var points = run.Points;
        var result = DesignSelector.Select(points, new SelectionConstraints(minAccuracy, maxAreaMm2, maxEnergyJ), Objective.Parse(minimise, "command line", "--minimise"));
        RecordSelection(runDir, minAccuracy, maxAreaMm2, maxEnergyJ, minimise, result);
        if (result.Chosen is not { } p)
        {
            stdout.WriteLine($"No design among {points.Count} meets accuracy >= {minAccuracy}, area <= {maxAreaMm2} mm^2" +
                (maxEnergyJ is double me ? $", energy <= {me:G4} J" : "") + ".");
            foreach (var (constraint, count) in result.Excluded.Where(x => x.Value > 0)) stdout.WriteLine($"  {count} points fail {constraint}");
            return ExitCodes.NoFeasibleDesign;
        }
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine($"Chosen ({result.Status}, minimising {minimise}) among {points.Count} points:");
        stdout.WriteLine($"  key          {p.Key}");
        stdout.WriteLine($"  design       {p.DeviceName}, {p.Rows}x{p.Cols}, {p.CellBits} bits/cell, {p.AdcBits}-bit ADC, {p.VirtualTokens} virtual tokens, sigmaScale {p.SigmaScale.ToString(inv)}");
        stdout.WriteLine(string.Create(inv, $"  accuracy     {p.ObjectiveAccuracy:F4} (95% CI {(p.Accuracy ?? p.Agreement).CiLow:F4}-{(p.Accuracy ?? p.Agreement).CiHigh:F4}, P5 {(p.Accuracy ?? p.Agreement).P5:F4})"));
        stdout.WriteLine(string.Create(inv, $"  energy       {p.EnergyJ:G4} J per query search"));
        stdout.WriteLine(string.Create(inv, $"  latency      {p.LatencyS:G4} s"));
        stdout.WriteLine(string.Create(inv, $"  area         {p.AreaMm2:G4} mm^2 ({p.Crossbars} crossbars)"));
        return ExitCodes.Success;
    }

    /// <summary>Writes <c>selection.json</c> into the run folder (shown by the index page of <c>dse report</c>).</summary>
    private static void RecordSelection(string runDir, double minAccuracy, double maxAreaMm2, double? maxEnergyJ, string minimise, SelectionResult result)
    {
        var chosen = result.Chosen is { } p ? new SelectedDesign(p.Key, p.ObjectiveAccuracy, p.EnergyJ, p.LatencyS, p.AreaMm2) : null;
        RunStore.WriteRecord(Path.Combine(runDir, RunStore.SelectionFile),
            new SelectionRecord(minAccuracy, maxAreaMm2, maxEnergyJ, minimise, result.Status.ToString(), chosen, result.Excluded));
    }
}
