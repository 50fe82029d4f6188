using System.CommandLine;
using Dse.Cli.Settings;
using System.Globalization;
using Dse.Costs;
using Dse.Diagnostics;
using Dse.Pipeline;
using Dse.Workloads;

namespace Dse.Cli.Commands;

/// <summary>
/// <c>dse baseline measure [--out FILE] [--stored-vectors V] [--dim d] [--query-tokens m] [--threads N] [--repetitions R] [--memory-mb M]</c>:
/// times the SSA search's score GEMM (queries <c>[m, d]</c> against the store <c>[V, d]</c>, float32) and the memory system on this
/// machine, many repetitions each (medians), and writes a CPU baseline file marked as measured (host CPU, threads, date), its energy
/// coefficients copied from the default baseline (<see cref="BaselineRun"/>).
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
        string name = BaselineRun.NameFor(o.Out);
        if (o.Out is not null && (name.Length == 0 || Directory.Exists(o.Out)))
            errors.Add(new InputError("command line", "--out", null, "a file path ending in NAME.json", $"\"{o.Out}\""));
        if (errors.Count > 0) throw new InputException(errors);

        var outcome = BaselineRun.Run(new CpuBaselineShape(o.StoredVectors, o.Dim, o.QueryTokens, o.Threads, o.Repetitions, o.MemoryMb), o.Out, settings.Library(),
            settings.DefaultBaseline, Environment.CurrentDirectory, stderr.WriteLine);
        var m = outcome.Measurement;
        if (o.Out is null) stdout.Write(outcome.Text);
        else
            stdout.WriteLine($"wrote {o.Out}: single thread {m.SingleThreadFlopsPerS / 1e9:G4} GFLOP/s, {o.Threads} threads {m.MultiThreadFlopsPerS / 1e9:G4} GFLOP/s, "
                + $"fork-join {m.ThreadForkJoinS * 1e6:G4} us, per-search overhead {m.PerSearchOverheadS * 1e6:G4} us, "
                + $"first access {m.DramFirstAccessLatencyS * 1e9:G4} ns, bandwidth {m.DramBandwidthBytesPerS / 1e9:G4} GB/s");
        return ExitCodes.Success;
    }
}
