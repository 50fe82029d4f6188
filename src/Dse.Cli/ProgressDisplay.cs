using Dse.Exploration;
using Spectre.Console;

namespace Dse.Cli;

/// <summary>A live progress bar on stderr (points done / total, rate, ETA) for runs on a terminal.</summary>
public static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing the progress it reports.</summary>
    /// <param name="total">Points to compute.</param>
    /// <param name="work">The run; it calls the given callback after each Monte-Carlo group.</param>
    public static T Run<T>(int total, Func<Action<RunProgress>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("design points", maxValue: Math.Max(1, total));
                result = work(p => task.Value = p.Done);
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Points per second.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime)
            => new Text(task.Speed is double speed ? $"{speed:F1} points/s" : "", new Style(Color.Grey));
    }
}
