using System.CommandLine;
using Dse.Cli.Settings;
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Workloads;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse baseline measure [--out FILE] [--stored-vectors V] [--dim d] [--query-tokens m] [--threads N] [--repetitions R] [--memory-mb M]</c>:
/// times the SSA search's score GEMM (queries <c>[m, d]</c> against the store <c>[V, d]</c>, float32, <see cref="TensorPrimitives"/>) and
/// the memory system on this machine, many repetitions each (medians), and writes a CPU baseline file marked as measured (host CPU,
/// threads, date) that <see cref="BaselineLoader"/> accepts. The energy coefficients are not measurable here and are copied,
/// with their sources, from the default baseline.
/// </summary>
public static class BaselineCommand
{
    /// <summary>Parsed options of <c>baseline measure</c>.</summary>
    /// <param name="Out">File to write; null: print to stdout (name <c>measured-host</c>).</param>
    /// <param name="StoredVectors">Stored vectors V of the timed search. Range: 1..1000000.</param>
    /// <param name="Dim">Vector width d. Range: 1..65536.</param>
    /// <param name="QueryTokens">Query vectors m per search. Range: 1..4096.</param>
    /// <param name="Threads">Threads of the multi-thread figure. Range: 1..1024.</param>
    /// <param name="Repetitions">Timed samples per figure (each a batch of at least 50 us). Range: 3..10000000.</param>
    /// <param name="MemoryMb">Size of the buffer for the DRAM latency and bandwidth figures, MiB; it should exceed the last-level cache. Range: 1..65536.</param>
    public sealed record Options(string? Out, int StoredVectors, int Dim, int QueryTokens, int Threads, int Repetitions, int MemoryMb);

    /// <summary>The measured figures, seconds and bytes / FLOP per second.</summary>
    /// <param name="SingleThreadFlopsPerS">Score GEMM, one thread.</param>
    /// <param name="MultiThreadFlopsPerS">Score GEMM over <c>Threads</c> threads, fork-join excluded.</param>
    /// <param name="ThreadForkJoinS">An empty parallel region over the threads.</param>
    /// <param name="PerSearchOverheadS">The whole search routine on a one-vector, width-1 store.</param>
    /// <param name="DramFirstAccessLatencyS">One dependent load to a random cache line of the buffer.</param>
    /// <param name="DramBandwidthBytesPerS">Streaming read of the buffer, one thread.</param>
    public sealed record Measurement(double SingleThreadFlopsPerS, double MultiThreadFlopsPerS, double ThreadForkJoinS, double PerSearchOverheadS,
        double DramFirstAccessLatencyS, double DramBandwidthBytesPerS);

    /// <summary>The <c>baseline</c> command with its <c>measure</c> sub-command.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DseSettings> settings)
    {
        var output = new Option<string?>("--out") { Description = "File to write (its stem becomes the baseline name); default: print to stdout." };
        var stored = new Option<int>("--stored-vectors") { Description = "Stored vectors of the timed search.", DefaultValueFactory = _ => 128 };
        var dim = new Option<int>("--dim") { Description = "Vector width d.", DefaultValueFactory = _ => 256 };
        var queries = new Option<int>("--query-tokens") { Description = "Query vectors per search.", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "Threads of the multi-thread figure.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var reps = new Option<int>("--repetitions") { Description = "Timed repetitions per figure (medians are kept).", DefaultValueFactory = _ => 2000 };
        var memory = new Option<int>("--memory-mb") { Description = "Buffer size for the DRAM latency and bandwidth figures, MiB (larger than the last-level cache).", DefaultValueFactory = _ => 256 };
        var measure = new Command("measure", "Time the search's score GEMM and the memory on this machine and write a measured baseline file.")
        {
            output, stored, dim, queries, threads, reps, memory,
        };
        measure.SetAction(parse => Run(new Options(parse.GetValue(output), parse.GetValue(stored), parse.GetValue(dim), parse.GetValue(queries),
            parse.GetValue(threads), parse.GetValue(reps), parse.GetValue(memory)), stdout, stderr, settings()));
        return new Command("baseline", "CPU+DRAM baselines: measure this machine.") { measure };
    }

    /// <summary>Measures and writes the baseline file.</summary>
    /// <returns><see cref="ExitCodes.Success"/>.</returns>
    /// <exception cref="InputException">A bad option, or a default baseline that does not load.</exception>
    public static int Run(Options o, TextWriter stdout, TextWriter stderr, DseSettings settings)
    {
        var errors = new List<InputError>();
        void Check(bool ok, string arg, string expected, int found)
        {
            if (!ok) errors.Add(new InputError("command line", arg, null, expected, found.ToString(CultureInfo.InvariantCulture)));
        }
        Check(o.StoredVectors is >= 1 and <= 1_000_000, "--stored-vectors", "an integer in 1..1000000", o.StoredVectors);
        Check(PromptStore.DimRange.Contains(o.Dim), "--dim", PromptStore.DimRange.Expected, o.Dim);
        Check(PromptStore.TokensRange.Contains(o.QueryTokens), "--query-tokens", PromptStore.TokensRange.Expected, o.QueryTokens);
        Check(o.Threads is >= 1 and <= 1024, "--threads", "an integer in 1..1024", o.Threads);
        Check(o.Repetitions is >= 3 and <= 10_000_000, "--repetitions", "an integer in 3..10000000", o.Repetitions);
        Check(o.MemoryMb is >= 1 and <= 65536, "--memory-mb", "an integer in 1..65536", o.MemoryMb);
        string name = o.Out is null ? "measured-host" : Path.GetFileNameWithoutExtension(o.Out);
        if (o.Out is not null && (name.Length == 0 || Directory.Exists(o.Out)))
            errors.Add(new InputError("command line", "--out", null, "a file path ending in NAME.json", $"\"{o.Out}\""));
        if (errors.Count > 0) throw new InputException(errors);

        var reference = settings.Library().Baseline(settings.DefaultBaseline, Environment.CurrentDirectory);

        stderr.WriteLine($"timing the search ({o.QueryTokens} x {o.Dim} against {o.StoredVectors} x {o.Dim}, float32), {o.Repetitions} repetitions per figure...");
        var m = Measure(o);
        string host = HostCpuName();
        string date = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var json = ToJson(name, host, date, o, m, reference);
        string text = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (o.Out is null) stdout.Write(text);
        else
        {
            File.WriteAllText(o.Out, text);
            stdout.WriteLine($"wrote {o.Out}: single thread {m.SingleThreadFlopsPerS / 1e9:G4} GFLOP/s, {o.Threads} threads {m.MultiThreadFlopsPerS / 1e9:G4} GFLOP/s, "
                + $"fork-join {m.ThreadForkJoinS * 1e6:G4} us, per-search overhead {m.PerSearchOverheadS * 1e6:G4} us, "
                + $"first access {m.DramFirstAccessLatencyS * 1e9:G4} ns, bandwidth {m.DramBandwidthBytesPerS / 1e9:G4} GB/s");
        }
        return ExitCodes.Success;
    }

    /// <summary>Times every figure of <paramref name="o"/> on this machine.</summary>
    /// <param name="o">Shapes, threads, repetitions and buffer size.</param>
    /// <returns>The medians.</returns>
    public static Measurement Measure(Options o)
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
        return new Measurement(flops / single, flops / Math.Max(multi - forkJoin, multi / o.Threads), forkJoin, overhead, latency, bandwidth);
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

    private static JsonObject ToJson(string name, string host, string date, Options o, Measurement m, CpuBaselineModel reference)
    {
        string shape = $"queries [{o.QueryTokens}, {o.Dim}] x store [{o.StoredVectors}, {o.Dim}], float32, System.Numerics.Tensors TensorPrimitives.Dot";
        string at = $"measured by dse baseline measure on {host}, {date}, median of {o.Repetitions} repetitions";
        string fromReference = $"not measurable here: copied from {Path.GetFileName(reference.SourceFile)}";
        return new JsonObject
        {
            ["$schema"] = "../schema/baseline.schema.json",
            ["version"] = 1,
            ["name"] = name,
            ["description"] = $"measured host: {host}, {o.Threads} threads, {date}",
            ["dramBandwidthBytesPerS"] = m.DramBandwidthBytesPerS,
            ["dramEnergyJPerBit"] = reference.DramEnergyJPerBit,
            ["dramFirstAccessLatencyS"] = m.DramFirstAccessLatencyS,
            ["singleThreadFlopsPerS"] = m.SingleThreadFlopsPerS,
            ["multiThreadFlopsPerS"] = m.MultiThreadFlopsPerS,
            ["threads"] = o.Threads,
            ["threadForkJoinS"] = m.ThreadForkJoinS,
            ["perSearchOverheadS"] = m.PerSearchOverheadS,
            ["cpuEnergyJPerFlop"] = reference.CpuEnergyJPerFlop,
            ["measured"] = new JsonObject { ["host"] = host, ["threads"] = o.Threads, ["date"] = date },
            ["sources"] = new JsonObject
            {
                ["dramBandwidthBytesPerS"] = $"{at}: one-thread streaming sum over a {o.MemoryMb} MiB buffer, best of 5",
                ["dramEnergyJPerBit"] = fromReference,
                ["dramFirstAccessLatencyS"] = $"{at}: dependent loads through a random cyclic permutation of the 64-byte lines of a {o.MemoryMb} MiB buffer (TLB misses included)",
                ["singleThreadFlopsPerS"] = $"{at}: {shape}, one thread, 2 m V d FLOP per search",
                ["multiThreadFlopsPerS"] = $"{at}: {shape}, stored vectors split over {o.Threads} threads, fork-join time subtracted",
                ["threads"] = $"{at}: threads of the multi-thread figure",
                ["threadForkJoinS"] = $"{at}: empty Parallel.For over {o.Threads} threads",
                ["perSearchOverheadS"] = $"{at}: the same search routine on a one-vector, width-1 store (call, span setup, argmax), timed in batches of calls",
                ["cpuEnergyJPerFlop"] = fromReference,
                ["measured.threads"] = $"{at}: threads used",
            },
        };
    }
}
