using System.CommandLine;
using System.Reflection;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Reports;

namespace Dse.Cli.Commands;

/// <summary><c>dse sweep [SPEC.json] [--out DIR] [--seed N] [--set KEY=VALUE]... [--threads N] [--quiet]</c>.</summary>
public static class SweepCommand
{
    /// <summary>Parsed options.</summary>
    public sealed record Options(string? SpecPath, string? OutDir, int? Seed, IReadOnlyList<string> Sets, int Threads, bool Quiet);

    /// <summary>The command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Sweep file (JSON). Omitted: the embedded default sweep (sweeps/default.json).", Arity = ArgumentArity.ZeroOrOne };
        var outDir = new Option<string?>("--out") { Description = "Output folder (default: reports/<sweep name>/)." };
        var seed = new Option<int?>("--seed") { Description = "Override mc.seed (integer >= 0)." };
        var set = new Option<string[]>("--set") { Description = "Override a sweep key: KEY=VALUE with KEY a JSON path such as mc.trials (VALUE parsed as JSON, else a string). Repeatable.", AllowMultipleArgumentsPerToken = false };
        var threads = new Option<int>("--threads") { Description = "Worker threads for the Monte Carlo.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var quiet = new Option<bool>("--quiet") { Description = "No progress lines on stderr." };
        var command = new Command("sweep", "Run a design-space sweep and write points.jsonl, points.csv, pareto.csv, pareto.html and summary.json.")
        {
            spec, outDir, seed, set, threads, quiet,
        };
        command.SetAction((parse, ct) => Task.FromResult(Run(new Options(
            parse.GetValue(spec), parse.GetValue(outDir), parse.GetValue(seed), parse.GetValue(set) ?? [], parse.GetValue(threads), parse.GetValue(quiet)), stdout, stderr, ct)));
        return command;
    }

    /// <summary>Runs a sweep.</summary>
    /// <exception cref="InputException">Bad input (validated before anything is written).</exception>
    public static int Run(Options options, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var overrides = ParseSets(options.Sets);
        if (options.Seed is int s)
        {
            if (s < 0) throw new InputException(new InputError("command line", "--seed", null, "an integer >= 0", s.ToString()));
            overrides.Add(("mc.seed", s.ToString()));
        }
        if (options.Threads < 1) throw new InputException(new InputError("command line", "--threads", null, "an integer >= 1", options.Threads.ToString()));
        var spec = options.SpecPath is null
            ? SweepSpecLoader.Parse("embedded:sweeps/default.json", EmbeddedDefault(), Environment.CurrentDirectory, overrides)
            : SweepSpecLoader.Load(options.SpecPath, overrides);
        string deviceModels = LocateDeviceModels(options.SpecPath);
        Action<string>? log = options.Quiet ? null : line => stderr.WriteLine(line);

        var prepareClock = System.Diagnostics.Stopwatch.StartNew();
        var prepared = Explorer.Prepare(spec, deviceModels);
        prepareClock.Stop();
        log?.Invoke($"{spec.Name}: {prepared.Points.Count} design points, {prepared.Skipped.Count} skipped; {prepared.Workload.Description}");

        string outDir = Path.GetFullPath(options.OutDir ?? Path.Combine("reports", spec.Name));
        Directory.CreateDirectory(outDir);
        SweepResult result;
        using (var sink = new JsonlPointSink(Path.Combine(outDir, "points.jsonl")))
            result = Explorer.Run(prepared, sink, options.Threads, log, cancellation);

        var reportClock = System.Diagnostics.Stopwatch.StartNew();
        var written = ReportSet.WriteAll(outDir, prepared, result, log);
        reportClock.Stop();
        RunSummaryWriter.Write(Path.Combine(outDir, "summary.json"), prepared, result, options.Threads,
            new Dictionary<string, double> { ["prepareS"] = prepareClock.Elapsed.TotalSeconds, ["evaluateS"] = result.WallTime.TotalSeconds, ["reportsS"] = reportClock.Elapsed.TotalSeconds });

        double pointsPerS = result.Points.Count / Math.Max(1e-9, result.WallTime.TotalSeconds);
        stdout.WriteLine($"{result.Points.Count} points ({result.Skipped.Count} skipped) in {result.WallTime.TotalSeconds:F1} s ({pointsPerS:F1} points/s); Pareto front: {written.FrontSize} points");
        stdout.WriteLine($"reports in {outDir}: {string.Join(", ", written.Files.Append("summary.json"))}");
        return written.Failed.Count == 0 ? ExitCodes.Success : ExitCodes.InternalError;
    }

    /// <summary>
    /// The <c>device-models/</c> folder: found walking up from the sweep file, else from the working directory,
    /// else from the installed <c>dse</c> (a build inside the repository).
    /// </summary>
    private static string LocateDeviceModels(string? specPath)
    {
        var starts = new List<string>();
        if (specPath is not null) starts.Add(Path.GetDirectoryName(Path.GetFullPath(specPath))!);
        starts.Add(Environment.CurrentDirectory);
        starts.Add(AppContext.BaseDirectory);
        foreach (var start in starts)
        {
            try { return DeviceLoader.FindDeviceModelsDir(start); }
            catch (InputException) when (start != starts[^1]) { }
        }
        throw new InvalidOperationException("unreachable");
    }

    private static List<(string, string)> ParseSets(IReadOnlyList<string> sets)
    {
        var result = new List<(string, string)>();
        var errors = new List<InputError>();
        foreach (var s in sets)
        {
            int eq = s.IndexOf('=');
            if (eq <= 0) errors.Add(new InputError("command line", "--set", null, "KEY=VALUE with KEY a JSON path such as mc.trials", $"\"{s}\""));
            else result.Add((s[..eq], s[(eq + 1)..]));
        }
        if (errors.Count > 0) throw new InputException(errors);
        return result;
    }

    private static string EmbeddedDefault()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dse.Cli.default.json")
            ?? throw new InvalidOperationException("The embedded default sweep is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
