using System.Buffers.Binary;
using Dse.Diagnostics;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Workloads;

public class SafetensorsReaderTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    private static readonly float[] Values = [1.0f, -2.0f, 0.5f, 3.0f, -0.25f, 1024.0f];

    [Theory]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void Round_trip_of_exactly_representable_values(string dtype)
    {
        var path = Path.Combine(_dir, $"t-{dtype}.safetensors");
        SafetensorsWriter.Write(path, [new SafetensorsWriter.Entry("other", "F32", [1], [7f]), new SafetensorsWriter.Entry("x", dtype, [2, 3], Values)],
            new Dictionary<string, string> { ["source"] = "test" });
        var header = SafetensorsReader.ReadHeader(path);
        Assert.Equal("test", header.Metadata["source"]);
        Assert.Equal(["other", "x"], header.Tensors.Select(t => t.Name));
        var t = SafetensorsReader.ReadTensor(path, "x");
        Assert.Equal([2, 3], t.Shape);
        Assert.Equal(Values, t.Values);
    }

    [Fact]
    public void Hand_encoded_half_and_bfloat16_bits_decode_to_known_values()
    {
        // BF16 0x3F80 = 1.0, 0xC000 = -2.0, 0x3EAB = 0.333984375; F16 0x3C00 = 1.0, 0xC000 = -2.0, 0x3555 = 0.333251953125.
        var bf = Path.Combine(_dir, "bf.safetensors");
        SafetensorsWriter.WriteRaw(bf, """{"x":{"dtype":"BF16","shape":[3],"data_offsets":[0,6]}}""", Bytes(0x3F80, 0xC000, 0x3EAB));
        Assert.Equal([1.0f, -2.0f, 0.333984375f], SafetensorsReader.ReadTensor(bf, "x").Values);
        var half = Path.Combine(_dir, "half.safetensors");
        SafetensorsWriter.WriteRaw(half, """{"x":{"dtype":"F16","shape":[3],"data_offsets":[0,6]}}""", Bytes(0x3C00, 0xC000, 0x3555));
        Assert.Equal([1.0f, -2.0f, 0.333251953125f], SafetensorsReader.ReadTensor(half, "x").Values);
    }

    [Fact]
    public void Reads_real_prompt_with_its_metadata()
    {
        var path = Path.Combine(TestPaths.SharedData, "prompts", "squad-t5", "SQuAD_t5-small_n5.safetensors");
        var header = SafetensorsReader.ReadHeader(path);
        Assert.Equal("t5-small", header.Metadata["base_model"]);
        var t = SafetensorsReader.ReadTensor(path, "prompt_embeddings");
        Assert.Equal([5, 512], t.Shape);
        Assert.All(t.Values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void NaN_is_reported_with_tensor_row_and_column()
    {
        var path = Path.Combine(_dir, "nan.safetensors");
        var values = (float[])Values.Clone();
        values[4] = float.NaN;
        SafetensorsWriter.Write(path, "prompt_embeddings", "F32", [2, 3], values);
        var e = AssertError(() => SafetensorsReader.ReadTensor(path, "prompt_embeddings"), path, "prompt_embeddings");
        Assert.Contains("row 1, column 1", e.Message);
        Assert.Contains("flat index 4", e.Message);
    }

    [Fact]
    public void Infinity_in_bfloat16_is_reported()
    {
        var path = Path.Combine(_dir, "inf.safetensors");
        SafetensorsWriter.WriteRaw(path, """{"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}""", Bytes(0x3F80, 0x7F80));
        var e = AssertError(() => SafetensorsReader.ReadTensor(path, "x"), path, "x");
        Assert.Contains("flat index 1", e.Message);
    }

    [Fact]
    public void Truncated_data_is_reported()
    {
        var path = Path.Combine(_dir, "truncated.safetensors");
        SafetensorsWriter.Write(path, "prompt_embeddings", "F32", [2, 3], Values);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        var e = AssertError(() => SafetensorsReader.ReadTensor(path, "prompt_embeddings"), path, "prompt_embeddings.data_offsets");
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Header_length_past_end_of_file_is_reported()
    {
        var path = Path.Combine(_dir, "header.safetensors");
        SafetensorsWriter.Write(path, "prompt_embeddings", "F32", [2, 3], Values);
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length);
        File.WriteAllBytes(path, bytes);
        var e = AssertError(() => SafetensorsReader.ReadTensor(path, "prompt_embeddings"), path, "header");
        Assert.Contains("header length", e.Message);
    }

    [Fact]
    public void Shape_and_offsets_mismatch_is_reported()
    {
        var path = Path.Combine(_dir, "shape.safetensors");
        SafetensorsWriter.WriteRaw(path, """{"prompt_embeddings":{"dtype":"F32","shape":[2,4],"data_offsets":[0,24]}}""", SafetensorsWriter.Encode("F32", Values));
        var e = AssertError(() => SafetensorsReader.ReadTensor(path, "prompt_embeddings"), path, "prompt_embeddings.data_offsets");
        Assert.Contains("32 bytes", e.Message);
        Assert.Contains("24 bytes", e.Message);
    }

    [Fact]
    public void Unknown_dtype_is_reported_with_supported_list()
    {
        var path = Path.Combine(_dir, "dtype.safetensors");
        SafetensorsWriter.WriteRaw(path, """{"prompt_embeddings":{"dtype":"I64","shape":[3],"data_offsets":[0,24]}}""", new byte[24]);
        var e = AssertError(() => SafetensorsReader.ReadTensor(path, "prompt_embeddings"), path, "prompt_embeddings.dtype");
        Assert.Contains("BF16", e.Message);
        Assert.Contains("I64", e.Message);
    }

    [Fact]
    public void Missing_tensor_lists_the_names_present()
    {
        var path = Path.Combine(_dir, "missing.safetensors");
        SafetensorsWriter.Write(path, [new SafetensorsWriter.Entry("weight", "F32", [6], Values), new SafetensorsWriter.Entry("bias", "F32", [1], [0f])]);
        var e = AssertError(() => SafetensorsReader.ReadTensor(path, "prompt_embeddings"), path, "prompt_embeddings");
        Assert.Contains("weight, bias", e.Message);
    }

    [Fact]
    public void Empty_file_is_reported()
    {
        var path = Path.Combine(_dir, "empty.safetensors");
        File.WriteAllBytes(path, []);
        var e = AssertError(() => SafetensorsReader.ReadTensor(path, "prompt_embeddings"), path, "header");
        Assert.Contains("empty file", e.Message);
    }

    [Fact]
    public void Directory_and_missing_file_are_reported()
    {
        var e = Assert.Throws<InputException>(() => SafetensorsReader.ReadTensor(_dir, "prompt_embeddings"));
        Assert.Equal(_dir, Assert.Single(e.Errors).File);
        Assert.Contains("a directory", e.Message);
        var missing = Path.Combine(_dir, "nope.safetensors");
        e = Assert.Throws<InputException>(() => SafetensorsReader.ReadTensor(missing, "prompt_embeddings"));
        Assert.Contains("no such file", e.Message);
    }

    [Fact]
    public void Invalid_json_header_is_reported()
    {
        var path = Path.Combine(_dir, "json.safetensors");
        SafetensorsWriter.WriteRaw(path, """{"prompt_embeddings":{"dtype":"F32",""", []);
        AssertError(() => SafetensorsReader.ReadHeader(path), path, "header");
    }

    internal static InputException AssertError(Action action, string file, string at)
    {
        var e = Assert.Throws<InputException>(action);
        var error = Assert.Single(e.Errors);
        Assert.Equal(file, error.File);
        Assert.Equal(at, error.Path);
        Assert.Contains(file, e.Message);
        Assert.Contains(at, e.Message);
        return e;
    }

    private static byte[] Bytes(params ushort[] words)
    {
        var bytes = new byte[2 * words.Length];
        for (var i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), words[i]);
        return bytes;
    }
}
