using Dse.Search;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Search;

public class RetrievalProblemTests
{
    [Theory]
    [InlineData(5, 2, 0, 0, 2)]
    [InlineData(5, 2, 1, 2, 5)]
    [InlineData(8, 4, 3, 6, 8)]
    [InlineData(1, 4, 3, 0, 1)]   // r < L: segment i is row floor(i r / L)
    [InlineData(3, 4, 2, 1, 2)]
    public void SegmentsFollowFloorBoundaries(int rows, int l, int i, int start, int end)
        => Assert.Equal((start, end), Pooling.Segment(rows, l, i));

    [Fact]
    public void PoolAveragesEachSegment()
    {
        // rows (1,2), (3,4), (5,6) into 2 segments: [0,1) -> (1,2); [1,3) -> (4,5).
        Assert.Equal([1f, 2f, 4f, 5f], Pooling.Pool([1, 2, 3, 4, 5, 6], 3, 2, 2));
    }

    [Fact]
    public void SsaScoreByHand()
    {
        // d = 2, one scale L = 1 (weight 1), cosine: score = cos(mean(X), mean(V_j)).
        // V0 = [(1,0),(1,0)], V1 = [(0,1),(1,1)] -> means (1,0) and (0.5,1). X = [(1,0.2)]: cos with V0 = 0.98, with V1 = 0.61.
        var store = new PromptStore([new Ovt("a", [1, 0, 1, 0], 2, 2), new Ovt("b", [0, 1, 1, 1], 2, 2)], 2);
        var queries = new QuerySet([new Query([1f, 0.2f], 1, 0), new Query([0.1f, 1f], 1, 1)], 2);
        var options = new SsaOptions([1], [1.0], true);
        foreach (var mapping in new[] { SsaMapping.DigitalPooling, SsaMapping.StoredScales })
        {
            var problem = new RetrievalProblem(store, queries, options, mapping);
            Assert.Equal((0, 0), problem.Score(0, problem.ExactReadout(0)));
            // Query 2: cos with V0 = 0.0995, with V1 = 0.96 -> SSA picks 1; MIPS: 0.1 vs 1.05 -> 1.
            Assert.Equal((1, 1), problem.Score(1, problem.ExactReadout(1)));
        }
    }

    [Fact]
    public void BothMappingsGiveTheSameExactPicks()
    {
        var (store, queries) = TestProblems.Random(6, 8, 32, 5, 6, 3, noise: 1.2);
        var pooled = new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling);
        var stored = new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.StoredScales);
        Assert.Equal(6 * 8, pooled.StoredCount);
        Assert.Equal(6 * 7, stored.StoredCount);
        for (int q = 0; q < queries.Queries.Count; q++)
            Assert.Equal(pooled.Score(q, pooled.ExactReadout(q)), stored.Score(q, stored.ExactReadout(q)));
    }

    [Fact]
    public void MipsIsTheInnerProductOfMeans()
    {
        // Not normalised: V0 mean (1,0) and V1 mean (3,3); X = (1, 0.1) -> MIPS 1 vs 3.3 picks 1 while SSA (cosine) picks 0.
        var store = new PromptStore([new Ovt("a", [1, 0], 1, 2), new Ovt("b", [3, 3], 1, 2)], 2);
        var queries = new QuerySet([new Query([1f, 0.1f], 1, 0)], 2);
        var problem = new RetrievalProblem(store, queries, SsaOptions.Default, SsaMapping.DigitalPooling);
        Assert.Equal((0, 1), problem.Score(0, problem.ExactReadout(0)));
    }
}
