using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Dse.Tests.Shared;

namespace Dse.Tests.Fuzz;

/// <summary>
/// Seeds and structure-aware generators for the reader fuzz targets: the bad-input corpus and the repository's
/// valid files, small valid files made here, and generated safetensors and <c>.npy</c> files whose headers declare
/// extreme shapes and offsets (dimensions up to 2^63 - 1, products that overflow 64 bits, offsets past the end).
/// </summary>
public static class FuzzInputs
{
    private static readonly string BadInput = Path.Combine(TestPaths.RepoRoot, "tests", "Dse.Tests", "Fixtures", "bad-input");

    /// <summary>Regular files of <paramref name="dir"/> (recursively) whose name ends with <paramref name="suffix"/>.</summary>
    public static IEnumerable<byte[]> FilesIn(string dir, string suffix) =>
        Directory.EnumerateFiles(dir, "*" + suffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes);

    /// <summary>Every file of the bad-input corpus under <paramref name="subfolder"/> ending with <paramref name="suffix"/>.</summary>
    public static IEnumerable<byte[]> BadInputFiles(string subfolder, string suffix) => FilesIn(Path.Combine(BadInput, subfolder), suffix);

    /// <summary>A dimension: mostly small, sometimes one of the sizes that break naive arithmetic.</summary>
    public static readonly Gen<long> Dim = Gen.Frequency(
        (6, Gen.Long[0, 5]),
        (1, Gen.OneOf(-1L, 1L << 20, 1L << 31, 1L << 32, 3037000500L, 1L << 40, 1L << 62, (1L << 62) + 1, long.MaxValue)));

    // ---- safetensors ----

    private static readonly (string Name, int Size)[] SafetensorsDtypes =
        [("F32", 4), ("F16", 2), ("BF16", 2), ("I64", 8), ("I32", 4), ("I16", 2), ("I8", 1), ("U8", 1), ("F64", 8), ("BOOL", 1), ("X", 4)];

    /// <summary>A safetensors file: 8-byte little-endian header length, JSON header, data.</summary>
    public static byte[] Safetensors(string headerJson, byte[] data) => Safetensors(Encoding.UTF8.GetBytes(headerJson), data);

    /// <summary>A safetensors file from raw header bytes (which need not be valid UTF-8).</summary>
    public static byte[] Safetensors(byte[] header, byte[] data)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    /// <summary>
    /// Generated safetensors files of one tensor <c>prompt_embeddings</c>: any dtype, shape drawn from <see cref="Dim"/>,
    /// offsets consistent with the (wrapping) 64-bit product of the shape, arbitrary, shifted or reversed.
    /// </summary>
    public static readonly Gen<byte[]> StructuredSafetensors = Gen.Select(
        Gen.Int[0, SafetensorsDtypes.Length - 1], Dim.Array[0, 4], Gen.Int[0, 3], Gen.Int[0, 48], Gen.Long, Gen.Bool,
        (d, shape, mode, extra, junk, metadata) =>
        {
            var (dtype, size) = SafetensorsDtypes[d];
            long bytes = unchecked(shape.Aggregate(1L, (a, b) => a * b) * size);
            (long begin, long end) = mode switch
            {
                0 => (0L, bytes),
                1 => (0L, (long)extra),
                2 => (junk, unchecked(junk + bytes)),
                _ => ((long)extra, 0L),
            };
            int dataLength = mode == 0 && bytes is >= 0 and <= 4096 ? (int)bytes : extra;
            var data = new byte[dataLength];
            data.AsSpan().Fill(0x3c); // 0x3c3c... is a small finite value in every float dtype
            var meta = metadata ? "\"__metadata__\":{\"format\":\"pt\"}," : "";
            var json = $"{{{meta}\"prompt_embeddings\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{end}]}}}}";
            return Safetensors(json, data);
        });

    // ---- .npy ----

    private static readonly string[] NpyDescrs =
        ["<f4", "<f2", "<f8", ">f4", ">f8", "|u1", "|i1", "<i8", ">i4", "<u8", "<u2", "=f4", "|f4", "<c8", "O", "<U3", "f4", "<f3", "<i16", "<f"];

    private static readonly string[] NpyFortran = ["False", "True", "None", "1"];

    /// <summary>A <c>.npy</c> file: magic, version, header length (2 bytes in v1, 4 in v2/v3), the dict padded to 64 bytes and a newline, data.</summary>
    public static byte[] Npy(int major, string dict, byte[] data)
    {
        int lengthBytes = major == 1 ? 2 : 4, prefix = 8 + lengthBytes;
        var text = Encoding.UTF8.GetBytes(dict);
        int total = (prefix + text.Length + 1 + 63) / 64 * 64;
        var file = new byte[total + data.Length];
        file.AsSpan(prefix, total - prefix).Fill((byte)' ');
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 }.CopyTo(file, 0);
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)(total - prefix));
        else BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), (uint)(total - prefix));
        text.CopyTo(file, prefix);
        file[total - 1] = (byte)'\n';
        data.CopyTo(file, total);
        return file;
    }

    /// <summary>Generated <c>.npy</c> files: any dtype string, order flag and shape, data sized to the shape or arbitrary.</summary>
    public static readonly Gen<byte[]> StructuredNpy = Gen.Select(
        Gen.Int[0, NpyDescrs.Length - 1], Gen.Int[0, NpyFortran.Length - 1], Dim.Array[0, 4], Gen.Int[1, 3], Gen.Bool, Gen.Int[0, 48],
        (d, f, shape, major, sized, extra) =>
        {
            var descr = NpyDescrs[d];
            int size = descr.Length > 2 && int.TryParse(descr.AsSpan(2), out int s) ? s : 4;
            long bytes = unchecked(shape.Aggregate(1L, (a, b) => a * b) * size);
            var dims = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
            var dict = $"{{'descr': '{descr}', 'fortran_order': {NpyFortran[f]}, 'shape': {dims}, }}";
            var data = new byte[sized && bytes is >= 0 and <= 4096 ? (int)bytes : extra];
            data.AsSpan().Fill(0x3c);
            return Npy(major, dict, data);
        });

    /// <summary>Small valid <c>.npy</c> files of every supported dtype, both orders and all three versions.</summary>
    public static IEnumerable<byte[]> ValidNpy()
    {
        yield return Npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", Filled(24));
        yield return Npy(1, "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 2, 2), }", Filled(64));
        yield return Npy(2, "{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }", Filled(8));
        yield return Npy(3, "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", new byte[24]);
        yield return Npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }", [0, 1, 2, 3]);
        yield return Npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", Filled(4));
        yield return Npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 5), }", []);
    }

    /// <summary>Small valid safetensors files: F32, F16 and BF16 tensors, an integer tensor, metadata, several tensors.</summary>
    public static IEnumerable<byte[]> ValidSafetensors()
    {
        yield return Safetensors("{\"prompt_embeddings\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", Filled(24));
        yield return Safetensors("{\"__metadata__\":{\"format\":\"pt\"},\"prompt_embeddings\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", Filled(8));
        yield return Safetensors("{\"a\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]},\"labels\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[6,22]}}", Filled(22));
        yield return Safetensors("{\"prompt_embeddings\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[0,0]}}", []);
    }

    private static byte[] Filled(int n)
    {
        var b = new byte[n];
        b.AsSpan().Fill(0x3c);
        return b;
    }

    // ---- text formats ----

    /// <summary>
    /// The first <paramref name="bytes"/> bytes of a shared data file (seeds from real data), cut after its last
    /// complete line; none when <c>../shared/data</c> is not beside the checkout (the hand-made seeds still run).
    /// </summary>
    public static IEnumerable<byte[]> SharedHead(string relativePath, int bytes)
    {
        var path = Path.Combine(TestPaths.SharedData, relativePath);
        if (!File.Exists(path)) yield break;
        using var stream = File.OpenRead(path);
        var buffer = new byte[Math.Min(bytes, stream.Length)];
        stream.ReadExactly(buffer);
        yield return buffer[..(Array.LastIndexOf(buffer, (byte)'\n') + 1)];
    }

    /// <summary>GloVe seeds: the first lines of the shared 25k-word slice, small hand-made tables and broken ones.</summary>
    public static IReadOnlyList<byte[]> GloveSeeds() =>
    [
        .. SharedHead(Path.Combine("vectors", "glove-100d-25k.txt"), 3000),
        "the 0.1 0.2 0.3\nof -1e-3 2 3.5\n\nand 1 2 3\n"u8.ToArray(),
        "a\t1\t2\r\nb 3 4\r\n"u8.ToArray(),
        "a 1 2\nb 1\n"u8.ToArray(),
        "a 1 NaN\n"u8.ToArray(),
        "word\n"u8.ToArray(),
        "\n\n  \n"u8.ToArray(),
    ];

    /// <summary>Tokens a GloVe mutation inserts.</summary>
    public static readonly string[] GloveTokens = [" ", "\t", "\n", "\r", "NaN", "inf", "-Infinity", "1e39", "-", "1,5", "é", "\u00a0", "\ufeff", "\0", "\u2028", " 0", "x "];

    /// <summary>Text-corpus seeds: the start of a fortune file, a Moby-Dick chapter and small edge cases.</summary>
    public static IReadOnlyList<byte[]> TextSeeds() =>
    [
        .. SharedHead(Path.Combine("text", "fortunes", "art.txt"), 1500),
        .. SharedHead(Path.Combine("text", "moby-dick", "chapter_1.txt"), 1500),
        "A \"critic\" is a man who creates nothing.\n\t\t-- Robert Heinlein\n%\nA celebrity is a person who is known for his well-knownness.\n%\n"u8.ToArray(),
        "one\n%\ntwo\n%   \n\n%\nthree"u8.ToArray(),
        "para one\nstill one\n\n\n para two \r\n\r\nthree"u8.ToArray(),
        [],
    ];

    /// <summary>Tokens a text mutation inserts.</summary>
    public static readonly string[] TextTokens = ["%", "\n%\n", "\n\n", "\r", "\r\n", " ", "\t", "\0", "\ufeff", "Don't", "İ", "ß", "\u2028", "\ud83d\ude00", "\u0301"];

    /// <summary>Tokens a JSON mutation inserts: structure, extreme numbers, invalid escapes, comments, deep nesting.</summary>
    public static readonly string[] JsonTokens =
    [
        "\"\\uD800\"", "\"\\uDC00x\"", "\"\\ud83d\\ude00\"", "\"a\\u0000b\"", "1e400", "-0", "9223372036854775808", "2147483648", "-2147483649", "0.5",
        "[", "]", "{", "}", ",", ":", "null", "true", "false", "\"\"", "\"x\":", "// c\n", "/* c */", "\"\\", "NaN", "Infinity",
        new string('[', 70), new string('{', 3), "\"mc\":{\"trials\":", "\"workload\":{\"kind\":\"", "\"devices\":[\"", "\"64x64\"", "\"0x0\"",
        "\"99999999999x1\"", "\"4x\"", "\"percentile(0)\"", "\"percentile(1e400)\"", "\"percentile(\"", "\"rram1\"", "\"perLevel\"",
        "\"oneOverF\"", "\"sigmaPerLevel\":[", "\"levels\":", "\"stuckAt\":{", "\"drift\":{", "\"readNoise\":{", "\"a\":1,\"a\":2",
        "\"\\u0061\":1,\"a\":1", "\"adcModel\":[\"", "\"colsPerAdc\":[", "\"compressedDim\":[", "\"ssa\":{", "\"sources\":{",
    ];

    /// <summary>JSON files under <paramref name="dir"/> of the repository (non-recursive).</summary>
    public static IEnumerable<byte[]> RepoJson(string dir) =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, dir), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes);
}
