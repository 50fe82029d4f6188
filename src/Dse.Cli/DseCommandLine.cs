using System.CommandLine;
using Dse.Cli.Commands;
using Dse.Cli.Settings;
using Dse.Diagnostics;

namespace Dse.Cli;

/// <summary>Builds the command tree and maps outcomes to <see cref="ExitCodes"/>.</summary>
public static class DseCommandLine
{
    /// <summary>The root command with every sub-command.</summary>
    /// <param name="stdout">Data and results.</param>
    /// <param name="stderr">Logs, progress and errors.</param>
    /// <param name="interrupt">Signalled on Ctrl-C: long commands stop cleanly after the work in flight.</param>
    /// <param name="settings">Tool settings, loaded when a command first needs them (so <c>--help</c> works with broken settings).</param>
    /// <param name="args">The command line as typed (recorded by runs and used to print a working resume command).</param>
    public static RootCommand Build(TextWriter stdout, TextWriter stderr, CancellationToken interrupt, Func<DseSettings> settings, IReadOnlyList<string> args) => new("Dse: design-space exploration of NVCiM crossbars that store and search LLM soft prompts.")
    {
        SweepCommand.Create(stdout, stderr, interrupt, settings, args),
        MergeCommand.Create(stdout, stderr),
        ReportCommand.Create(stdout, stderr),
        DevicesCommand.Create(stdout, stderr, settings),
        SelectCommand.Create(stdout, stderr),
        CostCommand.Create(stdout, stderr, settings),
        SearchCommand.Create(stdout, stderr, settings),
        BenchCommand.Create(stdout, stderr, settings),
        BaselineCommand.Create(stdout, stderr, settings),
        IrDropCommand.Create(stdout, stderr, settings),
    };

    /// <summary>Parses and runs <paramref name="args"/>; parse errors and <see cref="InputException"/> exit 2, other exceptions 1.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="stdout">Data and results.</param>
    /// <param name="stderr">Logs, progress and errors.</param>
    /// <param name="interrupt">Signalled on Ctrl-C.</param>
    /// <param name="environment">Environment variables for the <c>DSE_</c> settings (null: the process's).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt = default, IDictionary<string, string?>? environment = null)
    {
        var settings = new Lazy<DseSettings>(() => DseSettings.Load(Environment.CurrentDirectory, environment));
        var root = Build(stdout, stderr, interrupt, () => settings.Value, args);
        if (args.Length == 0) args = ["--help"];
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"error: {error.Message}");
            stderr.WriteLine("Run 'dse --help' or 'dse COMMAND --help' for usage.");
            return ExitCodes.BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
            });
        }
        catch (InputException ex)
        {
            ReportInputErrors(ex, stderr);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("Interrupted.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            stderr.WriteLine($"internal error: {ex}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Prints every input error, one paragraph each.</summary>
    public static void ReportInputErrors(InputException ex, TextWriter stderr)
    {
        foreach (var error in ex.Errors) stderr.WriteLine($"error: {error}");
        stderr.WriteLine(ex.Errors.Count == 1 ? "1 error; nothing was written." : $"{ex.Errors.Count} errors; nothing was written.");
    }
}
