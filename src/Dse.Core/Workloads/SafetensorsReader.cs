using System.Buffers.Binary;
using System.Text.Json;
using Dse.Diagnostics;

namespace Dse.Workloads;

/// <summary>One entry of a safetensors header.</summary>
/// <param name="Name">Tensor name (the header key).</param>
/// <param name="Dtype">Element type as written in the header (<c>F32</c>, <c>F16</c>, <c>BF16</c>, <c>I64</c>, ...).</param>
/// <param name="Shape">Dimensions, outermost first (row-major).</param>
/// <param name="Begin">Start of the tensor's bytes, relative to the start of the data section.</param>
/// <param name="End">End (exclusive) of the tensor's bytes, relative to the start of the data section.</param>
public sealed record SafetensorsEntry(string Name, string Dtype, IReadOnlyList<long> Shape, long Begin, long End);

/// <summary>The parsed header of a safetensors file.</summary>
/// <param name="File">Path of the file as given.</param>
/// <param name="Metadata">The optional <c>__metadata__</c> string map (empty when absent).</param>
/// <param name="Tensors">The tensor entries in header order.</param>
/// <param name="DataStart">Byte offset of the data section in the file: <c>8 + header length</c>.</param>
/// <param name="FileLength">Length of the file in bytes.</param>
public sealed record SafetensorsHeader(
    string File, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafetensorsEntry> Tensors, long DataStart, long FileLength);

/// <summary>A tensor converted to float32.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Values">Row-major values; length is the product of <paramref name="Shape"/>.</param>
public sealed record FloatTensor(string Name, IReadOnlyList<int> Shape, float[] Values);

/// <summary>
/// Strict reader of the safetensors format: an 8-byte little-endian header length, a UTF-8 JSON
/// header mapping tensor names to <c>{dtype, shape, data_offsets}</c> (plus an optional
/// <c>__metadata__</c> string map), then the raw little-endian data.
/// </summary>
/// <remarks>
/// Source: the format specification at github.com/huggingface/safetensors (README, "Format").
/// Every defect is reported as an <see cref="InputException"/> naming the file and the tensor or
/// header key; NaN and infinite values are errors. Sizes a header declares are checked against the file before anything is allocated.
/// </remarks>
public static class SafetensorsReader
{
    /// <summary>Largest header accepted, in bytes (the reference implementation's limit, 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Element types this reader converts to float32, with their sizes in bytes.</summary>
    public static IReadOnlyDictionary<string, int> SupportedDtypes { get; } =
        new Dictionary<string, int> { ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2 };

    /// <summary>Reads and validates the header of <paramref name="path"/>.</summary>
    /// <param name="path">A safetensors file.</param>
    /// <returns>The header; every entry's data range is checked to lie inside the file.</returns>
    /// <exception cref="InputException">
    /// The path is missing, a directory, a FIFO, socket or device, or unreadable; the file is shorter than 8 bytes;
    /// the header length runs past the end of the file; the header is not a JSON object of valid entries, or a string
    /// in it is not valid UTF-8 text; an entry's <c>data_offsets</c> run past the end of the file.
    /// </exception>
    public static SafetensorsHeader ReadHeader(string path)
    {
        using var stream = Open(path);
        return ReadHeader(path, stream);
    }

    /// <summary>Reads tensor <paramref name="name"/> of <paramref name="path"/> as float32.</summary>
    /// <param name="path">A safetensors file.</param>
    /// <param name="name">Tensor name, e.g. <c>prompt_embeddings</c>.</param>
    /// <returns>The tensor, row-major, converted from F32, F16 or BF16.</returns>
    /// <exception cref="InputException">
    /// Any header defect of <see cref="ReadHeader(string)"/>; the tensor is absent (the message lists
    /// the names present); its dtype is not F32/F16/BF16; a dimension is 2^31 or more, or the data would exceed
    /// <see cref="Array.MaxLength"/> bytes (both checked before allocating); its byte count differs from
    /// <c>product(shape) x dtype size</c>; it holds a NaN or infinite value (the message gives the
    /// flat index, and row and column for a 2-D tensor, of the first one).
    /// </exception>
    public static FloatTensor ReadTensor(string path, string name)
    {
        using var stream = Open(path);
        var header = ReadHeader(path, stream);
        var entry = header.Tensors.FirstOrDefault(t => t.Name == name);
        if (entry is null)
        {
            var present = header.Tensors.Count == 0 ? "no tensors" : "tensors " + string.Join(", ", header.Tensors.Select(t => t.Name));
            throw Error(path, name, $"a tensor named '{name}'", present);
        }
        if (!SupportedDtypes.TryGetValue(entry.Dtype, out var size))
            throw Error(path, $"{name}.dtype", "one of " + string.Join(", ", SupportedDtypes.Keys), $"'{entry.Dtype}'");

        int count = CheckedCount(path, entry, size);
        var raw = ReadData(header, stream, entry);
        var values = Convert(raw, entry.Dtype, count);
        CheckFinite(path, entry, values);
        return new FloatTensor(name, entry.Shape.Select(d => (int)d).ToArray(), values);
    }

    /// <summary>Integer element types <see cref="ReadIntegers"/> accepts, with their sizes in bytes.</summary>
    public static IReadOnlyDictionary<string, int> SupportedIntegerDtypes { get; } =
        new Dictionary<string, int> { ["I64"] = 8, ["I32"] = 4, ["I16"] = 2, ["I8"] = 1, ["U8"] = 1 };

    /// <summary>Reads integer tensor <paramref name="name"/> of <paramref name="path"/> (e.g. retrieval labels).</summary>
    /// <param name="path">A safetensors file.</param>
    /// <param name="name">Tensor name.</param>
    /// <returns>Shape (outermost first) and row-major values.</returns>
    /// <exception cref="InputException">
    /// Any header defect of <see cref="ReadHeader(string)"/>; the tensor is absent; its dtype is not one of
    /// <see cref="SupportedIntegerDtypes"/>; a dimension is 2^31 or more, or the data would exceed <see cref="Array.MaxLength"/>
    /// bytes; its byte count differs from <c>product(shape) x dtype size</c>;
    /// a value does not fit a 32-bit signed integer (its flat index is named).
    /// </exception>
    public static (IReadOnlyList<int> Shape, int[] Values) ReadIntegers(string path, string name)
    {
        using var stream = Open(path);
        var header = ReadHeader(path, stream);
        var entry = header.Tensors.FirstOrDefault(t => t.Name == name)
            ?? throw Error(path, name, $"a tensor named '{name}'", "tensors " + string.Join(", ", header.Tensors.Select(t => t.Name)));
        if (!SupportedIntegerDtypes.TryGetValue(entry.Dtype, out var size))
            throw Error(path, $"{name}.dtype", "one of " + string.Join(", ", SupportedIntegerDtypes.Keys), $"'{entry.Dtype}'");
        int count = CheckedCount(path, entry, size);
        var raw = ReadData(header, stream, entry);
        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            long v = entry.Dtype switch
            {
                "I64" => BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(8 * i)),
                "I32" => BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(4 * i)),
                "I16" => BinaryPrimitives.ReadInt16LittleEndian(raw.AsSpan(2 * i)),
                "I8" => (sbyte)raw[i],
                _ => raw[i],
            };
            if (v is < int.MinValue or > int.MaxValue)
                throw Error(path, name, "values that fit a 32-bit signed integer", $"{v} at flat index {i}");
            values[i] = (int)v;
        }
        return (entry.Shape.Select(d => (int)d).ToArray(), values);
    }

    private static FileStream Open(string path) => InputFile.OpenRead(path, "safetensors file");

    /// <summary>
    /// The element count of <paramref name="entry"/>, checked before anything is allocated: every dimension and the
    /// byte count <c>product(shape) x size</c> must fit an array (so the product cannot overflow), and the byte count
    /// must equal the entry's <c>data_offsets</c> range, which the header check keeps inside the file.
    /// </summary>
    private static int CheckedCount(string path, SafetensorsEntry entry, int size)
    {
        var shapeText = $"shape [{string.Join(", ", entry.Shape)}]";
        long count = 1;
        foreach (var dim in entry.Shape)
        {
            // count <= Array.MaxLength / size and dim <= int.MaxValue, so the product fits a long.
            if (dim > int.MaxValue)
                throw Error(path, $"{entry.Name}.shape", "dimensions below 2^31", shapeText);
            count *= dim;
            if (count * size > Array.MaxLength)
                throw Error(path, $"{entry.Name}.shape", $"at most {Array.MaxLength} bytes of data ({Array.MaxLength / size} {entry.Dtype} elements)", shapeText);
        }
        var bytes = entry.End - entry.Begin;
        if (bytes != count * size)
            throw Error(path, $"{entry.Name}.data_offsets", $"{count * size} bytes ({shapeText} x {size} bytes per {entry.Dtype})",
                $"{bytes} bytes (data_offsets [{entry.Begin}, {entry.End}])");
        return (int)count;
    }

    private static byte[] ReadData(SafetensorsHeader header, FileStream stream, SafetensorsEntry entry)
    {
        var raw = new byte[entry.End - entry.Begin];
        stream.Seek(header.DataStart + entry.Begin, SeekOrigin.Begin);
        stream.ReadExactly(raw);
        return raw;
    }

    private static SafetensorsHeader ReadHeader(string path, FileStream stream)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
            throw Error(path, "header", "at least 8 bytes (the little-endian header length)",
                fileLength == 0 ? "an empty file" : $"{fileLength} bytes");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8) || headerLength > MaxHeaderBytes)
            throw Error(path, "header", $"a header length of at most {Math.Min(fileLength - 8, MaxHeaderBytes)} bytes (the rest of the file)",
                $"{headerLength} bytes: the file is truncated or not safetensors");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var dataStart = 8 + (long)headerLength;

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Error(path, "header", "a JSON object", $"invalid JSON ({e.Message})");
        }
        using (doc)
        {
            try
            {
                return ReadEntries(path, doc.RootElement, dataStart, fileLength);
            }
            catch (InvalidOperationException e)
            {
                // JsonDocument checks structure only; a string with invalid UTF-8 or a lone \uD800 escape fails when read.
                throw Error(path, "header", "a JSON object whose strings are valid UTF-8 text", $"invalid text in a string ({e.Message})");
            }
        }
    }

    private static SafetensorsHeader ReadEntries(string path, JsonElement root, long dataStart, long fileLength)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Error(path, "header", "a JSON object", root.ValueKind.ToString());
        var metadata = new Dictionary<string, string>();
        var tensors = new List<SafetensorsEntry>();
        var errors = new List<InputError>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                ReadMetadata(path, property.Value, metadata, errors);
                continue;
            }
            var entry = ReadEntry(path, property.Name, property.Value, errors);
            if (entry is null) continue;
            if (entry.End > fileLength - dataStart) // not dataStart + End: End may be near long.MaxValue
                errors.Add(new InputError(path, $"{entry.Name}.data_offsets", null,
                    $"data inside the file (data section is {fileLength - dataStart} bytes)",
                    $"data_offsets [{entry.Begin}, {entry.End}]: the file is truncated"));
            else
                tensors.Add(entry);
        }
        if (errors.Count > 0) throw new InputException(errors);
        return new SafetensorsHeader(path, metadata, tensors, dataStart, fileLength);
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata, List<InputError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new InputError(path, "__metadata__", null, "an object of strings", value.ValueKind.ToString()));
            return;
        }
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind == JsonValueKind.String) metadata[item.Name] = item.Value.GetString()!;
            else errors.Add(new InputError(path, $"__metadata__.{item.Name}", null, "a string", item.Value.ValueKind.ToString()));
        }
    }

    private static SafetensorsEntry? ReadEntry(string path, string name, JsonElement value, List<InputError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new InputError(path, name, null, "an object {dtype, shape, data_offsets}", value.ValueKind.ToString()));
            return null;
        }
        var before = errors.Count;
        string? dtype = null;
        if (value.TryGetProperty("dtype", out var d) && d.ValueKind == JsonValueKind.String) dtype = d.GetString();
        else errors.Add(new InputError(path, $"{name}.dtype", null, "a string", d.ValueKind == JsonValueKind.Undefined ? "nothing" : d.ValueKind.ToString()));

        var shape = ReadLongs(path, name, "shape", value, errors, count: null);
        var offsets = ReadLongs(path, name, "data_offsets", value, errors, count: 2);
        if (offsets is not null && offsets[1] < offsets[0])
            errors.Add(new InputError(path, $"{name}.data_offsets", null, "[begin, end] with begin <= end", $"[{offsets[0]}, {offsets[1]}]"));
        if (errors.Count > before) return null;
        return new SafetensorsEntry(name, dtype!, shape!, offsets![0], offsets[1]);
    }

    private static long[]? ReadLongs(string path, string name, string key, JsonElement value, List<InputError> errors, int? count)
    {
        var expected = count is int c ? $"an array of {c} non-negative integers" : "an array of non-negative integers";
        if (!value.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new InputError(path, $"{name}.{key}", null, expected, array.ValueKind == JsonValueKind.Undefined ? "nothing" : array.ValueKind.ToString()));
            return null;
        }
        var result = new List<long>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
            {
                errors.Add(new InputError(path, $"{name}.{key}", null, expected, item.GetRawText()));
                return null;
            }
            result.Add(v);
        }
        if (count is int n && result.Count != n)
        {
            errors.Add(new InputError(path, $"{name}.{key}", null, expected, $"{result.Count} values"));
            return null;
        }
        return result.ToArray();
    }

    private static float[] Convert(byte[] raw, string dtype, int count)
    {
        var values = new float[count];
        switch (dtype)
        {
            case "F32":
                for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4 * i));
                break;
            case "F16":
                for (var i = 0; i < count; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw.AsSpan(2 * i));
                break;
            case "BF16":
                for (var i = 0; i < count; i++)
                    values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(2 * i)) << 16);
                break;
            default:
                throw new InvalidOperationException($"dtype {dtype} passed the support check but has no conversion.");
        }
        return values;
    }

    private static void CheckFinite(string path, SafetensorsEntry entry, float[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsFinite(values[i])) continue;
            var where = entry.Shape.Count == 2
                ? $"flat index {i} (row {i / entry.Shape[1]}, column {i % entry.Shape[1]})"
                : $"flat index {i}";
            throw Error(path, entry.Name, "finite values", $"{values[i]} at {where}");
        }
    }

    private static InputException Error(string path, string? at, string expected, string found) =>
        new(new InputError(path, at, null, expected, found));
}
