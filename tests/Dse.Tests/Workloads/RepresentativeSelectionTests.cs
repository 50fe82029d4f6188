using Dse.Workloads;

namespace Dse.Tests.Workloads;

public class RepresentativeSelectionTests
{
    // Three well separated groups in 2-D; in each, the middle point lies on the group's centroid direction.
    private static readonly float[] Points =
    [
        10, 0.5f,   10, 0,   10, -0.5f,        // group A around (10, 0): index 1 is nearest by cosine
        0.5f, 9.5f, 0, 10,   -0.3f, 10.5f,     // group B around (0.067, 10): cosines 0.99895, 0.99998 (index 4), 0.99938
        -10, -10,   -9, -11, -11, -9,          // group C around (-10, -10): index 6 is exactly on the diagonal
    ];

    [Fact]
    public void Keeps_the_sample_nearest_each_centroid_by_cosine()
    {
        var chosen = RepresentativeSelection.Select(Points, 9, 2, 3, seed: 5);
        Assert.Equal([1, 4, 6], chosen);
    }

    [Fact]
    public void Deterministic_for_a_seed_and_distinct()
    {
        var a = RepresentativeSelection.Select(Points, 9, 2, 5, seed: 11);
        Assert.Equal(a, RepresentativeSelection.Select(Points, 9, 2, 5, seed: 11));
        Assert.Equal(5, a.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 9), RepresentativeSelection.Select(Points, 9, 2, 9, seed: 11));
    }

    [Fact]
    public void More_clusters_than_distinct_samples_is_rejected()
    {
        float[] twice = [1, 0, 1, 0, 0, 1];
        Assert.Equal(2, RepresentativeSelection.DistinctRows(twice, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => RepresentativeSelection.Select(twice, 3, 2, 3, seed: 1));
    }

    [Fact]
    public void Cosine_of_orthogonal_parallel_and_zero_vectors()
    {
        Assert.Equal(0, RepresentativeSelection.Cosine([1, 0], [0, 3]), 12);
        Assert.Equal(1, RepresentativeSelection.Cosine([1, 2], [2, 4]), 12);
        Assert.Equal(0, RepresentativeSelection.Cosine([0, 0], [2, 4]), 12);
    }
}
