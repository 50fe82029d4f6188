using System.Reflection;
using System.Security.Cryptography;
using Dse.Exploration;
using Dse.Exploration.Axes;
using Dse.Pipeline;

namespace Dse.Runs;

/// <summary>Builds the <see cref="RunSummary"/> of a sweep invocation or a merge.</summary>
public static class RunSummaries
{
    /// <summary>Statements about the models that every report carries (see docs/models.md, 'Assumptions').</summary>
    public static IReadOnlyList<string> Assumptions { get; } =
    [
        "Every sigma in a device file is that device's own programming spread; sigmaScale (default 1, the device as written) multiplies it (perLevel: relative to Gmax - Gmin; proportional: relative to G; polynomial: sigma(G)), not drift, read noise or faults, and summary.json states each device's effective sigma (effectiveSigma). The five NVCiM-PT settings carry NVCiM-PT's nominal global sigma 0.1 in their files (the published per-level sigmas, read as shapes normalised to RRAM1's 0.01, times 10), so its range 0.025-0.125 is sigmaScale 0.25-1.25; this reading is Dse's assumption.",
        "Latency uses analog timing (each component's own delay per column-mux step, e.g. the SAR ADC's (B+1) x 1 ns per conversion, no clock factor); dse cost --clock neurosim applies NeuroSim's synchronous clock of 1.4 x the sensing cycle instead.",
        "The SSA score formula (congruence of pooled segments, cosine-normalised, weighted over scales) is Dse's reading of NVCiM-PT; the paper's exact formula was not available.",
        "ADC zero reference (adcReference, default referenceColumn): a dummy column of Gmin cells per array, programmed with the device's variation, is subtracted in analog before the ADC (NeuroSim's inference model subtracts a dummy crossbar's output the same way); 'calibrated' measures each column's idle code per chip; 'nominal' removes nominal Gmin x active rows digitally and is kept only for comparison.",
        "ADC range (adcRange, default calibrated): per chip after programming, the mc.calibrationQuantile quantile of that chip's own noisy partial sums on mc.calibrationQueries held-out queries (synthetic and peft workloads draw them apart from the scored queries; text and tensors workloads have none and calibrate on their first scored queries); fullScale = rows x Vread x Gmax.",
        "Comparators: offset (per ADC and chip) and input-referred noise (per conversion) in LSB from the periphery's adcNonidealities (0.5 LSB offset assumed, 0.289 LSB noise = quantisation noise); an ADC model without an entry converts ideally.",
        "Read circuit (periphery readCircuit; axes rowsPerRead, colsPerAdc, adcGain): a subarray's rows are read in groups of rowsPerRead (default all rows, NeuroSim's default), each group's partial sums converted and added digitally; bitlines a column multiplexer leaves unselected float, so only the sensed cells conduct; drivers and sense switches are widened to 0.25 x the parallel resistance of the cells they carry at Gmax (NeuroSim's sizing rule); the shipped sense node is passive, and the clamp's loop gain (100) and area are assumptions.",
        "Programmed conductances are clipped only at physical bounds: 0 S and the device's gCeilingS when given (never at nominal Gmin/Gmax); the clip leaves a level-0 mean shift of about +0.3 sigma, which is physics.",
    ];

    /// <summary>The summary of a sweep invocation.</summary>
    /// <param name="prepared">The prepared sweep.</param>
    /// <param name="result">What this invocation computed.</param>
    /// <param name="totalPoints">Points in the run folder (computed now, resumed or merged).</param>
    /// <param name="shard">The shard of the run, or null.</param>
    /// <param name="threads">Worker threads used (0 for a merge).</param>
    /// <param name="timingsS">Named wall times in seconds.</param>
    /// <param name="gemmBackend">The GEMM path the Monte Carlo ran on.</param>
    /// <param name="manifest">The run's manifest (inputs hashed at the start, command line, inputs mixed by a forced resume).</param>
    public static RunSummary Of(PreparedSweep prepared, SweepResult result, int totalPoints, string? shard, int threads,
        IReadOnlyDictionary<string, double> timingsS, string gemmBackend, RunManifest manifest)
    {
        var spec = prepared.Spec;
        double evaluate = result.WallTime.TotalSeconds;
        return new RunSummary
        {
            Sweep = spec.Name, SpecFile = spec.SourceFile, Seed = spec.Mc.Seed, Trials = spec.Mc.Trials, Workload = prepared.Workload.Description,
            Points = totalPoints, PointsComputedNow = result.PointsComputed, Shard = shard,
            SkippedPoints = prepared.Skipped.Count,
            SkippedByReason = prepared.Skipped.GroupBy(s => s.Reason).ToDictionary(g => g.Key, g => g.Count()),
            Skipped = prepared.Skipped, Threads = threads, TimingsS = timingsS,
            PointsPerS = evaluate > 0 ? result.PointsComputed / evaluate : null,
            GemmBackend = gemmBackend, RetainedVariance = result.RetainedVariance, Estimators = result.Estimators, ComponentModels = result.ComponentModels,
            Inputs = manifest.Inputs, MixedInputs = manifest.MixedInputs, CommandLine = manifest.CommandLine,
            Versions = Versions(), Assumptions = Assumptions, EffectiveSigma = EffectiveSigmas(prepared), CreatedUtc = DateTime.UtcNow.ToString("O"),
            ToolVersion = ToolVersion(), Host = Host(gemmBackend), Screen = result.Screen, Race = result.Race,
            OvtNames = prepared.Workload.Store.Ovts.Select(o => o.Name).ToArray(),
        };
    }

    /// <summary>Each device of the sweep at each of its sigmaScale values (devices, then sigmaScale, in sweep order).</summary>
    /// <param name="prepared">The prepared sweep (read with a device library).</param>
    public static IReadOnlyList<EffectiveSigma> EffectiveSigmas(PreparedSweep prepared)
    {
        var devices = prepared.Spec.Models!.Devices.Values.DistinctBy(d => d.Name).ToDictionary(d => d.Name);
        return prepared.Space.Values(DesignAxes.Device)
            .SelectMany(name => prepared.Space.Values(DesignAxes.SigmaScale).Select(s => EffectiveSigma.Of(devices[name], s))).ToArray();
    }

    /// <summary>
    /// The summary of a merged run: the first shard's sweep facts and skipped points (every shard records the whole sweep's),
    /// every shard's inputs, and timings and screen savings summed; null when no shard finished.
    /// </summary>
    /// <param name="shards">The summaries of the shards that finished.</param>
    /// <param name="points">Points in the merged run.</param>
    /// <param name="mixedInputs">Input files that differed between shards or changed during one.</param>
    public static RunSummary? Merged(IReadOnlyList<RunSummary> shards, int points, IReadOnlyList<string> mixedInputs)
    {
        if (shards.Count == 0) return null;
        var timings = new Dictionary<string, double>();
        foreach (var s in shards)
            foreach (var (name, seconds) in s.TimingsS) timings[name] = timings.GetValueOrDefault(name) + seconds;
        return shards[0] with
        {
            Points = points, PointsComputedNow = 0, Shard = null, Threads = 0, TimingsS = timings, PointsPerS = null,
            Inputs = shards.SelectMany(s => s.Inputs).DistinctBy(i => (i.Path, i.Sha256)).ToArray(),
            Versions = Versions(), CreatedUtc = DateTime.UtcNow.ToString("O"), MixedInputs = mixedInputs,
            ToolVersion = ToolVersion(), CommandLine = null, Host = null,
            Shards = shards.Select(s => new ShardProvenance(s.Shard, s.Host, s.Threads, s.TimingsS)).ToArray(),
            Screen = ScreenSummary.Total(shards.Select(s => s.Screen)),
            Race = RaceSummary.Total(shards.Select(s => s.Race)),
            Estimators = shards.SelectMany(s => s.Estimators).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value),
            ComponentModels = shards.SelectMany(s => s.ComponentModels).GroupBy(kv => kv.Key)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(kv => kv.Value).Distinct().Order(StringComparer.Ordinal).ToArray()),
        };
    }

    /// <summary>
    /// Every input of a run with its SHA-256: <paramref name="files"/> (full paths) and, for the embedded default sweep, its text
    /// under <paramref name="embeddedName"/>.
    /// </summary>
    public static IReadOnlyList<InputHash> Inputs(IEnumerable<string> files, string? embeddedName = null, string? embeddedText = null)
    {
        var inputs = files.Distinct().Select(f => new InputHash(f, Sha256(f))).ToList();
        if (embeddedName is not null && embeddedText is not null)
            inputs.Insert(0, new InputHash(embeddedName, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(embeddedText)))));
        return inputs;
    }

    /// <summary>Version and commit of this build of Dse (the informational version, e.g. <c>1.0.0+3b1841e</c>).</summary>
    public static string? ToolVersion() => typeof(RunSummaries).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    /// <summary>This machine: CPU model, cores, SIMD width, GEMM path, OS.</summary>
    public static HostInfo Host(string gemmBackend)
    {
        string cpu = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException) { }
        int width = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 512
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 256
            : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? 128 : 0;
        return new HostInfo(cpu, Environment.ProcessorCount, width, gemmBackend, System.Runtime.InteropServices.RuntimeInformation.OSDescription);
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>.NET and package versions (Dse.Core, MathNet.Numerics, Google.OrTools, Plotly.NET).</summary>
    public static IReadOnlyDictionary<string, string?> Versions()
    {
        var versions = new Dictionary<string, string?> { ["dotnet"] = Environment.Version.ToString() };
        foreach (var assembly in new[] { typeof(RunSummaries).Assembly, typeof(MathNet.Numerics.Control).Assembly, typeof(Google.OrTools.Sat.CpModel).Assembly, typeof(Plotly.NET.Chart).Assembly })
        {
            var name = assembly.GetName();
            var info = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            versions[name.Name!] = info?.Split('+')[0] ?? name.Version?.ToString();
        }
        return versions;
    }
}
