using Dse.Diagnostics;
using Dse.Workloads;

namespace Dse.Tests.Workloads;

public class PcaCompressionTests
{
    /// <summary>Rows <c>mean + u_i p + w_i q</c>: centred rank 2 in d = 6.</summary>
    private static PromptStore RankTwoStore()
    {
        float[] mean = [1, -2, 0.5f, 3, 0, -1];
        float[] p = [1, 2, 0, -1, 0.5f, 0];
        float[] q = [0, 1, -1, 1, 2, -0.5f];
        (float U, float W)[] coefficients = [(1, 0), (-2, 1), (0.5f, 3), (2, -1), (0, -2), (-1.5f, -1), (0, 0.5f)];
        var values = coefficients.SelectMany(k => mean.Select((m, c) => m + k.U * p[c] + k.W * q[c])).ToArray();
        return new PromptStore([new Ovt("a", values[..24], 4, 6), new Ovt("b", values[24..], 3, 6)], 6);
    }

    [Fact]
    public void Rank_two_store_projected_to_two_dims_keeps_centred_inner_products()
    {
        var store = RankTwoStore();
        var pca = PcaCompression.Fit(store, 2, "sweep.json");
        Assert.Equal(1.0, pca.RetainedVariance, 1e-9);
        var projected = pca.Project(store);
        Assert.Equal(2, projected.Dim);
        Assert.Equal([4, 3], projected.Ovts.Select(o => o.Tokens));

        var original = store.Ovts.SelectMany(o => Rows(o.Values, 6)).ToArray();
        var mean = Enumerable.Range(0, 6).Select(c => original.Average(r => (double)r[c])).ToArray();
        var centred = original.Select(r => r.Select((v, c) => v - mean[c]).ToArray()).ToArray();
        var reduced = projected.Ovts.SelectMany(o => Rows(o.Values, 2)).ToArray();
        for (var i = 0; i < centred.Length; i++)
            for (var j = 0; j < centred.Length; j++)
                Assert.Equal(Dot(centred[i], centred[j]), Dot(reduced[i].Select(v => (double)v).ToArray(), reduced[j].Select(v => (double)v).ToArray()), 1e-3);
    }

    [Fact]
    public void Fewer_dims_than_rank_lose_variance_and_queries_use_the_same_map()
    {
        var store = RankTwoStore();
        var pca = PcaCompression.Fit(store, 1, "sweep.json");
        Assert.InRange(pca.RetainedVariance, 0.5, 0.999);
        var queries = new QuerySet([new Query(store.Ovts[0].Values[..12], 2, 0)], 6);
        var projected = pca.Project(queries);
        Assert.Equal(1, projected.Dim);
        Assert.Equal(pca.Project(store).Ovts[0].Values[..2], projected.Queries[0].Values);
        Assert.Equal(0, projected.Queries[0].Label);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Out_of_range_dimension_is_an_input_error(int outputDim)
    {
        var e = Assert.Throws<InputException>(() => PcaCompression.Fit(RankTwoStore(), outputDim, "sweep.json"));
        var error = Assert.Single(e.Errors);
        Assert.Equal("sweep.json", error.File);
        Assert.Equal("compressedDim", error.Path);
        Assert.Contains("min(stored rows 7, d 6) = 6", e.Message);
    }

    [Fact]
    public void Truncate_keeps_leading_rows()
    {
        var original = RankTwoStore();
        var store = original.Truncate(3);
        Assert.Equal([3, 3], store.Ovts.Select(o => o.Tokens));
        Assert.Equal(original.Ovts[0].Values[..18], store.Ovts[0].Values);
        Assert.Same(original.Ovts[1], store.Ovts[1]);
    }

    [Fact]
    [Trait("Category", "Long")]
    public void Real_store_compresses_with_retained_variance_in_unit_interval()
    {
        var paths = new[] { 1, 5, 10, 20, 50 }.Select(n => Path.Combine(Dse.Tests.Shared.TestPaths.SharedData, "prompts", "squad-t5", $"SQuAD_t5-base_n{n}.safetensors")).ToArray();
        var w = PeftWorkload.Load(paths, new PeftWorkloadOptions());
        var pca = PcaCompression.Fit(w.Store, 32, "test");
        Assert.InRange(pca.RetainedVariance, 0.5, 1.0);
        Assert.Equal(1.0, PcaCompression.Fit(w.Store, 86, "test").RetainedVariance, 1e-6);
        Assert.Equal(32, pca.Project(w.Queries).Dim);
    }

    private static float[][] Rows(float[] values, int d) => values.Chunk(d).ToArray();

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
