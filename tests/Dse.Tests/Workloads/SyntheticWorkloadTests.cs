using Dse.Workloads;

namespace Dse.Tests.Workloads;

public class SyntheticWorkloadTests
{
    private static readonly SyntheticWorkloadOptions Random = new(Regime: SyntheticRegime.RandomInit);
    private static readonly SyntheticWorkloadOptions Vocab = new(Regime: SyntheticRegime.VocabInit);

    [Fact]
    public void RandomInit_is_standard_normal_like_and_bounded()
    {
        var w = SyntheticWorkload.Generate(Random);
        var all = w.Store.Ovts.SelectMany(o => o.Values).Concat(w.Queries.Queries.SelectMany(q => q.Values)).ToArray();
        Assert.True(all.Max(Math.Abs) < 7);
        var mean = all.Average(v => (double)v);
        var std = Math.Sqrt(all.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(std, 0.95, 1.05);
        Assert.InRange(mean, -0.05, 0.05);
        Assert.Equal((16, 256), (w.Store.Ovts.Count, w.Store.Dim));
        Assert.All(w.Store.Ovts, o => Assert.Equal(20, o.Tokens));
        Assert.Empty(w.InputFiles);
    }

    [Fact]
    public void VocabInit_has_outlier_columns_and_shared_rows()
    {
        var w = SyntheticWorkload.Generate(Vocab);
        var d = w.Store.Dim;
        var rows = w.Store.Ovts.SelectMany(o => Enumerable.Range(0, o.Tokens).Select(r => o.Row(r).ToArray())).ToArray();
        var columnRms = Enumerable.Range(0, d).Select(c => Math.Sqrt(rows.Average(r => (double)r[c] * r[c]))).Order().ToArray();
        var median = columnRms[d / 2];
        var maxAbs = w.Store.MaxAbs();
        Assert.True(maxAbs >= 10 * median, $"max |v| {maxAbs} vs median column RMS {median}");
        Assert.True(maxAbs >= 7);

        // Row r of two domains is near-identical when both start from the shared vocabulary row.
        var a = w.Store.Ovts[0];
        var b = w.Store.Ovts[1];
        var close = Enumerable.Range(0, a.Tokens).Count(r => Distance(a.Row(r), b.Row(r)) < 0.5 * Distance(a.Row(r), a.Row((r + 1) % a.Tokens)));
        Assert.True(close >= a.Tokens / 2, $"{close} of {a.Tokens} rows shared");
        var randomClose = Enumerable.Range(0, a.Tokens).Count(r => Distance(a.Row(r), b.Row((r + 1) % a.Tokens)) < 0.5 * Distance(a.Row(r), a.Row((r + 1) % a.Tokens)));
        Assert.True(randomClose < close / 2);
    }

    [Theory]
    [InlineData(SyntheticRegime.RandomInit)]
    [InlineData(SyntheticRegime.VocabInit)]
    public void Same_seed_gives_identical_values_and_different_seed_differs(SyntheticRegime regime)
    {
        var options = new SyntheticWorkloadOptions(Prompts: 4, Dim: 32, Tokens: 6, Queries: 8, Regime: regime, DomainShift: 0.5, Seed: 17);
        var first = Flatten(SyntheticWorkload.Generate(options));
        Assert.Equal(first, Flatten(SyntheticWorkload.Generate(options)));
        Assert.NotEqual(first, Flatten(SyntheticWorkload.Generate(options with { Seed = 18 })));
    }

    [Theory]
    [InlineData(SyntheticRegime.RandomInit)]
    [InlineData(SyntheticRegime.VocabInit)]
    public void Rows_do_not_depend_on_how_many_tokens_are_generated(SyntheticRegime regime)
    {
        var options = new SyntheticWorkloadOptions(Prompts: 3, Dim: 16, Tokens: 12, Queries: 6, Regime: regime);
        var longer = SyntheticWorkload.Generate(options);
        var shorter = SyntheticWorkload.Generate(options with { Tokens = 5 });
        Assert.Equal(Flatten(shorter), Flatten(longer with { Store = longer.Store.Truncate(5) }));
    }

    [Theory]
    [InlineData(SyntheticRegime.RandomInit, 0.85)]
    [InlineData(SyntheticRegime.VocabInit, 0.85)]
    public void Defaults_are_retrievable_but_not_trivially_and_shift_makes_it_harder(SyntheticRegime regime, double atLeast)
    {
        var options = new SyntheticWorkloadOptions(Regime: regime, Queries: 512);
        var accuracy = NearestMeanAccuracy(SyntheticWorkload.Generate(options));
        Assert.InRange(accuracy, atLeast, 0.995);
        Assert.True(NearestMeanAccuracy(SyntheticWorkload.Generate(options with { DomainShift = 3 })) < accuracy);
    }

    [Fact]
    public void Labels_go_round_robin()
    {
        var w = SyntheticWorkload.Generate(new SyntheticWorkloadOptions(Prompts: 3, Dim: 8, Tokens: 2, Queries: 7));
        Assert.Equal([0, 1, 2, 0, 1, 2, 0], w.Queries.Queries.Select(q => q.Label!.Value));
        Assert.Equal(["domain-00", "domain-01", "domain-02"], w.Store.Ovts.Select(o => o.Name));
    }

    [Fact]
    public void Out_of_range_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticWorkload.Generate(new SyntheticWorkloadOptions(Prompts: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticWorkload.Generate(new SyntheticWorkloadOptions(DomainSignal: 1.0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticWorkload.Generate(new SyntheticWorkloadOptions(DomainShift: double.NaN)));
    }

    /// <summary>Cosine similarity of the mean query row with each OVT's mean row; fraction whose best match is the label.</summary>
    internal static double NearestMeanAccuracy(Workload w)
    {
        var d = w.Store.Dim;
        var means = w.Store.Ovts.Select(o => MeanRow(o.Values, o.Tokens, d)).ToArray();
        var correct = w.Queries.Queries.Count(q =>
        {
            var x = MeanRow(q.Values, q.Tokens, d);
            return Enumerable.Range(0, means.Length).MaxBy(j => Cosine(x, means[j])) == q.Label;
        });
        return (double)correct / w.Queries.Queries.Count;
    }

    private static double[] MeanRow(float[] values, int rows, int d)
    {
        var m = new double[d];
        for (var i = 0; i < values.Length; i++) m[i % d] += values[i] / (double)rows;
        return m;
    }

    private static double Cosine(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return Math.Sqrt(s);
    }

    private static float[] Flatten(Workload w) =>
        w.Store.Ovts.SelectMany(o => o.Values).Concat(w.Queries.Queries.SelectMany(q => q.Values)).ToArray();
}
