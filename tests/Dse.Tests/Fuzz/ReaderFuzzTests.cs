using System.Text.RegularExpressions;
using CsCheck;
using Xunit.Abstractions;
using Dse.Devices;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Fuzz;

/// <summary>
/// Fuzzes every reader of user files with CsCheck (see docs/fuzzing.md): seeds from the bad-input corpus and valid
/// files, mutated and generated inputs, and <see cref="ReaderProperty"/> on each. The normal suite runs
/// <see cref="ReaderProperty.ShortIterations"/> inputs per reader; <c>DSE_FUZZ_SECONDS=N</c> runs each for N seconds.
/// </summary>
public class ReaderFuzzTests(ITestOutputHelper output)
{
    // Allocation allowed per input byte: binary and text readers hold the file, its decoded values and a list's
    // doubling slack (~10 bytes per byte); JSON loaders build a node tree and a line map (~100 bytes per byte).
    private const long BinaryBytesPerByte = 32, JsonBytesPerByte = 512;
    private const long FixedBytes = 4 << 20;

    private readonly string _dir = TestPaths.NewTempDir();

    [Fact]
    public void Safetensors_reader_loads_or_reports_a_position()
    {
        var seeds = FuzzInputs.ValidSafetensors().Concat(FuzzInputs.BadInputFiles("tensors", ".safetensors")).ToArray();
        var tokens = new[] { "\"shape\":[1099511627776]", "\"data_offsets\":[0,9223372036854775807]", "\"dtype\":\"F16\"", "\"__metadata__\":", "\"\\uD800\"", "[", "{", "}", "1e400", "-1", "\"a\":1,\"a\":2" };
        var inputs = Gen.OneOf(Mutator.Mutate(seeds, tokens), Mutator.Mutate(FuzzInputs.StructuredSafetensors, seeds, tokens));
        ReaderProperty.Check(inputs, Path.Combine(_dir, "fuzz.safetensors"), LoadSafetensors, BinaryBytesPerByte, FixedBytes, output);
    }

    [Fact]
    public void Npy_reader_loads_or_reports_a_position()
    {
        var seeds = FuzzInputs.ValidNpy().ToArray();
        var tokens = new[] { "'shape': (1099511627776,)", "(", ")", ",", "'", "True", "'descr': '<f8', ", "'extra': 1, ", "{", "}", "\n", "é", "-1", "99999999999999999999" };
        var inputs = Gen.OneOf(Mutator.Mutate(seeds, tokens), Mutator.Mutate(FuzzInputs.StructuredNpy, seeds, tokens));
        ReaderProperty.Check(inputs, Path.Combine(_dir, "fuzz.npy"), LoadNpy, BinaryBytesPerByte, FixedBytes, output);
    }

    [Fact]
    public void Glove_reader_loads_or_reports_a_position()
    {
        var seeds = FuzzInputs.GloveSeeds();
        ReaderProperty.Check(Mutator.Mutate(seeds, FuzzInputs.GloveTokens), Path.Combine(_dir, "vectors.txt"), path =>
        {
            var vectors = GloveReader.Read(path);
            if (vectors.Dim < 1 || vectors.Count < 1) throw new InvalidOperationException($"loaded {vectors.Count} words of d = {vectors.Dim}");
        }, BinaryBytesPerByte, FixedBytes, output);
    }

    [Fact]
    public void Text_corpus_reader_loads_or_reports_a_position()
    {
        var seeds = FuzzInputs.TextSeeds();
        ReaderProperty.Check(Mutator.Mutate(seeds, FuzzInputs.TextTokens), Path.Combine(_dir, "domain.txt"), path =>
        {
            var samples = TextCorpus.FileSamples(path);
            long lines = new FileInfo(path).Length + 1;
            foreach (var sample in samples)
            {
                if (sample.File != path || sample.Line < 1 || sample.Line > lines || string.IsNullOrWhiteSpace(sample.Text))
                    throw new InvalidOperationException($"inconsistent sample at line {sample.Line}: '{sample.Text}'");
                if (TextCorpus.Words(sample.Text).Any(w => w.Length == 0))
                    throw new InvalidOperationException("an empty word");
            }
            _ = TextCorpus.ReadDocument(path);
        }, BinaryBytesPerByte, FixedBytes, output);
    }

    [Fact]
    public void Peft_adapter_config_loads_or_reports_a_position()
    {
        var adapter = Path.Combine(_dir, "adapter");
        Directory.CreateDirectory(adapter);
        File.WriteAllBytes(Path.Combine(adapter, PeftAdapterReader.ModelFileName), FuzzInputs.ValidSafetensors().First()); // [2, 3]
        byte[][] seeds =
        [
            "{\"peft_type\": \"PROMPT_TUNING\", \"num_virtual_tokens\": 2, \"token_dim\": 3, \"num_transformer_submodules\": 1}"u8.ToArray(),
            "{\"num_virtual_tokens\": 1, \"num_transformer_submodules\": 2, \"token_dim\": 3, \"task_type\": \"SEQ_2_SEQ_LM\"}"u8.ToArray(),
            "{\"num_virtual_tokens\": null, \"token_dim\": 4}"u8.ToArray(),
        ];
        ReaderProperty.Check(Mutator.Mutate(seeds, FuzzInputs.JsonTokens), Path.Combine(adapter, PeftAdapterReader.ConfigFileName),
            _ => PeftAdapterReader.Read(adapter), JsonBytesPerByte, FixedBytes, output);
    }

    [Fact]
    public void Sweep_loader_loads_or_reports_a_position()
    {
        var seeds = FuzzInputs.RepoJson("sweeps").Concat(FuzzInputs.BadInputFiles("sweeps", ".json")).ToArray();
        ReaderProperty.Check(Mutator.Mutate(seeds, FuzzInputs.JsonTokens), Path.Combine(_dir, "sweep.json"),
            path => SweepSpecLoader.Load(path), JsonBytesPerByte, FixedBytes, output);
    }

    /// <summary>
    /// <c>--set KEY=VALUE</c> overrides: up to three per input, keys from the sweep's own (and broken) paths, values
    /// from the JSON tokens, applied to a valid sweep. Errors may name <c>--set</c> instead of the file.
    /// </summary>
    [Fact]
    public void Sweep_overrides_load_or_report_a_position()
    {
        string[] keys = ["name", "mc.trials", "mc", "devices", "workload.kind", "workload.prompts", "crossbar", "sigmaScale", "clipping",
            "ssa.weights", "adcBits", "name.x", "", "a..b", "mc.trials.x", "workload"];
        var overrides = Gen.Select(Gen.Int[0, keys.Length - 1], Gen.Int[0, FuzzInputs.JsonTokens.Length - 1], Gen.Int[0, FuzzInputs.JsonTokens.Length - 1],
            (k, v, w) => (keys[k], FuzzInputs.JsonTokens[v] + (w % 3 == 0 ? FuzzInputs.JsonTokens[w] : ""))).Array[1, 3];
        var sweep = Path.Combine(_dir, "sweep.json");
        File.Copy(Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "sweeps", "base-synthetic.json"), sweep);
        // The generated bytes are the override list, "key=value" items separated by U+001E; the file parsed is the valid sweep.
        var inputs = overrides.Select(list => System.Text.Encoding.UTF8.GetBytes(string.Join("\u001e", list.Select(o => o.Item1 + "=" + o.Item2))));
        ReaderProperty.Check(inputs, Path.Combine(_dir, "overrides.txt"), path =>
        {
            var list = File.ReadAllText(path).Split('\u001e').Select(line => (line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..])).ToList();
            SweepSpecLoader.Load(sweep, list);
        }, JsonBytesPerByte, FixedBytes, output, otherSources: ["--set", sweep]);
    }

    [Fact]
    public void Device_loader_loads_or_reports_a_position()
    {
        // Every seed is renamed "rram1" to match the file it is written to, so valid devices load and mutations reach the physics checks.
        var seeds = FuzzInputs.RepoJson("device-models").Concat(FuzzInputs.BadInputFiles("devices", ".json"))
            .Select(b => System.Text.Encoding.UTF8.GetBytes(Regex.Replace(System.Text.Encoding.UTF8.GetString(b), "\"name\"\\s*:\\s*\"[^\"]*\"", "\"name\": \"rram1\"")))
            .ToArray();
        ReaderProperty.Check(Mutator.Mutate(seeds, FuzzInputs.JsonTokens), Path.Combine(_dir, "rram1.json"),
            path => DeviceLoader.Load(path), JsonBytesPerByte, FixedBytes, output);
    }

    [Fact]
    public void Periphery_and_baseline_loaders_load_or_report_a_position()
    {
        var periphery = FuzzInputs.RepoJson(Path.Combine("device-models", "periphery")).ToArray();
        var baselines = FuzzInputs.RepoJson(Path.Combine("device-models", "baselines")).Concat(FuzzInputs.BadInputFiles("baselines", ".json")).ToArray();
        ReaderProperty.Check(Mutator.Mutate(periphery, FuzzInputs.JsonTokens), Path.Combine(_dir, "22nm.json"),
            path => PeripheryLoader.Load(path), JsonBytesPerByte, FixedBytes, output);
        ReaderProperty.Check(Mutator.Mutate(baselines, FuzzInputs.JsonTokens), Path.Combine(_dir, "jetson-orin-cpu.json"),
            path => BaselineLoader.Load(path), JsonBytesPerByte, FixedBytes, output);
    }

    /// <summary>Reads the header, every tensor of a supported dtype, and the file as a PEFT adapter; checks what loads.</summary>
    private static void LoadSafetensors(string path)
    {
        var header = SafetensorsReader.ReadHeader(path);
        foreach (var entry in header.Tensors)
        {
            Expect(path, () =>
            {
                if (SafetensorsReader.SupportedIntegerDtypes.ContainsKey(entry.Dtype))
                {
                    var (shape, values) = SafetensorsReader.ReadIntegers(path, entry.Name);
                    CheckShape(entry.Shape, shape, values.Length);
                }
                else
                {
                    var tensor = SafetensorsReader.ReadTensor(path, entry.Name);
                    CheckShape(entry.Shape, tensor.Shape, tensor.Values.Length);
                }
            });
        }
        Expect(path, () => PeftAdapterReader.Read(path));
    }

    /// <summary>Reads the file as floats and as integers (one of them is refused for its dtype); checks what loads.</summary>
    private static void LoadNpy(string path)
    {
        var header = NpyReader.ReadHeader(path);
        Expect(path, () =>
        {
            var tensor = NpyReader.ReadFloats(path);
            CheckShape(header.Shape.Select(d => (long)d).ToArray(), tensor.Shape, tensor.Values.Length);
        });
        Expect(path, () =>
        {
            var (shape, values) = NpyReader.ReadIntegers(path);
            CheckShape(header.Shape.Select(d => (long)d).ToArray(), shape, values.Length);
        });
    }

    /// <summary>Runs <paramref name="read"/>; an input error must keep the property, anything else propagates.</summary>
    private static void Expect(string path, Action read)
    {
        try
        {
            read();
        }
        catch (InputException e)
        {
            foreach (var error in e.Errors)
                if (error.File != path || (error.Path is null && error.Line is null))
                    throw new InvalidOperationException($"input error without the file or a position: {error}");
        }
    }

    /// <summary>A loaded tensor has exactly the declared shape, and as many values as the shape's product.</summary>
    private static void CheckShape(IReadOnlyList<long> declared, IReadOnlyList<int> loaded, int count)
    {
        if (!declared.SequenceEqual(loaded.Select(d => (long)d)))
            throw new InvalidOperationException($"declared shape [{string.Join(", ", declared)}] loaded as [{string.Join(", ", loaded)}]");
        if (loaded.Aggregate(1L, (a, b) => a * b) != count)
            throw new InvalidOperationException($"shape [{string.Join(", ", loaded)}] with {count} values");
    }
}
