using Dse.Exploration;
using Dse.Runs;
using Dse.Reports;
using Dse.Tests.Shared;

namespace Dse.Tests.Reports;

/// <summary>The collector protocol: one collector per type and run, dependencies ended first, a second pass only for who asks.</summary>
public class CollectorSetTests
{
    /// <summary>Counts what it is offered; asks for no second pass (so a second-pass offer would throw).</summary>
    private sealed class Counter : IPointCollector<Counter>
    {
        public int Offered { get; private set; }
        public bool Ended { get; private set; }
        public static Counter Create(CollectorSet collectors) => new();
        public void Offer(PointResult point, PointLocation location, long order) => Offered++;
        public bool EndFirstPass()
        {
            Ended = true;
            return false;
        }
    }

    /// <summary>Builds on <see cref="Counter"/> and reads every point again in the second pass.</summary>
    private sealed class Rereader(Counter counter) : IPointCollector<Rereader>
    {
        public Counter Counter { get; } = counter;
        public bool CounterEndedFirst { get; private set; }
        public List<(string Key, long Order)> Again { get; } = [];
        public bool SecondPassEnded { get; private set; }
        public static Rereader Create(CollectorSet collectors) => new(collectors.Use<Counter>());
        public void Offer(PointResult point, PointLocation location, long order)
        {
        }
        public bool EndFirstPass() => CounterEndedFirst = Counter.Ended;
        public void OfferAgain(PointResult point, long order) => Again.Add((point.Key, order));
        public void EndSecondPass() => SecondPassEnded = true;
    }

    private sealed class UsesItself : IPointCollector<UsesItself>
    {
        public static UsesItself Create(CollectorSet collectors) => collectors.Use<UsesItself>();
        public void Offer(PointResult point, PointLocation location, long order)
        {
        }
        public bool EndFirstPass() => false;
    }

    /// <summary>A writer that declares what <paramref name="declare"/> asks for and writes nothing.</summary>
    private sealed class Needs(Action<CollectorSet> declare) : IReportWriter
    {
        public string FileName => "nothing";
        public void Declare(CollectorSet collectors) => declare(collectors);
        public void Write(RunRecord run, string folder) => run.Get<Rereader>();
    }

    private static readonly PointResult[] Points = FakeResults.Sweep(1).Take(7).ToArray();

    [Fact]
    public void ACollectorUsedByTwoWritersAndAnotherCollectorIsMadeAndFedOnce()
    {
        Counter? first = null, second = null;
        var record = ReportSet.Read(FakeResults.Run(Points),
            [new Needs(c => first = c.Use<Counter>()), new Needs(c => c.Use<Rereader>()), new Needs(c => second = c.Use<Counter>())]);
        Assert.Same(first, second);
        Assert.Same(first, record.Get<Rereader>().Counter);
        Assert.Same(first, record.Get<Counter>());
        Assert.Equal(Points.Length, first!.Offered);
        Assert.Equal(Points.Length, record.Count);
    }

    [Fact]
    public void DependenciesEndFirstAndOnlyWhoAsksSeesTheSecondPass()
    {
        var record = ReportSet.Read(FakeResults.Run(Points), [new Needs(c => c.Use<Rereader>())]);
        var rereader = record.Get<Rereader>();
        Assert.True(rereader.CounterEndedFirst);
        Assert.True(rereader.SecondPassEnded);
        Assert.Equal(Points.Select((p, i) => (p.Key, (long)i)), rereader.Again);
    }

    [Fact]
    public void TheFrontIsCollectedForEveryRecord()
    {
        var run = FakeResults.Run(FakeResults.Sweep(2));
        Assert.Equal(Dse.Pareto.ParetoFront.Compute(run.Points.ReadAll(), run.Spec.Objectives).Select(p => p.Key), ReportSet.Read(run, []).Front.Select(p => p.Key));
    }

    [Fact]
    public void ReadingAnUndeclaredCollectorIsAReportedWriterFailure()
    {
        var record = ReportSet.Read(FakeResults.Run(Points), [new Needs(c => c.Use<Counter>())]);
        Assert.Throws<InvalidOperationException>(() => record.Get<Rereader>());
        var written = ReportSet.Write(record, TestPaths.NewTempDir(), null, [new Needs(c => c.Use<Counter>())]);
        Assert.Empty(written.Files);
        Assert.Contains("Rereader was not collected", Assert.Single(written.Failed));
    }

    [Fact]
    public void ACollectorThatUsesItselfIsRefused()
        => Assert.Throws<InvalidOperationException>(() => ReportSet.Read(FakeResults.Run(Points), [new Needs(c => c.Use<UsesItself>())]));
}
