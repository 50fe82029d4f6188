using System.Globalization;
using Dse.Diagnostics;

namespace Dse.Workloads;

/// <summary>Options of the <c>peft</c> workload source (see docs/models.md#peft-adapters).</summary>
/// <param name="QueriesPerPrompt">Queries generated per stored OVT. Range: <c>>= 1</c>.</param>
/// <param name="QueryTokens">m, rows per query. Range: <c>>= 1</c>.</param>
/// <param name="QueryNoise">Noise std added to query rows, as a fraction of the source OVT's RMS. Range: finite, <c>>= 0</c>.</param>
/// <param name="Seed">Workload seed; queries depend on nothing else but the loaded store.</param>
public sealed record PeftWorkloadOptions(int QueriesPerPrompt = 8, int QueryTokens = 8, double QueryNoise = 0.1, ulong Seed = 1);

/// <summary>Loads a list of PEFT prompt-tuning adapters as a prompt store plus generated queries.</summary>
public static class PeftWorkload
{
    /// <summary>Reads every adapter, checks they share <c>d</c>, and generates labelled queries.</summary>
    /// <param name="adapterPaths">Adapter directories or <c>.safetensors</c> files, in store order (index = label). At least one.</param>
    /// <param name="options">Query generation options.</param>
    /// <returns>
    /// The workload: OVT <c>j</c> is adapter <c>j</c> (its <c>n</c> may differ from the others');
    /// queries from <see cref="QueryGenerator.FromStore"/>; <c>InputFiles</c> lists the files read.
    /// </returns>
    /// <exception cref="InputException">
    /// Every adapter is read before failing, and all problems are reported together: the defects of
    /// <see cref="PeftAdapterReader.Read(string)"/>, and an adapter whose <c>d</c> differs from the first
    /// adapter's (both files and both widths are named).
    /// </exception>
    /// <exception cref="ArgumentException">When <paramref name="adapterPaths"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When an option is outside its range.</exception>
    /// <param name="calibrationQueries">Held-out queries for ADC calibration, generated like the scored ones from a seed of their own; 0: none.</param>
    public static Workload Load(IReadOnlyList<string> adapterPaths, PeftWorkloadOptions options, int calibrationQueries = 0)
    {
        if (adapterPaths.Count == 0) throw new ArgumentException("At least one adapter is required.", nameof(adapterPaths));
        var errors = new List<InputError>();
        var ovts = new List<(string Path, Ovt Ovt)>();
        foreach (var path in adapterPaths)
        {
            try
            {
                ovts.Add((path, PeftAdapterReader.Read(path)));
            }
            catch (InputException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        if (ovts.Count > 0)
        {
            var (firstPath, first) = ovts[0];
            foreach (var (path, ovt) in ovts.Skip(1).Where(o => o.Ovt.Dim != first.Dim))
                errors.Add(new InputError(path, PeftAdapterReader.TensorName, null,
                    $"d = {first.Dim} like the first adapter {firstPath} (all OVTs must share the embedding width)",
                    $"d = {ovt.Dim}"));
        }
        if (errors.Count > 0) throw new InputException(errors);

        var store = new PromptStore(ovts.Select(o => o.Ovt).ToArray(), ovts[0].Ovt.Dim);
        var queries = QueryGenerator.FromStore(store, options.QueriesPerPrompt, options.QueryTokens, options.QueryNoise, options.Seed);
        var files = adapterPaths.SelectMany(InputFilesOf).ToArray();
        var tokens = store.Ovts.Select(o => o.Tokens).ToArray();
        var description = string.Create(CultureInfo.InvariantCulture,
            $"peft: {store.Ovts.Count} OVTs, n = {tokens.Min()}..{tokens.Max()}, d = {store.Dim}, max |v| = {store.MaxAbs():G4}; " +
            $"{queries.Queries.Count} queries of m = {options.QueryTokens} rows, noise {options.QueryNoise:G3} x OVT RMS, seed {options.Seed}");
        QuerySet? calibration = null;
        if (calibrationQueries > 0)
        {
            var held = QueryGenerator.FromStore(store, (calibrationQueries + store.Ovts.Count - 1) / store.Ovts.Count, options.QueryTokens, options.QueryNoise,
                Randomness.Rng.DeriveSeed(options.Seed, "calibration"));
            calibration = new QuerySet(held.Queries.Take(calibrationQueries).ToArray(), held.Dim);
        }
        return new Workload(store, queries, description, files) { CalibrationQueries = calibration };
    }

    private static IEnumerable<string> InputFilesOf(string path)
    {
        if (!Directory.Exists(path)) return [path];
        var config = Path.Combine(path, PeftAdapterReader.ConfigFileName);
        var model = Path.Combine(path, PeftAdapterReader.ModelFileName);
        return File.Exists(config) ? [model, config] : [model];
    }
}
