using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Dse.Workloads;

/// <summary>
/// NVCiM-PT's representative selection: cluster a buffer of samples (by their mean embedding vectors) into
/// k groups with k-means and keep, per cluster centre, the sample nearest to it by cosine similarity.
/// </summary>
/// <remarks>
/// Source: Qin et al., "NVCiM-PT", DATE 2025, §III (representative selection over a buffer of user inputs,
/// buffer size 25). k-means is ML.NET's <see cref="KMeansTrainer"/> (k-means++ initialisation, Lloyd
/// iterations, one thread) seeded with the given seed, so a seed gives the same selection on every run.
/// </remarks>
public static class RepresentativeSelection
{
    /// <summary>Selects <paramref name="k"/> representatives of <paramref name="points"/>.</summary>
    /// <param name="points">The buffer's mean vectors, row-major <c>[count, dim]</c>.</param>
    /// <param name="count">Number of samples in the buffer. Range: <c>>= 1</c>.</param>
    /// <param name="dim">d, the width of each vector. Range: <c>>= 1</c>.</param>
    /// <param name="k">Number of representatives (clusters). Range: <c>1 &lt;= k &lt;= </c> the number of distinct vectors.</param>
    /// <param name="seed">Seed of the k-means++ initialisation (derive it with <see cref="Randomness.Rng.DeriveSeed"/>).</param>
    /// <returns>
    /// <c>k</c> distinct buffer indices in ascending order. Centres are visited in order of cluster size
    /// (largest first, ties by centre index) and each takes the sample of highest cosine similarity to it
    /// not yet taken by an earlier centre, so two centres never share a representative.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">When a size is outside its range or the buffer has fewer than <paramref name="k"/> distinct vectors.</exception>
    public static int[] Select(float[] points, int count, int dim, int k, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (points.Length != (long)count * dim) throw new ArgumentException($"Expected {count} x {dim} values.", nameof(points));
        int distinct = DistinctRows(points, count, dim);
        if (k > distinct)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Only {distinct} distinct vectors among {count} samples.");

        var centres = KMeans(points, count, dim, k, seed);
        var sizes = new int[k];
        for (int i = 0; i < count; i++) sizes[Nearest(points.AsSpan(i * dim, dim), centres, k, dim)]++;
        var order = Enumerable.Range(0, k).OrderByDescending(c => sizes[c]).ThenBy(c => c).ToArray();
        var taken = new bool[count];
        var chosen = new int[k];
        for (int o = 0; o < k; o++)
        {
            var centre = centres.AsSpan(order[o] * dim, dim);
            int best = -1;
            double bestSimilarity = double.NegativeInfinity;
            for (int i = 0; i < count; i++)
            {
                if (taken[i]) continue;
                double similarity = Cosine(points.AsSpan(i * dim, dim), centre);
                if (similarity > bestSimilarity) { bestSimilarity = similarity; best = i; }
            }
            taken[best] = true;
            chosen[o] = best;
        }
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>Cosine similarity of two vectors; 0 when either is zero.</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <returns><c>a.b / (|a| |b|)</c> in <c>[-1, 1]</c>, accumulated in double precision.</returns>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : 0;
    }

    private static float[] KMeans(float[] points, int count, int dim, int k, ulong seed)
    {
        var ml = new MLContext(seed: (int)(seed & int.MaxValue));
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dim);
        var rows = Enumerable.Range(0, count).Select(i => new Row { Features = points.AsSpan(i * dim, dim).ToArray() }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(Row.Features),
            NumberOfClusters = k,
            NumberOfThreads = 1,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
        });
        var model = trainer.Fit(data).Model;
        VBuffer<float>[] centroids = [];
        model.GetClusterCentroids(ref centroids, out int found);
        var result = new float[k * dim];
        for (int c = 0; c < found; c++) centroids[c].CopyTo(result.AsSpan(c * dim, dim));
        return result;
    }

    private static int Nearest(ReadOnlySpan<float> point, float[] centres, int k, int dim)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < k; c++)
        {
            var centre = centres.AsSpan(c * dim, dim);
            double distance = 0;
            for (int i = 0; i < dim; i++) distance += ((double)point[i] - centre[i]) * ((double)point[i] - centre[i]);
            if (distance < bestDistance) { bestDistance = distance; best = c; }
        }
        return best;
    }

    /// <summary>Number of distinct rows (bitwise) of <paramref name="points"/>: the largest k <see cref="Select"/> accepts.</summary>
    /// <param name="points">Row-major <c>[count, dim]</c>.</param>
    /// <param name="count">Rows.</param>
    /// <param name="dim">Row width.</param>
    /// <returns>Between 1 and <paramref name="count"/> (0 when count is 0).</returns>
    public static int DistinctRows(float[] points, int count, int dim)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
            seen.Add(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(points.AsSpan(i * dim, dim))));
        return seen.Count;
    }

    /// <summary>One ML.NET input row: a sample's mean vector.</summary>
    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
