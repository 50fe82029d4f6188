using System.Text.Json.Nodes;
using Dse.Reports;
using Dse.Tests.Shared;
using Dse.Tests.Workloads;

namespace Dse.Tests.Cli;

/// <summary>The <c>tensors</c> workload through the command line: .npy and .safetensors inputs, and bad files exiting 2.</summary>
public class TensorsWorkloadTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    /// <summary>N = 3 OVTs [4, 8] with well separated directions; 6 queries [2, 8] near them; labels 0,1,2,0,1,2.</summary>
    private (float[] Store, float[] Queries, long[] Labels) Data()
    {
        var rng = new Dse.Randomness.Rng(5);
        var store = new float[3 * 4 * 8];
        for (int j = 0; j < 3; j++)
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 8; c++) store[(j * 4 + r) * 8 + c] = (c % 3 == j ? 2f : 0f) + 0.1f * (float)rng.NextGaussian();
        var queries = new float[6 * 2 * 8];
        var labels = new long[6];
        for (int q = 0; q < 6; q++)
        {
            labels[q] = q % 3;
            for (int r = 0; r < 2; r++)
                for (int c = 0; c < 8; c++) queries[(q * 2 + r) * 8 + c] = (c % 3 == q % 3 ? 2f : 0f) + 0.1f * (float)rng.NextGaussian();
        }
        return (store, queries, labels);
    }

    private string Sweep(JsonObject workload)
    {
        var sweep = TestSweeps.TinySynthetic();
        sweep.Remove("virtualTokens");
        sweep["mc"]!.AsObject().Remove("queries");
        sweep["workload"] = workload;
        var path = Path.Combine(_dir, "sweep.json");
        File.WriteAllText(path, sweep.ToJsonString());
        return path;
    }

    [Fact]
    public void Npy_store_queries_and_labels_are_retrieved()
    {
        var (store, queries, labels) = Data();
        NpyWriter.WriteFloats(Path.Combine(_dir, "store.npy"), "<f4", true, [3, 4, 8], store, major: 2);
        NpyWriter.WriteFloats(Path.Combine(_dir, "queries.npy"), "<f8", false, [6, 2, 8], queries);
        NpyWriter.WriteInt64(Path.Combine(_dir, "labels.npy"), labels);
        var path = Sweep(new JsonObject { ["kind"] = "tensors", ["store"] = "store.npy", ["queries"] = "queries.npy", ["labels"] = "labels.npy" });
        var outDir = Path.Combine(_dir, "run");
        var result = CliRunner.Run("sweep", path, "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var points = PointJson.ReadAll(Path.Combine(outDir, "points.jsonl")).Points;
        Assert.All(points, p => Assert.Equal((8, 6, 4), (p.Dim, p.Queries, p.VirtualTokens)));
        Assert.All(points, p => Assert.Equal(1.0, p.DigitalAccuracy));
    }

    [Fact]
    public void Safetensors_store_and_queries_without_labels()
    {
        var (store, queries, _) = Data();
        SafetensorsWriter.Write(Path.Combine(_dir, "store.safetensors"), "ovts", "F32", [3, 4, 8], store);
        SafetensorsWriter.Write(Path.Combine(_dir, "queries.safetensors"), "q", "F16", [6, 2, 8], queries);
        var path = Sweep(new JsonObject { ["kind"] = "tensors", ["store"] = "store.safetensors", ["queries"] = "queries.safetensors" });
        var outDir = Path.Combine(_dir, "run");
        var result = CliRunner.Run("sweep", path, "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.All(PointJson.ReadAll(Path.Combine(outDir, "points.jsonl")).Points, p => Assert.Null(p.Accuracy));
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4, 8), }", 16, "store.npy", "truncated")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4, 8) ", 384, "store.npy", "Python dict literal")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (3, 4, 8), }", 768, "store.npy", "'<c8'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (96,), }", 384, "store.npy", "[N, n, d]")]
    public void Bad_npy_headers_exit_2(string dict, int dataBytes, string file, string mention)
    {
        var (_, queries, labels) = Data();
        NpyWriter.WriteRaw(Path.Combine(_dir, "store.npy"), dict, new byte[dataBytes]);
        NpyWriter.WriteFloats(Path.Combine(_dir, "queries.npy"), "<f4", false, [6, 2, 8], queries);
        NpyWriter.WriteInt64(Path.Combine(_dir, "labels.npy"), labels);
        var path = Sweep(new JsonObject { ["kind"] = "tensors", ["store"] = "store.npy", ["queries"] = "queries.npy", ["labels"] = "labels.npy" });
        var outDir = Path.Combine(_dir, "run");
        var result = CliRunner.Run("sweep", path, "--out", outDir, "--quiet");
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.False(Directory.Exists(outDir));
        Assert.Contains(file, result.Stderr);
        Assert.Contains(mention, result.Stderr);
    }

    [Fact]
    public void Labels_outside_the_store_and_wrong_width_are_reported_together()
    {
        var (store, _, _) = Data();
        NpyWriter.WriteFloats(Path.Combine(_dir, "store.npy"), "<f4", false, [3, 4, 8], store);
        NpyWriter.WriteFloats(Path.Combine(_dir, "queries.npy"), "<f4", false, [6, 2, 4], new float[48]);
        NpyWriter.WriteInt64(Path.Combine(_dir, "labels.npy"), [0, 1, 2, 3, 0, 1]);
        var path = Sweep(new JsonObject { ["kind"] = "tensors", ["store"] = "store.npy", ["queries"] = "queries.npy", ["labels"] = "labels.npy" });
        var result = CliRunner.Run("sweep", path, "--out", Path.Combine(_dir, "run"), "--quiet");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("d = 4", result.Stderr);
        Assert.Contains("labels in 0..2", result.Stderr);
    }
}
