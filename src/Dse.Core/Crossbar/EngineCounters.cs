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
/// Process-wide counters of the Monte-Carlo engine for <c>dse bench</c>: thread-seconds per <see cref="EnginePhase"/> and the
/// useful crossbar MMM FLOPs (<c>2 M N K</c> per GEMM). They never influence results.
/// </summary>
public static class EngineCounters
{
    private static readonly long[] s_ticks = new long[Enum.GetValues<EnginePhase>().Length];
    private static long s_flops;

    /// <summary>Adds the time since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>) to <paramref name="phase"/> and sets <paramref name="start"/> to now.</summary>
    internal static void Add(EnginePhase phase, ref long start)
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref s_ticks[(int)phase], now - start);
        start = now;
    }

    internal static void AddFlops(long flops) => Interlocked.Add(ref s_flops, flops);

    /// <summary>Sets every counter to zero.</summary>
    public static void Reset()
    {
        for (int i = 0; i < s_ticks.Length; i++) Interlocked.Exchange(ref s_ticks[i], 0);
        Interlocked.Exchange(ref s_flops, 0);
    }

    /// <summary>Thread-seconds spent in <paramref name="phase"/> since the last <see cref="Reset"/> (summed over worker threads).</summary>
    public static double Seconds(EnginePhase phase) => Interlocked.Read(ref s_ticks[(int)phase]) / (double)Stopwatch.Frequency;

    /// <summary>Crossbar MMM floating-point operations since the last <see cref="Reset"/>.</summary>
    public static long MmmFlops => Interlocked.Read(ref s_flops);
}
