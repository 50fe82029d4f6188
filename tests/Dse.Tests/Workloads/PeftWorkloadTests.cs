using Dse.Diagnostics;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Workloads;

public class PeftWorkloadTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    private static string RealPrompt(string model, int n) =>
        Path.Combine(TestPaths.SharedData, "prompts", "squad-t5", $"SQuAD_{model}_n{n}.safetensors");

    private static readonly int[] RealLengths = [1, 5, 10, 20, 50];

    [Fact]
    public void Loads_the_five_real_t5_base_prompts_as_one_store()
    {
        var paths = RealLengths.Select(n => RealPrompt("t5-base", n)).ToArray();
        var w = PeftWorkload.Load(paths, new PeftWorkloadOptions(QueriesPerPrompt: 4, QueryTokens: 8));
        Assert.Equal(768, w.Store.Dim);
        Assert.Equal(RealLengths, w.Store.Ovts.Select(o => o.Tokens));
        Assert.Equal(RealLengths.Select(n => $"SQuAD_t5-base_n{n}"), w.Store.Ovts.Select(o => o.Name));
        Assert.All(w.Store.Ovts, o => Assert.All(o.Values, v => Assert.True(float.IsFinite(v))));
        Assert.True(w.Store.MaxAbs() > 50, $"expected heavy tails, max |v| = {w.Store.MaxAbs()}");
        Assert.Equal(20, w.Queries.Queries.Count);
        Assert.True(w.Queries.HasLabels);
        Assert.Equal(paths, w.InputFiles);
        Assert.Contains("d = 768", w.Description);
    }

    [Fact]
    public void Adapter_directory_with_consistent_config_is_named_after_the_directory()
    {
        var adapter = WriteAdapter("legal", rows: 6, dim: 4, config: """{"peft_type":"PROMPT_TUNING","num_virtual_tokens":3,"num_transformer_submodules":2,"token_dim":4}""");
        var ovt = PeftAdapterReader.Read(adapter + Path.DirectorySeparatorChar);
        Assert.Equal("legal", ovt.Name);
        Assert.Equal((6, 4), (ovt.Tokens, ovt.Dim));
        Assert.Equal(1f, ovt.Row(1)[0]);
    }

    [Fact]
    public void Config_mismatch_names_config_keys_and_tensor()
    {
        var adapter = WriteAdapter("medical", rows: 5, dim: 4, config: """{"num_virtual_tokens":8,"token_dim":768}""");
        var e = Assert.Throws<InputException>(() => PeftAdapterReader.Read(adapter));
        Assert.Equal(["$.num_virtual_tokens", "$.token_dim"], e.Errors.Select(x => x.Path));
        var config = Path.Combine(adapter, "adapter_config.json");
        Assert.All(e.Errors, x => Assert.Equal(config, x.File));
        Assert.Contains("prompt_embeddings", e.Message);
        Assert.Contains("[5, 4]", e.Message);
    }

    [Fact]
    public void Directory_without_safetensors_is_reported()
    {
        var adapter = Path.Combine(_dir, "empty-adapter");
        Directory.CreateDirectory(adapter);
        File.WriteAllText(Path.Combine(adapter, "adapter_config.json"), "{}");
        var e = SafetensorsReaderTests.AssertError(() => PeftAdapterReader.Read(adapter), adapter, "adapter_model.safetensors");
        Assert.Contains("no .safetensors file", e.Message);
    }

    [Fact]
    public void Missing_prompt_embeddings_is_reported()
    {
        var path = Path.Combine(_dir, "lora.safetensors");
        SafetensorsWriter.Write(path, "base_model.lora_A.weight", "F32", [2, 2], [1, 2, 3, 4]);
        var e = SafetensorsReaderTests.AssertError(() => PeftAdapterReader.Read(path), path, "prompt_embeddings");
        Assert.Contains("base_model.lora_A.weight", e.Message);
    }

    [Fact]
    public void Mismatched_d_names_both_files_and_widths_and_all_errors_are_collected()
    {
        var a = Path.Combine(_dir, "a.safetensors");
        var b = Path.Combine(_dir, "b.safetensors");
        var bad = Path.Combine(_dir, "bad.safetensors");
        SafetensorsWriter.Write(a, "prompt_embeddings", "F32", [2, 4], new float[8]);
        SafetensorsWriter.Write(b, "prompt_embeddings", "BF16", [3, 6], new float[18]);
        File.WriteAllBytes(bad, []);
        var e = Assert.Throws<InputException>(() => PeftWorkload.Load([a, b, bad], new PeftWorkloadOptions()));
        Assert.Equal(2, e.Errors.Count);
        Assert.Equal(bad, e.Errors[0].File);
        var mismatch = e.Errors[1];
        Assert.Equal(b, mismatch.File);
        Assert.Equal("prompt_embeddings", mismatch.Path);
        Assert.Contains(a, mismatch.ToString());
        Assert.Contains("d = 4", mismatch.ToString());
        Assert.Contains("d = 6", mismatch.ToString());
    }

    [Fact]
    public void Queries_keep_token_order_and_are_deterministic()
    {
        // Row r of the OVT is constant r in every column, so a noiseless query reveals which rows it took.
        var ovt = new Ovt("ramp", Enumerable.Range(0, 20 * 3).Select(i => (float)(i / 3)).ToArray(), 20, 3);
        var store = new PromptStore([ovt, ovt with { Name = "short", Values = [0, 0, 0, 1, 1, 1], Tokens = 2 }], 3);
        var set = QueryGenerator.FromStore(store, queriesPerPrompt: 50, queryTokens: 5, queryNoise: 0, seed: 9);
        Assert.Equal(100, set.Queries.Count);
        foreach (var q in set.Queries)
        {
            var rows = Enumerable.Range(0, q.Tokens).Select(r => q.Row(r)[0]).ToArray();
            Assert.Equal(rows.Order(), rows);
            if (q.Label == 0) Assert.Equal(rows.Distinct().Count(), rows.Length);
            Assert.All(rows, r => Assert.InRange(r, 0, q.Label == 0 ? 19 : 1));
        }
        Assert.Contains(set.Queries.Where(q => q.Label == 1), q => q.Row(0)[0] != q.Row(4)[0]);
        var again = QueryGenerator.FromStore(store, 50, 5, 0, 9);
        Assert.Equal(set.Queries.SelectMany(q => q.Values), again.Queries.SelectMany(q => q.Values));
        var other = QueryGenerator.FromStore(store, 50, 5, 0, 10);
        Assert.NotEqual(set.Queries.SelectMany(q => q.Values), other.Queries.SelectMany(q => q.Values));
        var fewer = QueryGenerator.FromStore(new PromptStore([ovt], 3), 3, 5, 0, 9);
        Assert.Equal(set.Queries.Take(3).SelectMany(q => q.Values), fewer.Queries.SelectMany(q => q.Values));
    }

    [Fact]
    public void Query_noise_rms_is_the_requested_fraction_of_the_ovt_rms()
    {
        var path = RealPrompt("t5-small", 50);
        var w = PeftWorkload.Load([path], new PeftWorkloadOptions(QueriesPerPrompt: 200, QueryTokens: 8, QueryNoise: 0.2, Seed: 5));
        var clean = PeftWorkload.Load([path], new PeftWorkloadOptions(QueriesPerPrompt: 200, QueryTokens: 8, QueryNoise: 0.0, Seed: 5));
        double sumSq = 0;
        long count = 0;
        for (var q = 0; q < w.Queries.Queries.Count; q++)
        {
            var noisy = w.Queries.Queries[q].Values;
            var exact = clean.Queries.Queries[q].Values;
            for (var i = 0; i < noisy.Length; i++)
            {
                var diff = (double)noisy[i] - exact[i];
                sumSq += diff * diff;
                count++;
            }
        }
        var ratio = Math.Sqrt(sumSq / count) / w.Store.Ovts[0].Rms();
        Assert.InRange(ratio, 0.2 * 0.99, 0.2 * 1.01);
    }

    private string WriteAdapter(string name, int rows, int dim, string config)
    {
        var dir = Path.Combine(_dir, name);
        Directory.CreateDirectory(dir);
        var values = Enumerable.Range(0, rows * dim).Select(i => (float)(i / dim)).ToArray();
        SafetensorsWriter.Write(Path.Combine(dir, "adapter_model.safetensors"), "prompt_embeddings", "F16", [rows, dim], values);
        File.WriteAllText(Path.Combine(dir, "adapter_config.json"), config);
        return dir;
    }
}
