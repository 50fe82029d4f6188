using System.Diagnostics;

namespace Dse.Crossbar;

/// <summary>The phases of a Monte-Carlo trial that <see cref="EngineCounters"/> times.</summary>
public enum EnginePhase
{
    /// <summary>Standard-normal and uniform cell draws of a trial.</summary>
    Draw,
    /// <summary>Programming a variant's cells (variation, stuck-at, drift, read variance).</summary>
    Program,
    /// <summary>The crossbar MMMs: fine-block GEMMs of bit-planes and conductances (and the read-noise GEMM and draws).</summary>
    Gemm,
    /// <summary>Summing fine blocks into row blocks, ADC conversion and shift-and-add.</summary>
    Adc,
    /// <summary>Dequantising the read-out and scoring it with the SSA and MIPS.</summary>
    Score,
}

/// <summary>
/// Counters of one run of the Monte-Carlo engine, for <c>dse bench</c>: thread-seconds per <see cref="EnginePhase"/> and the useful
/// crossbar MMM FLOPs (<c>2 M N K</c> per GEMM). Passed in with a job (<see cref="MonteCarloJob.Counters"/>); thread-safe; they never
/// influence results.
/// </summary>
public sealed class EngineCounters
{
    private readonly long[] _ticks = new long[Enum.GetValues<EnginePhase>().Length];
    private long _flops;

    /// <summary>Adds the time since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>) to <paramref name="phase"/> and sets <paramref name="start"/> to now.</summary>
    internal void Add(EnginePhase phase, ref long start)
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[(int)phase], now - start);
        start = now;
    }

    internal void AddFlops(long flops) => Interlocked.Add(ref _flops, flops);

    /// <summary>Thread-seconds spent in <paramref name="phase"/> (summed over worker threads).</summary>
    public double Seconds(EnginePhase phase) => Interlocked.Read(ref _ticks[(int)phase]) / (double)Stopwatch.Frequency;

    /// <summary>Crossbar MMM floating-point operations counted.</summary>
    public long MmmFlops => Interlocked.Read(ref _flops);

    /// <summary>What has been counted so far, as a value that no longer changes.</summary>
    public EngineTimes Snapshot() => new([.. Enum.GetValues<EnginePhase>().Select(Seconds)], MmmFlops);
}

/// <summary>What <see cref="EngineCounters"/> counted, frozen.</summary>
/// <param name="PhaseSeconds">Thread-seconds of each <see cref="EnginePhase"/>, indexed by the phase (summed over worker threads).</param>
/// <param name="MmmFlops">Crossbar MMM floating-point operations.</param>
public sealed record EngineTimes(IReadOnlyList<double> PhaseSeconds, long MmmFlops)
{
    /// <summary>Thread-seconds spent in <paramref name="phase"/>.</summary>
    public double Seconds(EnginePhase phase) => PhaseSeconds[(int)phase];

    /// <summary>Thread-seconds of every phase together, the engine's busy time.</summary>
    public double BusySeconds => PhaseSeconds.Sum();
}
