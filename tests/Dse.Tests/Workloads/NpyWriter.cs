using System.Buffers.Binary;
using System.Text;

namespace Dse.Tests.Workloads;

/// <summary>
/// Writes <c>.npy</c> files byte by byte following NumPy's own rules (<c>numpy/lib/format.py</c>, <c>_wrap_header</c>):
/// magic <c>\x93NUMPY</c>, version, little-endian header length (u2 in v1, u4 in v2/v3), the dict repr
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c> padded with spaces and a final newline so
/// the data starts at a multiple of 64 bytes.
/// </summary>
public static class NpyWriter
{
    /// <summary>The header dict exactly as <c>numpy.lib.format</c> writes it.</summary>
    public static string HeaderDict(string descr, bool fortran, params int[] shape)
    {
        var dims = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        return $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {dims}, }}";
    }

    /// <summary>Writes a float array given row-major; it is stored in the file's order, dtype and byte order.</summary>
    public static void WriteFloats(string path, string descr, bool fortran, int[] shape, float[] rowMajor, int major = 1)
    {
        var ordered = fortran ? ToFortran(rowMajor, shape) : rowMajor;
        bool big = descr[0] == '>';
        int size = descr[2] - '0';
        var data = new byte[ordered.Length * size];
        for (int i = 0; i < ordered.Length; i++)
        {
            var span = data.AsSpan(i * size, size);
            switch (size)
            {
                case 2: if (big) BinaryPrimitives.WriteHalfBigEndian(span, (Half)ordered[i]); else BinaryPrimitives.WriteHalfLittleEndian(span, (Half)ordered[i]); break;
                case 4: if (big) BinaryPrimitives.WriteSingleBigEndian(span, ordered[i]); else BinaryPrimitives.WriteSingleLittleEndian(span, ordered[i]); break;
                default: if (big) BinaryPrimitives.WriteDoubleBigEndian(span, ordered[i]); else BinaryPrimitives.WriteDoubleLittleEndian(span, ordered[i]); break;
            }
        }
        WriteRaw(path, HeaderDict(descr, fortran, shape), data, major);
    }

    /// <summary>Writes an <c>&lt;i8</c> vector (e.g. labels).</summary>
    public static void WriteInt64(string path, long[] values)
    {
        var data = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * 8), values[i]);
        WriteRaw(path, HeaderDict("<i8", false, values.Length), data);
    }

    /// <summary>Writes a little-endian <c>&lt;f8</c> array given row-major, every double exactly.</summary>
    public static void WriteDoubles(string path, int[] shape, double[] rowMajor)
    {
        var data = new byte[rowMajor.Length * 8];
        for (int i = 0; i < rowMajor.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), rowMajor[i]);
        WriteRaw(path, HeaderDict("<f8", false, shape), data);
    }

    /// <summary>Writes a <c>|b1</c> vector (numpy's bool: one byte, 0 or 1).</summary>
    public static void WriteBools(string path, bool[] values) =>
        WriteRaw(path, HeaderDict("|b1", false, values.Length), values.Select(v => (byte)(v ? 1 : 0)).ToArray());

    /// <summary>Writes any header text (padded as NumPy does) followed by <paramref name="data"/>.</summary>
    public static void WriteRaw(string path, string dict, byte[] data, int major = 1)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(dict);
        int prefix = 6 + 2 + lengthBytes;
        int total = (prefix + text.Length + 1 + 63) / 64 * 64;
        var header = new byte[total - prefix];
        header.AsSpan().Fill((byte)' ');
        text.CopyTo(header, 0);
        header[^1] = (byte)'\n';
        var file = new byte[total + data.Length];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 }.CopyTo(file, 0);
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), (uint)header.Length);
        header.CopyTo(file, prefix);
        data.CopyTo(file, total);
        File.WriteAllBytes(path, file);
    }

    private static float[] ToFortran(float[] rowMajor, int[] shape)
    {
        // Column-major: the first index varies fastest.
        var result = new float[rowMajor.Length];
        var index = new int[shape.Length];
        for (int c = 0; c < rowMajor.Length; c++)
        {
            int f = 0, stride = 1;
            for (int k = 0; k < shape.Length; k++) { f += index[k] * stride; stride *= shape[k]; }
            result[f] = rowMajor[c];
            for (int k = shape.Length - 1; k >= 0; k--)
            {
                if (++index[k] < shape[k]) break;
                index[k] = 0;
            }
        }
        return result;
    }
}
