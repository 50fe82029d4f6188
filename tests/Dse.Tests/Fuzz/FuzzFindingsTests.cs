using System.Text;
using Dse.Diagnostics;
using Dse.Exploration;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Fuzz;

/// <summary>
/// One regression test per reader bug the fuzzer found (docs/fuzzing.md, "Findings"): the shrunk input, and what
/// the reader must do with it now. Each failed with the exception named in its comment before the fix.
/// </summary>
public class FuzzFindingsTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static InputError Single(Action read)
    {
        var e = Assert.Throws<InputException>(read);
        return Assert.Single(e.Errors);
    }

    [Fact]
    public void Safetensors_tensor_name_with_invalid_utf8_is_an_input_error()
    {
        // Before: InvalidOperationException "Cannot transcode invalid UTF-8 JSON text to UTF-16 string" (JsonDocument
        // validates structure only; the name failed when read).
        var header = Encoding.UTF8.GetBytes("{\"pro??t_embeddings\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        header[5] = 0xff;
        header[6] = 0xfe;
        var path = Write("name.safetensors", FuzzInputs.Safetensors(header, new byte[4]));
        var error = Single(() => SafetensorsReader.ReadHeader(path));
        Assert.Equal("header", error.Path);
        Assert.Contains("UTF-8", error.Expected);
    }

    [Theory]
    [InlineData("I8", "[4611686018427387905,1,4]", 4)]      // wraps to 4 elements: loaded as [1, 1, 4] before
    [InlineData("F32", "[4,4611686018427387905]", 16)]      // wraps to 4 elements: loaded as [4, 1] before
    public void Safetensors_shape_whose_product_overflows_is_refused(string dtype, string shape, int bytes)
    {
        // Before: the 64-bit product of the shape wrapped around, matched data_offsets, and the tensor loaded with
        // each dimension cast to int: a different shape from the one declared, without an error.
        var path = Write("wrap.safetensors", FuzzInputs.Safetensors(
            $"{{\"t\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[0,{bytes}]}}}}", new byte[bytes]));
        var error = dtype == "I8"
            ? Single(() => SafetensorsReader.ReadIntegers(path, "t"))
            : Single(() => SafetensorsReader.ReadTensor(path, "t"));
        Assert.Equal("t.shape", error.Path);
        Assert.Contains("below 2^31", error.Expected);
    }

    [Fact]
    public void Safetensors_data_offsets_near_2_pow_63_are_refused_as_outside_the_file()
    {
        // Before: IOException "Invalid argument" from Seek: 8 + header length + 2^63 - 1 overflowed to a negative
        // offset, which passed the "inside the file" check.
        var path = Write("far.safetensors", FuzzInputs.Safetensors(
            "{\"prompt_embeddings\":{\"dtype\":\"I16\",\"shape\":[0],\"data_offsets\":[9223372036854775807,9223372036854775807]}}", []));
        var error = Single(() => SafetensorsReader.ReadHeader(path));
        Assert.Equal("prompt_embeddings.data_offsets", error.Path);
        Assert.Contains("truncated", error.Found);
    }

    [Fact]
    public void Safetensors_header_claiming_2_pow_40_elements_is_refused_before_allocating()
    {
        var path = Write("huge.safetensors", FuzzInputs.Safetensors(
            "{\"t\":{\"dtype\":\"F32\",\"shape\":[1048576,1048576],\"data_offsets\":[0,16]}}", new byte[16]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Single(() => SafetensorsReader.ReadTensor(path, "t"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "allocated more than 1 MB for a 100-byte file");
        Assert.Equal("t.shape", error.Path);
    }

    [Fact]
    public void Npy_header_claiming_2_pow_40_elements_is_refused_before_allocating()
    {
        var path = Write("huge.npy", FuzzInputs.Npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1024, 1024, 1048576), }", new byte[16]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Single(() => NpyReader.ReadFloats(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "allocated more than 1 MB for a 100-byte file");
        Assert.Equal("shape", error.Path);
    }

    [Theory]
    [InlineData("\n \n\n")]
    [InlineData("")]
    public void Glove_file_without_vectors_names_line_1(string text)
    {
        // Before: the error had neither a path nor a line.
        var path = Write("vectors.txt", Encoding.UTF8.GetBytes(text));
        Assert.Equal(1, Single(() => GloveReader.Read(path)).Line);
    }

    [Theory]
    [InlineData("\"\\uDC00\"", "$")]
    [InlineData("{\"name\": \"a\\uD800b\"}", "$.name")]
    [InlineData("{\"\\uDFFF\": 1}", "$")]
    public void Json_string_with_a_lone_surrogate_escape_is_an_input_error_with_its_line(string json, string at)
    {
        // Before: InvalidOperationException "Cannot read invalid UTF-16 JSON text as string. Invalid surrogate value"
        // from StrictObjectReader.Describe (the source map accepted the document; the string failed when read).
        var path = Write("sweep.json", Encoding.UTF8.GetBytes(json));
        var error = Single(() => SweepSpecLoader.Load(path));
        Assert.Equal(at, error.Path);
        Assert.Equal(1, error.Line);
        Assert.Contains("valid Unicode", error.Expected);
    }

    [Theory]
    [InlineData("clipping", "\"\\uD800\"")]
    [InlineData("workload", "{\"\\uDC00\": 1}")]
    public void Sweep_override_with_a_lone_surrogate_escape_is_an_input_error(string key, string value)
    {
        // Before: InvalidOperationException "Cannot read incomplete UTF-16 JSON text as string with missing low
        // surrogate" from StrictObjectReader: --set values are parsed apart from the file and were not checked.
        var sweep = Path.Combine(_dir, "sweep.json");
        File.Copy(Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input", "sweeps", "base-synthetic.json"), sweep);
        var error = Single(() => SweepSpecLoader.Load(sweep, [(key, value)]));
        Assert.Equal(("--set", key), (error.File, error.Path));
        Assert.Contains("valid Unicode", error.Expected);
    }
}
