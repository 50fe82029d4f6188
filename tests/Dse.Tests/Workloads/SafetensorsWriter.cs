using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Dse.Tests.Workloads;

/// <summary>Writes small safetensors files for tests (well-formed, or raw for bad-input fixtures).</summary>
public static class SafetensorsWriter
{
    /// <summary>One tensor to write: values are converted to <paramref name="Dtype"/> (F32, F16 or BF16, BF16 by truncation).</summary>
    public sealed record Entry(string Name, string Dtype, int[] Shape, float[] Values);

    /// <summary>Writes <paramref name="entries"/> (data in order) with an optional <c>__metadata__</c>.</summary>
    public static void Write(string path, IReadOnlyList<Entry> entries, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Dictionary<string, object>();
        if (metadata is not null) header["__metadata__"] = metadata;
        var data = new MemoryStream();
        foreach (var e in entries)
        {
            var begin = data.Length;
            var bytes = Encode(e.Dtype, e.Values);
            data.Write(bytes);
            header[e.Name] = new { dtype = e.Dtype, shape = e.Shape, data_offsets = new[] { begin, data.Length } };
        }
        WriteRaw(path, JsonSerializer.Serialize(header), data.ToArray());
    }

    /// <summary>Writes one F32/F16/BF16 tensor.</summary>
    public static void Write(string path, string name, string dtype, int[] shape, float[] values) =>
        Write(path, [new Entry(name, dtype, shape, values)]);

    /// <summary>Writes an arbitrary header (padded with spaces to a multiple of 8, as the reference writer does) and data.</summary>
    public static void WriteRaw(string path, string headerJson, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(headerJson);
        var padded = (json.Length + 7) / 8 * 8;
        var file = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        json.CopyTo(file, 8);
        file.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        data.CopyTo(file, 8 + padded);
        File.WriteAllBytes(path, file);
    }

    /// <summary>Little-endian bytes of <paramref name="values"/> in <paramref name="dtype"/>.</summary>
    public static byte[] Encode(string dtype, float[] values)
    {
        var size = dtype == "F32" ? 4 : 2;
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            var span = bytes.AsSpan(i * size);
            switch (dtype)
            {
                case "F32": BinaryPrimitives.WriteSingleLittleEndian(span, values[i]); break;
                case "F16": BinaryPrimitives.WriteHalfLittleEndian(span, (Half)values[i]); break;
                case "BF16": BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16)); break;
                default: throw new ArgumentException($"Unsupported dtype {dtype}.", nameof(dtype));
            }
        }
        return bytes;
    }
}
