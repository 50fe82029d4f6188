using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Dse.Costs;

/// <summary>What <see cref="CpuBaselineMeter.Measure"/> times: the SSA search's score GEMM, queries <c>[QueryTokens, Dim]</c> against the store <c>[StoredVectors, Dim]</c>, float32.</summary>
/// <param name="StoredVectors">Stored vectors V of the timed search. Range: &gt;= 1.</param>
/// <param name="Dim">Vector width d. Range: &gt;= 1.</param>
/// <param name="QueryTokens">Query vectors m per search. Range: &gt;= 1.</param>
/// <param name="Threads">Threads of the multi-thread figure. Range: &gt;= 1.</param>
/// <param name="Repetitions">Timed samples per figure (each a batch of at least 50 us); the median is kept. Range: &gt;= 1.</param>
/// <param name="MemoryMb">Size of the buffer for the DRAM latency and bandwidth figures, MiB; it should exceed the last-level cache. Range: &gt;= 1.</param>
public sealed record CpuBaselineShape(int StoredVectors, int Dim, int QueryTokens, int Threads, int Repetitions, int MemoryMb);

/// <summary>The measured figures of a CPU+DRAM baseline (the measurable fields of a <see cref="Devices.CpuBaselineModel"/>).</summary>
/// <param name="SingleThreadFlopsPerS">Score GEMM, one thread, FLOP/s.</param>
/// <param name="MultiThreadFlopsPerS">Score GEMM over the shape's threads, fork-join excluded, FLOP/s.</param>
/// <param name="ThreadForkJoinS">An empty parallel region over the threads, seconds.</param>
/// <param name="PerSearchOverheadS">The whole search routine on a one-vector, width-1 store, seconds.</param>
/// <param name="DramFirstAccessLatencyS">One dependent load to a random cache line of the buffer, seconds.</param>
/// <param name="DramBandwidthBytesPerS">Streaming read of the buffer, one thread, bytes/s.</param>
public sealed record CpuBaselineMeasurement(double SingleThreadFlopsPerS, double MultiThreadFlopsPerS, double ThreadForkJoinS, double PerSearchOverheadS,
    double DramFirstAccessLatencyS, double DramBandwidthBytesPerS);

/// <summary>
/// Measures the CPU+DRAM baseline on this machine: the SSA search's score GEMM (<see cref="TensorPrimitives"/>, the software search that
/// <see cref="BaselineCost"/> models) and the memory system, many repetitions each (medians).
/// </summary>
public static class CpuBaselineMeter
{
    /// <summary>Times every figure of <paramref name="o"/> on this machine.</summary>
    /// <param name="o">Shapes, threads, repetitions and buffer size.</param>
    /// <returns>The medians.</returns>
    public static CpuBaselineMeasurement Measure(CpuBaselineShape o)
    {
        int v = o.StoredVectors, d = o.Dim, q = o.QueryTokens;
        var rng = new Random(1);
        var store = new float[(long)v * d];
        var queries = new float[(long)q * d];
        for (int i = 0; i < store.Length; i++) store[i] = (float)rng.NextDouble() - 0.5f;
        for (int i = 0; i < queries.Length; i++) queries[i] = (float)rng.NextDouble() - 0.5f;
        var scores = new float[(long)q * v];
        double flops = 2.0 * q * v * d;

        double single = Median(o.Repetitions, () => Search(store, queries, scores, v, d, q, 0, v));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.Threads };
        double forkJoin = Median(o.Repetitions, () => Parallel.For(0, o.Threads, parallel, _ => { }));
        double multi = Median(o.Repetitions, () => Parallel.For(0, o.Threads, parallel, t =>
        {
            int lo = (int)((long)v * t / o.Threads), hi = (int)((long)v * (t + 1) / o.Threads);
            Search(store, queries, scores, v, d, q, lo, hi);
        }));
        var one = new float[1];
        double overhead = Median(o.Repetitions, () => Search(one, one, new float[1], 1, 1, 1, 0, 1));

        var (latency, bandwidth) = MeasureMemory((long)o.MemoryMb << 20);
        return new CpuBaselineMeasurement(flops / single, flops / Math.Max(multi - forkJoin, multi / o.Threads), forkJoin, overhead, latency, bandwidth);
    }

    /// <summary>Scores queries <c>[q, d]</c> against stored rows <c>lo..hi</c> of <c>[v, d]</c> and returns the best score among them (the argmax step).</summary>
    private static float Search(float[] store, float[] queries, float[] scores, int v, int d, int q, int lo, int hi)
    {
        float best = float.NegativeInfinity;
        for (int i = 0; i < q; i++)
        {
            var query = queries.AsSpan(i * d, d);
            var row = scores.AsSpan(i * v + lo, hi - lo);
            for (int j = lo; j < hi; j++) row[j - lo] = TensorPrimitives.Dot(query, store.AsSpan(j * d, d));
            best = Math.Max(best, TensorPrimitives.Max(row));
        }
        return best;
    }

    /// <summary>
    /// Median time of one call of <paramref name="action"/> over <paramref name="repetitions"/> samples; each sample times a
    /// batch of calls long enough (at least 50 us) for the clock's resolution, and divides by the batch size.
    /// </summary>
    private static double Median(int repetitions, Action action)
    {
        action();
        int batch = 1;
        while (true)
        {
            long t = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++) action();
            if (Stopwatch.GetElapsedTime(t).TotalSeconds >= 50e-6 || batch >= 1 << 20) break;
            batch *= 2;
        }
        var times = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++) action();
            times[r] = Stopwatch.GetElapsedTime(t0).TotalSeconds / batch;
        }
        Array.Sort(times);
        return times[repetitions / 2];
    }

    /// <summary>Dependent loads through a random cyclic permutation of the buffer's cache lines, and a streaming read of it.</summary>
    private static (double LatencyS, double BandwidthBytesPerS) MeasureMemory(long bytes)
    {
        const int LineInts = 16;  // 64-byte cache lines
        int lines = (int)Math.Max(2, bytes / (LineInts * sizeof(int)));
        var next = new int[(long)lines * LineInts];
        var order = Enumerable.Range(0, lines).ToArray();
        new Random(2).Shuffle(order);
        for (int i = 0; i < lines; i++) next[(long)order[i] * LineInts] = order[(i + 1) % lines] * LineInts;
        int steps = Math.Min(lines, 1 << 20), at = 0;
        long t0 = Stopwatch.GetTimestamp();
        for (int s = 0; s < steps; s++) at = next[at];
        double latency = Stopwatch.GetElapsedTime(t0).TotalSeconds / steps;
        GC.KeepAlive(at);

        var floats = MemoryMarshal.Cast<int, float>(next.AsSpan());
        double sum = 0, best = double.MaxValue;
        for (int r = 0; r < 5; r++)
        {
            long t1 = Stopwatch.GetTimestamp();
            sum += TensorPrimitives.Sum(floats);
            best = Math.Min(best, Stopwatch.GetElapsedTime(t1).TotalSeconds);
        }
        GC.KeepAlive(sum);
        return (latency, (double)next.LongLength * sizeof(int) / best);
    }

    /// <summary>The host CPU's model name from <c>/proc/cpuinfo</c>, or the OS and architecture when it has none.</summary>
    public static string HostCpuName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
            foreach (var line in File.ReadLines(cpuinfo))
                if (line.StartsWith("model name", StringComparison.Ordinal) || line.StartsWith("Model", StringComparison.Ordinal))
                {
                    int colon = line.IndexOf(':');
                    if (colon >= 0 && line[(colon + 1)..].Trim() is { Length: > 0 } model) return model;
                }
        return $"{RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}";
    }
}
