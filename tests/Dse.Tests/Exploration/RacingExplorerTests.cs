using Dse.Exploration;
using Dse.Tests.Shared;

namespace Dse.Tests.Exploration;

/// <summary>The race's run (<see cref="RacingExplorer"/>): a cancelled race writes whole rungs only.</summary>
public class RacingExplorerTests
{
    /// <summary>Cancels the run as soon as the first point is written.</summary>
    private sealed class CancellingSink(CancellationTokenSource cancel) : IPointSink
    {
        public List<PointResult> Points { get; } = [];

        public void Add(PointResult point)
        {
            Points.Add(point);
            cancel.Cancel();
        }
    }

    [Fact]
    public void A_race_cancelled_after_a_rung_keeps_that_rungs_points_and_drops_the_rung_in_flight()
    {
        var sweep = TestSweeps.Raceable();
        sweep["mc"]!["racing"] = true;
        var prepared = TestSweeps.Prepare(SweepSpecLoader.Load(TestSweeps.Write(sweep)));
        var uncancelled = new CancellingSink(new CancellationTokenSource());   // its token is not the run's
        Assert.False(Explorer.Run(prepared, uncancelled, new RunOptions(2)).Cancelled);
        Assert.Equal(prepared.Points.Count, uncancelled.Points.Count);

        using var cancel = new CancellationTokenSource();
        var sink = new CancellingSink(cancel);
        var result = Explorer.Run(new SweepContext(prepared), prepared.Points, sink, new RunOptions(2), cancel.Token);
        Assert.True(result.Cancelled);
        // The first rung that retired points wrote them together when it ended; the next rung started cancelled and wrote nothing:
        // every point written is a retirement at that one rung, before the last (8 chips).
        Assert.NotEmpty(sink.Points);
        int rung = sink.Points[0].Trials;
        Assert.True(rung < 8, $"rung {rung}");
        Assert.All(sink.Points, p => Assert.Equal((rung, rung), (p.Trials, p.RetiredAt ?? 0)));
        Assert.True(sink.Points.Count < prepared.Points.Count);
    }
}
