using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;
using Xunit.Abstractions;
using Dse.Diagnostics;

namespace Dse.Tests.Fuzz;

/// <summary>
/// The property every reader must keep on any input: it either loads (and what it returns is consistent) or throws
/// an <see cref="InputException"/> whose every error names the file and a position (a path such as <c>header</c>,
/// <c>$.mc.trials</c> or <c>prompt_embeddings.shape</c>, or a 1-based line). Never another exception type, never
/// longer than <see cref="Timeout"/>, and never more allocation than the file's size justifies.
/// </summary>
public static class ReaderProperty
{
    /// <summary>Longest one input may take (generous: the machine is shared); longer is reported as a hang.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long each fuzz target runs: <c>DSE_FUZZ_SECONDS</c> seconds when set (the long run), else
    /// <see cref="ShortIterations"/> inputs (the short run of the normal test suite).
    /// </summary>
    public static int? Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("DSE_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s > 0 ? s : null;

    /// <summary>Inputs per target in the short run.</summary>
    public const int ShortIterations = 150;

    /// <summary>
    /// Samples <paramref name="inputs"/>: each is written to <paramref name="file"/> and <paramref name="load"/> is
    /// called on it on a worker thread. Fails (with CsCheck's shrunk input and seed) on a broken property.
    /// </summary>
    /// <param name="inputs">The generator of file contents.</param>
    /// <param name="file">Path the input is written to before each call.</param>
    /// <param name="load">Reads <paramref name="file"/> and checks what it returns (throwing on an inconsistent result).</param>
    /// <param name="bytesPerInputByte">Allocation allowed per byte of input, on top of <paramref name="fixedBytes"/>.</param>
    /// <param name="fixedBytes">Allocation allowed whatever the input's size.</param>
    /// <param name="output">Where the run summary goes (iterations, time).</param>
    /// <param name="otherSources">Names errors may give instead of <paramref name="file"/> (e.g. <c>--set</c> for overrides); null: none.</param>
    public static void Check(Gen<byte[]> inputs, string file, Action<string> load, long bytesPerInputByte, long fixedBytes, ITestOutputHelper output,
        IReadOnlyCollection<string>? otherSources = null)
    {
        var clock = Stopwatch.StartNew();
        long loaded = 0, refused = 0;
        inputs.Sample(bytes =>
        {
            File.WriteAllBytes(file, bytes);
            var outcome = Run(file, load, bytes.LongLength * bytesPerInputByte + fixedBytes, otherSources);
            if (outcome) loaded++; else refused++;
        },
        iter: Seconds is null ? ShortIterations : -1, time: Seconds ?? -1, threads: 1, print: Print,
        writeLine: line => output.WriteLine(line));
        output.WriteLine($"{Path.GetFileName(file)}: {loaded} inputs loaded, {refused} refused with an input error, {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Runs one load; true when it loaded, false when it raised a well-formed input error.</summary>
    /// <exception cref="Xunit.Sdk.XunitException">On any other outcome.</exception>
    public static bool Run(string file, Action<string> load, long allowedBytes, IReadOnlyCollection<string>? otherSources = null)
    {
        long allocated = 0;
        var task = Task.Factory.StartNew(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                load(file);
                return (Exception?)null;
            }
            catch (Exception e)
            {
                return e;
            }
            finally
            {
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!task.Wait(Timeout))
            throw new Xunit.Sdk.XunitException($"hang: no answer within {Timeout.TotalSeconds} s");
        if (allocated > allowedBytes)
            throw new Xunit.Sdk.XunitException($"allocated {allocated} bytes, more than the {allowedBytes} the input justifies");
        switch (task.Result)
        {
            case null:
                return true;
            case InputException e:
                foreach (var error in e.Errors)
                {
                    if (error.File != file && !(otherSources?.Contains(error.File) ?? false))
                        throw new Xunit.Sdk.XunitException($"input error names '{error.File}', not the file read: {error}");
                    if (error.Path is null && error.Line is null)
                        throw new Xunit.Sdk.XunitException($"input error without a position (path or line): {error}");
                }
                return false;
            case var other:
                throw new Xunit.Sdk.XunitException($"{other.GetType().FullName} instead of an input error: {other.Message}\n{other.StackTrace}");
        }
    }

    /// <summary>An input as CsCheck prints it: text when it is mostly printable, else hex (long inputs cut).</summary>
    public static string Print(byte[] bytes)
    {
        const int max = 600;
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, max));
        bool text = head.ToArray().Count(b => b is >= 0x20 and < 0x7f or (byte)'\n' or (byte)'\t' or (byte)'\r') >= head.Length * 0.9;
        var shown = text
            ? Encoding.UTF8.GetString(head).Replace("\r", "\\r").Replace("\t", "\\t")
            : Convert.ToHexString(head);
        return $"{bytes.Length} bytes{(bytes.Length > max ? $" (first {max})" : "")}: {shown}";
    }
}
