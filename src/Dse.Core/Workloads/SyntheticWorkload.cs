using System.Globalization;
using Dse.Diagnostics;
using Dse.Randomness;

namespace Dse.Workloads;

/// <summary>Value regime of the synthetic OVTs (see docs/models.md#synthetic-prompts); both are seen in real trained prompts.</summary>
public enum SyntheticRegime
{
    /// <summary>Prompts initialised at random: values about N(0, 1), <c>|max| &lt; 7</c>.</summary>
    RandomInit,

    /// <summary>
    /// Prompts initialised from the vocabulary: heavy-tailed, a few outlier columns whose spikes reach
    /// 10-60x the typical magnitude, and OVTs of different domains sharing most of their rows.
    /// </summary>
    VocabInit,
}

/// <summary>The names of the <see cref="SyntheticRegime"/> values in sweep files and workload descriptions.</summary>
public static class SyntheticRegimes
{
    /// <summary>Each regime and its name.</summary>
    public static IReadOnlyList<(SyntheticRegime Value, string Name)> Names { get; } =
        [(SyntheticRegime.RandomInit, "randomInit"), (SyntheticRegime.VocabInit, "vocabInit")];
}

/// <summary>Options of the embedded synthetic workload (see docs/models.md#synthetic-prompts, source <c>synthetic</c>).</summary>
/// <param name="Prompts">N, number of domains (one OVT each). Range: <c>>= 1</c>.</param>
/// <param name="Dim">d, embedding width. Range: <c>>= 1</c>.</param>
/// <param name="Tokens">n, virtual tokens per OVT (the largest a sweep needs; see <see cref="StoreOps.Truncate"/>). Range: <c>>= 1</c>.</param>
/// <param name="Queries">Q, number of queries; labels go round-robin over the domains. Range: <c>>= 1</c>.</param>
/// <param name="QueryTokens">m, rows per query. Range: <c>>= 1</c>.</param>
/// <param name="Regime">Value regime.</param>
/// <param name="DomainShift">
/// Offset of each query's centre from its domain centroid, as a multiple of the spread of the
/// centroids (a fresh N(0, I) direction per query). 0 draws queries from exactly the OVT row
/// distribution; 1 moves them as far as a typical other domain. Range: finite, <c>>= 0</c>.
/// </param>
/// <param name="DomainSignal">
/// a, the std of a domain centroid's entries in units of the typical value std: the fraction
/// <c>a^2</c> of a row's variance that identifies its domain. Null takes the regime's default,
/// <see cref="SyntheticWorkload.RandomInitDomainSignal"/> or <see cref="SyntheticWorkload.VocabInitDomainSignal"/>.
/// Range: <c>0 &lt;= a &lt; 1</c>.
/// </param>
/// <param name="SharedRows">VocabInit only: probability that row r of an OVT starts from the vocabulary row every domain uses at r. Range: <c>[0, 1]</c>.</param>
/// <param name="Seed">Workload seed; every value depends on it and on its own coordinates only.</param>
public sealed record SyntheticWorkloadOptions(
    int Prompts = 16,
    int Dim = 256,
    int Tokens = 20,
    int Queries = 256,
    int QueryTokens = 8,
    SyntheticRegime Regime = SyntheticRegime.RandomInit,
    double DomainShift = 0.0,
    double? DomainSignal = null,
    double SharedRows = 0.8,
    ulong Seed = 1);

/// <summary>
/// The embedded default workload: a deterministic synthetic prompt store and labelled queries,
/// no files needed.
/// </summary>
/// <remarks>
/// <para>Model (all draws from <see cref="Rng"/> streams derived from <c>Seed</c> and a key):</para>
/// <para><b>RandomInit</b>: domain centroid <c>c_j ~ N(0, I_d)</c> (key <c>centroid/j</c>); OVT row
/// <c>v_jr = a c_j + sqrt(1 - a^2) z</c>, <c>z ~ N(0, I_d)</c> (key <c>ovt/j/r</c>), clamped to
/// <c>±6</c> so <c>|max| &lt; 7</c> holds by construction (a 6-sigma clamp, practically never active).</para>
/// <para><b>VocabInit</b>: a vocabulary of <see cref="VocabularySize"/> rows (key <c>vocab/k</c>), values
/// <c>g_c N(0, 1)</c> with per-column scales <c>g_c = exp(0.25 N(0, 1))</c>; in
/// <c>1 + d / 256</c> outlier columns a row spikes with probability <see cref="SpikeProbability"/> to
/// <c>s_c U(10, 60) g_c</c>, <c>s_c</c> a per-column sign (key <c>columns</c>). This mimics the real
/// SQuAD T5 prompts, whose largest entry is about 50x the median column RMS and sits in one or two
/// columns. Row r of OVT j starts from the vocabulary row <c>k_r</c> shared by all domains (key
/// <c>init/r</c>) with probability <c>SharedRows</c>, else from its own pick, and adds the trained
/// part <c>a c_j ⊙ g + 0.1 z ⊙ g</c>.</para>
/// <para><b>Queries</b>: query q has label <c>q mod N</c> and centre <c>c_j + DomainShift s_q</c>,
/// <c>s_q ~ N(0, I_d)</c> (key <c>query/q</c>); its m rows are drawn exactly like OVT rows around that
/// centre (for VocabInit, from a fresh vocabulary-distributed row instead of a pooled one).</para>
/// <para>Row r of OVT j depends only on (Seed, j, r), and query q only on (Seed, q, N): truncating
/// <c>Tokens</c> or adding domains leaves the other values unchanged.</para>
/// </remarks>
public static class SyntheticWorkload
{
    /// <summary>Rows of the VocabInit vocabulary pool.</summary>
    public const int VocabularySize = 4096;

    /// <summary>VocabInit: probability that a vocabulary row spikes in an outlier column.</summary>
    public const double SpikeProbability = 0.05;

    /// <summary>VocabInit: std of the per-row trained noise, in units of the typical value std.</summary>
    public const double TrainingNoise = 0.1;

    /// <summary>
    /// Default domain signal of RandomInit. With the other defaults (16 domains, d = 256, n = 20,
    /// m = 8) cosine nearest-mean retrieval on exact values scores about 0.95 (0.81 at n = 10, 1.0 at n = 50).
    /// </summary>
    public const double RandomInitDomainSignal = 0.15;

    /// <summary>
    /// Default domain signal of VocabInit, larger than RandomInit's because shared vocabulary rows
    /// and outlier spikes hide the domains: about 0.94 nearest-mean accuracy at the defaults.
    /// </summary>
    public const double VocabInitDomainSignal = 0.3;

    private const double RandomInitClamp = 6.0;

    /// <summary>The domain signal used for <paramref name="options"/>: its own, or the regime's default.</summary>
    /// <param name="options">Workload options.</param>
    /// <returns>a, dimensionless.</returns>
    public static double EffectiveDomainSignal(SyntheticWorkloadOptions options) =>
        options.DomainSignal ?? (options.Regime == SyntheticRegime.VocabInit ? VocabInitDomainSignal : RandomInitDomainSignal);

    /// <summary>Generates the workload described by <paramref name="options"/>.</summary>
    /// <param name="options">Sizes, regime, difficulty and seed.</param>
    /// <returns>
    /// N OVTs <c>[Tokens, Dim]</c> named <c>domain-00</c>, <c>domain-01</c>, ...; <c>Queries</c> labelled
    /// queries <c>[QueryTokens, Dim]</c>; no input files.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">When an option is outside its range.</exception>
    /// <param name="calibrationQueries">Held-out queries for ADC calibration (<see cref="Workload.CalibrationQueries"/>), drawn after the
    /// scored ones; 0: none. Range: &gt;= 0.</param>
    public static Workload Generate(SyntheticWorkloadOptions options, int calibrationQueries = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(calibrationQueries);
        Validate(options);
        var model = new Model(options);
        var ovts = new Ovt[options.Prompts];
        var width = Math.Max(2, options.Prompts.ToString(CultureInfo.InvariantCulture).Length);
        for (var j = 0; j < options.Prompts; j++)
        {
            var values = new float[options.Tokens * options.Dim];
            for (var r = 0; r < options.Tokens; r++) model.OvtRow(j, r, values.AsSpan(r * options.Dim, options.Dim));
            ovts[j] = new Ovt("domain-" + j.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'), values, options.Tokens, options.Dim);
        }
        var queries = new Query[options.Queries];
        for (var q = 0; q < options.Queries; q++) queries[q] = model.Query(q);
        // Query q depends only on (seed, q): the calibration queries are the next ones, disjoint from the scored ones.
        var calibration = new Query[calibrationQueries];
        for (var q = 0; q < calibrationQueries; q++) calibration[q] = model.Query(options.Queries + q);

        var store = new PromptStore(ovts, options.Dim);
        var regime = ValueNames.NameOf(SyntheticRegimes.Names, options.Regime);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"synthetic {regime}: {options.Prompts} OVTs [{options.Tokens}, {options.Dim}], max |v| = {store.MaxAbs():G4}; " +
            $"{options.Queries} queries of m = {options.QueryTokens} rows, domain signal {EffectiveDomainSignal(options):G3}, shift {options.DomainShift:G3}, seed {options.Seed}");
        return new Workload(store, new QuerySet(queries, options.Dim), description, [])
        {
            CalibrationQueries = calibrationQueries > 0 ? new QuerySet(calibration, options.Dim) : null,
        };
    }

    private static void Validate(SyntheticWorkloadOptions o)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Prompts, 1, nameof(o.Prompts));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Dim, 1, nameof(o.Dim));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Tokens, 1, nameof(o.Tokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Queries, 1, nameof(o.Queries));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.QueryTokens, 1, nameof(o.QueryTokens));
        if (!Enum.IsDefined(o.Regime)) throw new ArgumentOutOfRangeException(nameof(o.Regime), o.Regime, "Unknown regime.");
        if (!double.IsFinite(o.DomainShift) || o.DomainShift < 0)
            throw new ArgumentOutOfRangeException(nameof(o.DomainShift), o.DomainShift, "Must be finite and >= 0.");
        if (o.DomainSignal is double a && !(a >= 0 && a < 1))
            throw new ArgumentOutOfRangeException(nameof(o.DomainSignal), o.DomainSignal, "Must be in [0, 1).");
        if (!(o.SharedRows >= 0 && o.SharedRows <= 1))
            throw new ArgumentOutOfRangeException(nameof(o.SharedRows), o.SharedRows, "Must be in [0, 1].");
    }

    /// <summary>The seed-derived fixed parts (centroids, column scales, outlier columns) and the row recipes.</summary>
    private sealed class Model
    {
        private readonly SyntheticWorkloadOptions _o;
        private readonly double _signal;
        private readonly float[][] _centroids;
        private readonly float[] _columnScale;
        private readonly float[] _spikeSign;

        public Model(SyntheticWorkloadOptions o)
        {
            _o = o;
            _signal = EffectiveDomainSignal(o);
            _centroids = new float[o.Prompts][];
            for (var j = 0; j < o.Prompts; j++)
            {
                _centroids[j] = new float[o.Dim];
                Stream($"centroid/{j}").FillGaussian(_centroids[j], 0, 1);
            }
            _columnScale = new float[o.Dim];
            _spikeSign = new float[o.Dim];
            if (o.Regime == SyntheticRegime.VocabInit)
            {
                var rng = Stream("columns");
                for (var c = 0; c < o.Dim; c++) _columnScale[c] = (float)Math.Exp(0.25 * rng.NextGaussian());
                var order = Enumerable.Range(0, o.Dim).ToArray();
                var outliers = Math.Min(o.Dim, 1 + o.Dim / 256);
                for (var i = 0; i < outliers; i++)
                {
                    var swap = i + rng.NextInt(o.Dim - i);
                    (order[i], order[swap]) = (order[swap], order[i]);
                    _spikeSign[order[i]] = rng.NextDouble() < 0.5 ? -1f : 1f;
                }
            }
            else
            {
                Array.Fill(_columnScale, 1f);
            }
        }

        public void OvtRow(int j, int r, Span<float> row)
        {
            var rng = Stream($"ovt/{j}/{r}");
            if (_o.Regime == SyntheticRegime.RandomInit)
            {
                RandomInitRow(rng, _centroids[j], null, 0, row);
                return;
            }
            var shared = Stream($"init/{r}").NextInt(VocabularySize);
            var k = rng.NextDouble() < _o.SharedRows ? shared : rng.NextInt(VocabularySize);
            VocabRow(Stream($"vocab/{k}"), row);
            AddTrained(rng, _centroids[j], null, 0, row);
        }

        public Query Query(int q)
        {
            var j = q % _o.Prompts;
            var rng = Stream($"query/{q}");
            var shift = new float[_o.Dim];
            rng.FillGaussian(shift, 0, 1);
            var values = new float[_o.QueryTokens * _o.Dim];
            for (var t = 0; t < _o.QueryTokens; t++)
            {
                var row = values.AsSpan(t * _o.Dim, _o.Dim);
                if (_o.Regime == SyntheticRegime.RandomInit)
                {
                    RandomInitRow(rng, _centroids[j], shift, _o.DomainShift, row);
                }
                else
                {
                    VocabRow(rng, row);
                    AddTrained(rng, _centroids[j], shift, _o.DomainShift, row);
                }
            }
            return new Query(values, _o.QueryTokens, j);
        }

        private void RandomInitRow(Rng rng, float[] centroid, float[]? shift, double shiftScale, Span<float> row)
        {
            var a = _signal;
            var b = Math.Sqrt(1 - a * a);
            for (var c = 0; c < row.Length; c++)
            {
                var centre = centroid[c] + (shift is null ? 0 : shiftScale * shift[c]);
                row[c] = (float)Math.Clamp(a * centre + b * rng.NextGaussian(), -RandomInitClamp, RandomInitClamp);
            }
        }

        private void VocabRow(Rng rng, Span<float> row)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var typical = rng.NextGaussian();
                var spike = _spikeSign[c] != 0 && rng.NextDouble() < SpikeProbability;
                var value = spike ? _spikeSign[c] * (10 + 50 * rng.NextDouble()) : typical;
                row[c] = (float)(_columnScale[c] * value);
            }
        }

        private void AddTrained(Rng rng, float[] centroid, float[]? shift, double shiftScale, Span<float> row)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var centre = centroid[c] + (shift is null ? 0 : shiftScale * shift[c]);
                row[c] += (float)(_columnScale[c] * (_signal * centre + TrainingNoise * rng.NextGaussian()));
            }
        }

        private Rng Stream(string key) => new(Rng.DeriveSeed(_o.Seed, key));
    }
}
