using System.Globalization;
using Dse.Diagnostics;
using Dse.Randomness;

namespace Dse.Workloads;

/// <summary>Options of the <c>text</c> workload source (see docs/models.md#text-domains).</summary>
/// <param name="Domains">Domain folders (one document per <c>.txt</c> file) or files (fortune entries or paragraphs), in store order (index = label). At least one.</param>
/// <param name="Vectors">Word vectors in GloVe text format.</param>
/// <param name="BufferSize">Samples per domain that go through representative selection. Range: <c>>= 1</c>; NVCiM-PT uses 25.</param>
/// <param name="QueriesPerDomain">Held-out samples per domain used as queries. Range: <c>>= 1</c>.</param>
/// <param name="QueryTokens">m cap: a query keeps the vectors of its first <c>QueryTokens</c> known words; null keeps them all. Range: <c>>= 1</c>.</param>
/// <param name="Seed">Workload seed: the sample order of every domain and the k-means initialisation derive from it.</param>
public sealed record TextWorkloadOptions(
    IReadOnlyList<string> Domains, string Vectors, int BufferSize = 25, int QueriesPerDomain = 20, int? QueryTokens = null, ulong Seed = 1);

/// <summary>
/// Real text as a workload: per domain, a buffer of embedded samples goes through NVCiM-PT's representative
/// selection and the representatives' mean word vectors form the domain's OVT; held-out samples are the
/// labelled queries.
/// </summary>
/// <remarks>
/// <para>A domain's name is its folder name, or its file name without extension. Its samples (see
/// <see cref="TextCorpus"/>) are put in a random order (stream <c>Rng.DeriveSeed(Seed, "text/order/NAME")</c>,
/// Fisher-Yates) and embedded in that order with <see cref="TextCorpus.Words"/>: a sample is the matrix of its
/// words' vectors <c>[words, d]</c>, words without a vector are skipped and a sample with no known word is
/// dropped. The first <c>BufferSize</c> embedded samples are the buffer, the next <c>QueriesPerDomain</c> the
/// queries; later samples (and their files) are not read.</para>
/// <para>The OVT for <c>n</c> virtual tokens is the <c>[n, d]</c> stack of the mean vectors of the
/// <c>n</c> representatives that <see cref="RepresentativeSelection.Select"/> picks from the buffer's mean
/// vectors (k = n, seed <c>Rng.DeriveSeed(Seed, "text/kmeans/NAME/n")</c>), in buffer order. Because k-means
/// depends on n, <see cref="Workload.StoreFor"/> reruns the selection per n instead of truncating.</para>
/// <para>Query rows are the vectors of the sample's words in text order (the first <c>QueryTokens</c> when
/// capped); the label is the domain's index. Queries do not depend on n.</para>
/// </remarks>
public static class TextWorkload
{
    /// <summary>Reads the vectors and domains, embeds the samples and builds the store for <paramref name="tokens"/> virtual tokens.</summary>
    /// <param name="options">Files, sizes and seed.</param>
    /// <param name="tokens">n of <see cref="Workload.Store"/> (the largest a sweep needs). Range: <c>1 &lt;= n &lt;= BufferSize</c>.</param>
    /// <returns>
    /// N = <c>Domains.Count</c> OVTs <c>[n, d]</c> named after the domains; <c>N x QueriesPerDomain</c> labelled
    /// queries ordered by domain; a <see cref="Workload.StoreFor"/> that selects <c>n'</c> representatives
    /// (cached per <c>n'</c>); <c>InputFiles</c> lists the vectors file and every text file read.
    /// </returns>
    /// <exception cref="InputException">
    /// Errors of <see cref="GloveReader.Read"/>; a domain path that does not exist, a folder without <c>.txt</c>
    /// files, a domain with fewer than <c>BufferSize + QueriesPerDomain</c> samples holding a known word, or a
    /// buffer with fewer than <paramref name="tokens"/> distinct mean vectors (every domain is checked; all
    /// problems are reported together).
    /// </exception>
    /// <exception cref="ArgumentException">When <c>Domains</c> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a size is outside its range.</exception>
    public static Workload Load(TextWorkloadOptions options, int tokens)
    {
        if (options.Domains.Count == 0) throw new ArgumentException("At least one domain is required.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BufferSize, 1, nameof(options.BufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueriesPerDomain, 1, nameof(options.QueriesPerDomain));
        if (options.QueryTokens is int m) ArgumentOutOfRangeException.ThrowIfLessThan(m, 1, nameof(options.QueryTokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tokens, options.BufferSize);

        var vectors = GloveReader.Read(options.Vectors);
        var errors = new List<InputError>();
        var domains = new List<EmbeddedDomain>();
        var files = new List<string> { options.Vectors };
        for (int j = 0; j < options.Domains.Count; j++)
        {
            try
            {
                var domain = Embed(options.Domains[j], vectors, options);
                files.AddRange(domain.Files);
                if (domain.DistinctBufferRows < tokens)
                    errors.Add(new InputError(domain.Path, null, null,
                        $"at least n = {tokens} distinct samples in the buffer of {options.BufferSize} (one per virtual token)",
                        $"{domain.DistinctBufferRows} distinct samples"));
                domains.Add(domain);
            }
            catch (InputException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        if (errors.Count > 0) throw new InputException(errors);

        var queries = new List<Query>();
        for (int j = 0; j < domains.Count; j++)
            queries.AddRange(domains[j].Queries.Select(q => new Query(q.Values, q.Tokens, j)));
        var cache = new Dictionary<int, PromptStore>();
        PromptStore StoreFor(int n)
        {
            lock (cache)
            {
                if (!cache.TryGetValue(n, out var store))
                    cache[n] = store = new PromptStore(domains.Select(d => d.Ovt(n, options.Seed)).ToArray(), vectors.Dim);
                return store;
            }
        }

        var querySet = new QuerySet(queries, vectors.Dim);
        var store = StoreFor(tokens);
        var lengths = queries.Select(q => q.Tokens).ToArray();
        var description = string.Create(CultureInfo.InvariantCulture,
            $"text: {domains.Count} domains ({string.Join(", ", domains.Select(d => d.Name))}), vectors {Path.GetFileName(options.Vectors)} " +
            $"({vectors.Count} words, d = {vectors.Dim}); OVTs of n = {tokens} representatives of a buffer of {options.BufferSize} (k-means), " +
            $"max |v| = {store.MaxAbs():G4}; {queries.Count} queries of m = {lengths.Min()}..{lengths.Max()} words" +
            $"{(options.QueryTokens is int cap ? " (capped at " + cap.ToString(CultureInfo.InvariantCulture) + ")" : "")}, seed {options.Seed}");
        return new Workload(store, querySet, description, files) { StoreForTokens = StoreFor };
    }

    /// <summary>One domain's buffer (mean vectors) and queries.</summary>
    private sealed record EmbeddedDomain(string Path, string Name, float[] BufferMeans, int BufferSize, int Dim, int DistinctBufferRows,
        IReadOnlyList<Query> Queries, IReadOnlyList<string> Files)
    {
        public Ovt Ovt(int n, ulong seed)
        {
            var chosen = RepresentativeSelection.Select(BufferMeans, BufferSize, Dim, n, Rng.DeriveSeed(seed, $"text/kmeans/{Name}/{n}"));
            var values = new float[n * Dim];
            for (int r = 0; r < n; r++) BufferMeans.AsSpan(chosen[r] * Dim, Dim).CopyTo(values.AsSpan(r * Dim, Dim));
            return new Ovt(Name, values, n, Dim);
        }
    }

    private static EmbeddedDomain Embed(string path, WordVectors vectors, TextWorkloadOptions options)
    {
        bool folder = Directory.Exists(path);
        if (!folder && !File.Exists(path))
            throw new InputException(new InputError(path, null, null, "an existing domain folder or text file", "no such file or folder"));
        var trimmed = System.IO.Path.TrimEndingDirectorySeparator(path);
        string name = folder ? System.IO.Path.GetFileName(trimmed) : System.IO.Path.GetFileNameWithoutExtension(trimmed);

        // Candidates: a folder's documents are read only when reached; a file's samples are all in memory.
        IReadOnlyList<string>? documents = folder ? TextCorpus.FolderDocuments(path) : null;
        IReadOnlyList<TextSample>? samples = folder ? null : TextCorpus.FileSamples(path);
        int total = documents?.Count ?? samples!.Count;
        var order = Enumerable.Range(0, total).ToArray();
        var rng = new Rng(Rng.DeriveSeed(options.Seed, $"text/order/{name}"));
        for (int i = total - 1; i > 0; i--)
        {
            int swap = rng.NextInt(i + 1);
            (order[i], order[swap]) = (order[swap], order[i]);
        }

        int need = options.BufferSize + options.QueriesPerDomain, d = vectors.Dim;
        var means = new float[options.BufferSize * d];
        var queries = new List<Query>();
        var files = new List<string>();
        if (!folder) files.Add(path);
        int embedded = 0;
        foreach (int index in order)
        {
            if (embedded == need) break;
            string text;
            if (documents is not null)
            {
                files.Add(documents[index]);
                text = TextCorpus.ReadDocument(documents[index]);
            }
            else text = samples![index].Text;
            var rows = new List<float>();
            int words = 0;
            foreach (var word in TextCorpus.Words(text))
                if (vectors.TryGet(word, out var v))
                {
                    foreach (var x in v) rows.Add(x);
                    words++;
                }
            if (words == 0) continue;
            if (embedded < options.BufferSize)
            {
                var mean = means.AsSpan(embedded * d, d);
                var sums = new double[d];
                for (int w = 0; w < words; w++)
                    for (int c = 0; c < d; c++) sums[c] += rows[w * d + c];
                for (int c = 0; c < d; c++) mean[c] = (float)(sums[c] / words);
            }
            else
            {
                int m = Math.Min(words, options.QueryTokens ?? words);
                queries.Add(new Query(rows.GetRange(0, m * d).ToArray(), m, null));
            }
            embedded++;
        }
        if (embedded < need)
            throw new InputException(new InputError(path, null, null,
                $"at least {need} samples with a word in {System.IO.Path.GetFileName(vectors.Source)} (bufferSize {options.BufferSize} + queriesPerDomain {options.QueriesPerDomain})",
                $"{embedded} of {total} {(folder ? "documents" : "samples")}"));
        int distinct = RepresentativeSelection.DistinctRows(means, options.BufferSize, d);
        return new EmbeddedDomain(path, name, means, options.BufferSize, d, distinct, queries, files);
    }
}
