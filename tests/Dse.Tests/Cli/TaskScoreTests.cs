using System.Text.Json.Nodes;
using Dse.Exploration;
using Dse.Pareto;
using Dse.Tests.Shared;
using Dse.Tests.Workloads;

namespace Dse.Tests.Cli;

/// <summary>The edge LLM's task score from a measured matrix (<c>workload.taskScores</c>): by hand, as accuracy under an identity
/// matrix, and changing the front on real text where the matrix says it should.</summary>
public class TaskScoreTests
{
    /// <summary>Three orthogonal one-token OVTs and six labelled queries, each leaning towards its label (so the exact SSA pick is the
    /// label) but close enough to a neighbour that noisy 3-bit reads confuse them.</summary>
    private static JsonObject HandBuilt(string dir, string scores)
    {
        string store = Path.Combine(dir, "store.npy"), queries = Path.Combine(dir, "queries.npy"), labels = Path.Combine(dir, "labels.npy");
        NpyWriter.WriteFloats(store, "<f4", false, [3, 1, 4], [4, 0, 0, 1, 0, 4, 0, 1, 0, 0, 4, 1]);
        NpyWriter.WriteFloats(queries, "<f4", false, [6, 1, 4],
            [2.2f, 1.8f, 0, 1, 2.4f, 0, 1.6f, 1, 1.9f, 2.1f, 0, 1, 0, 2.3f, 1.7f, 1, 1.5f, 0, 2.5f, 1, 0, 1.8f, 2.2f, 1]);
        NpyWriter.WriteInt64(labels, [0, 0, 1, 1, 2, 2]);
        return new JsonObject
        {
            ["name"] = "task-score",
            ["devices"] = new JsonArray("rram1"),
            ["crossbar"] = new JsonArray("32x32"),
            ["cellBits"] = new JsonArray(2),
            ["adcBits"] = new JsonArray(3, 8),
            ["sigmaScale"] = new JsonArray(1, 3),
            ["workload"] = new JsonObject { ["kind"] = "tensors", ["store"] = store, ["queries"] = queries, ["labels"] = labels, ["taskScores"] = scores },
            ["mc"] = new JsonObject { ["trials"] = 6, ["seed"] = 3 },
        };
    }

    private static IReadOnlyList<PointResult> Run(JsonObject sweep)
    {
        return CliRunner.Sweep(TestSweeps.Write(sweep)).Points;
    }

    [Fact]
    public void TaskScoreIsTheMatrixWeightedConfusionAndExactRetrievalScoresTheDiagonal()
    {
        var dir = TestPaths.NewTempDir();
        string scores = Path.Combine(dir, "scores.csv");
        File.WriteAllText(scores, "ovt,ovt-00,ovt-01,ovt-02\novt-00,0.9,0.6,0.1\novt-01,0.3,0.8,0.2\novt-02,0.0,0.5,0.7\n");
        double[,] s = { { 0.9, 0.6, 0.1 }, { 0.3, 0.8, 0.2 }, { 0.0, 0.5, 0.7 } };
        var points = Run(HandBuilt(dir, scores));
        Assert.Contains(points, p => p.Confusion!.Any(c => c.True != c.Picked));
        foreach (var p in points)
        {
            // Exact SSA picks the label of every query: (0.9 + 0.9 + 0.8 + 0.8 + 0.7 + 0.7) / 6.
            Assert.Equal(0.8, p.TaskScoreExact!.Value, 12);
            double byHand = p.Confusion!.Sum(c => c.Count * s[c.True, c.Picked]) / (p.Trials * p.Queries);
            Assert.Equal(byHand, p.TaskScore!.Mean, 12);
            Assert.Equal(0.8 - p.TaskScore.Mean, p.TaskScoreLoss!.Value, 12);
        }
    }

    [Fact]
    public void AnIdentityMatrixScoresTheAccuracy()
    {
        var dir = TestPaths.NewTempDir();
        string scores = Path.Combine(dir, "identity.npy");
        NpyWriter.WriteDoubles(scores, [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
        foreach (var p in Run(HandBuilt(dir, scores)))
        {
            Assert.Equal(p.Accuracy, p.TaskScore);
            Assert.Equal(1.0, p.TaskScoreExact);
        }
    }

    [Fact]
    public void TheObjectiveNeedsAMatrixAndTheMatrixNeedsLabels()
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep["objectives"] = new JsonArray("taskScore", "energy");
        var result = CliRunner.Run("sweep", TestSweeps.Write(sweep), "--out", Path.Combine(TestPaths.NewTempDir(), "run"), "--quiet");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.objectives", result.Stderr);

        var dir = TestPaths.NewTempDir();
        string scores = Path.Combine(dir, "scores.npy");
        NpyWriter.WriteDoubles(scores, [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
        var unlabelled = HandBuilt(dir, scores);
        unlabelled["workload"]!.AsObject().Remove("labels");
        result = CliRunner.Run("sweep", TestSweeps.Write(unlabelled), "--out", Path.Combine(TestPaths.NewTempDir(), "run"), "--quiet");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.workload.taskScores", result.Stderr);
    }

    /// <summary>Fortune categories and two long texts grouped into families: a neighbour's prompt costs the LLM little, another family's a lot.</summary>
    private static readonly string[][] Families =
    [
        ["computers", "linux", "science"], ["art", "songs-poems", "love"], ["kids", "pets", "education", "work", "wisdom"], ["politics", "sotu"], ["moby-dick"],
    ];

    [Fact]
    [Trait("Category", "Long")]
    public void OnRealTextTheFrontUnderTaskScoreFavoursDesignsWhoseMistakesStayInTheFamily()
    {
        string text = Path.Combine(TestPaths.SharedData, "text");
        var domains = Directory.GetFiles(Path.Combine(text, "fortunes"), "*.txt").Order(StringComparer.Ordinal)
            .Append(Path.Combine(text, "moby-dick")).Append(Path.Combine(text, "sotu")).ToArray();
        var names = domains.Select(d => Path.GetFileNameWithoutExtension(d)).ToArray();
        int Family(string name) => Array.FindIndex(Families, f => f.Contains(name));
        string scores = Path.Combine(TestPaths.NewTempDir(), "scores.csv");
        File.WriteAllLines(scores, names.Select((row, i) => row + "," + string.Join(",", names.Select(col => col == row ? "1" : Family(col) == Family(row) ? "0.9" : "0.2")))
            .Prepend("ovt," + string.Join(",", names)));
        var sweep = new JsonObject
        {
            ["name"] = "text-task-score",
            ["devices"] = new JsonArray("rram1", "fefet2", "fefet6"),
            ["crossbar"] = new JsonArray("64x64", "128x128"),
            ["cellBits"] = new JsonArray(1, 2),
            ["adcBits"] = new JsonArray(3, 4, 6),
            ["virtualTokens"] = new JsonArray(4),
            ["sigmaScale"] = new JsonArray(1, 2),
            ["workload"] = new JsonObject
            {
                ["kind"] = "text", ["domains"] = new JsonArray(domains.Select(d => (JsonNode)d).ToArray()),
                ["vectors"] = Path.Combine(TestPaths.SharedData, "vectors", "glove-100d-25k.txt"),
                ["bufferSize"] = 10, ["queriesPerDomain"] = 8, ["queryTokens"] = 32, ["taskScores"] = scores,
            },
            ["mc"] = new JsonObject { ["trials"] = 4, ["seed"] = 1 },
            ["objectives"] = new JsonArray("taskScore", "energy", "area"),
        };
        var points = Run(sweep);
        var byAccuracy = ParetoFront.Compute(points.ToArray(), [Objective.Accuracy, Objective.Energy, Objective.Area]);
        var byTask = ParetoFront.Compute(points.ToArray(), [Objective.TaskScore, Objective.Energy, Objective.Area]);
        var gained = byTask.Where(p => !byAccuracy.Any(a => a.Key == p.Key)).ToList();
        Assert.NotEmpty(gained);

        // Of a design's mistakes, the share that stays in the true domain's family: what the matrix rewards.
        double InFamily(PointResult p)
        {
            var wrong = p.Confusion!.Where(c => c.True != c.Picked).ToList();
            return wrong.Sum(c => Family(names[c.True]) == Family(names[c.Picked]) ? c.Count : 0) / (double)Math.Max(1, wrong.Sum(c => c.Count));
        }
        foreach (var p in gained)
        {
            // The accuracy-front designs that beat p on accuracy at no higher cost lose on task score because their mistakes leave the family.
            var beaters = byAccuracy.Where(a => a.EnergyJ <= p.EnergyJ && a.AreaMm2 <= p.AreaMm2 && a.ObjectiveAccuracy >= p.ObjectiveAccuracy).ToList();
            Assert.All(beaters, a => Assert.True(InFamily(a) < InFamily(p) && a.TaskScore!.Mean < p.TaskScore!.Mean,
                $"{p.Key} (in-family {InFamily(p):F3}, task {p.TaskScore!.Mean:F4}, accuracy {p.ObjectiveAccuracy:F4}) vs {a.Key} (in-family {InFamily(a):F3}, task {a.TaskScore!.Mean:F4}, accuracy {a.ObjectiveAccuracy:F4})"));
        }
    }
}
