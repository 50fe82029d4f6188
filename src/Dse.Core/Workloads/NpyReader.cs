using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Dse.Diagnostics;

namespace Dse.Workloads;

/// <summary>The parsed header of a <c>.npy</c> file.</summary>
/// <param name="File">Path of the file as given.</param>
/// <param name="Major">Format major version: 1, 2 or 3.</param>
/// <param name="Descr">The dtype string as written, e.g. <c>&lt;f4</c>.</param>
/// <param name="FortranOrder">True when the data is stored column-major (first index fastest).</param>
/// <param name="Shape">Dimensions, outermost first; empty for a 0-d array.</param>
/// <param name="DataStart">Byte offset of the data in the file.</param>
public sealed record NpyHeader(string File, int Major, string Descr, bool FortranOrder, IReadOnlyList<int> Shape, long DataStart)
{
    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a 0-d array).</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// Strict reader of NumPy's <c>.npy</c> format, versions 1.0, 2.0 and 3.0: the magic
/// <c>\x93NUMPY</c>, major and minor version bytes, a little-endian header length (2 bytes in v1, 4 in
/// v2 and v3), an ASCII (v1, v2) or UTF-8 (v3) Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c> padded with spaces and a newline,
/// then the raw array data.
/// </summary>
/// <remarks>
/// Source: NumPy, <c>numpy/lib/format.py</c> ("Format Version 1.0" to "3.0") and NEP 1.
/// Float dtypes <c>f2</c>, <c>f4</c>, <c>f8</c>, integer dtypes <c>i1..i8</c>, <c>u1..u8</c> and the boolean <c>b1</c>
/// (<see cref="ReadNumbers"/> only) are read, in
/// either byte order (<c>&lt;</c>, <c>&gt;</c>, <c>=</c> native, <c>|</c> for one-byte types); C and Fortran
/// order are both returned row-major. Every defect is an <see cref="InputException"/> naming the file and
/// the header part at fault; NaN and infinite values are errors. Sizes a header declares are checked against the file before anything is allocated.
/// </remarks>
public static class NpyReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private static readonly string[] HeaderKeys = ["descr", "fortran_order", "shape"];

    /// <summary>Reads and validates the header of <paramref name="path"/>.</summary>
    /// <param name="path">A <c>.npy</c> file.</param>
    /// <returns>The header; the data section is checked to be exactly <c>Count x item size</c> bytes.</returns>
    /// <exception cref="InputException">
    /// The path is missing, a directory, a FIFO, socket or device, or unreadable; the file is longer than 2^31 bytes; the magic string or version is wrong; the header length runs past
    /// the end of the file; the header is not a dict literal with exactly the keys <c>descr</c>,
    /// <c>fortran_order</c>, <c>shape</c>; the dtype is not a supported float, integer or boolean type; the shape is not
    /// a tuple of non-negative integers; the data section is shorter (truncated) or longer than the shape needs.
    /// </exception>
    public static NpyHeader ReadHeader(string path)
    {
        var bytes = ReadAll(path);
        return ParseHeader(path, bytes).Header;
    }

    /// <summary>Reads a float array (<c>f2</c>, <c>f4</c> or <c>f8</c>) as float32.</summary>
    /// <param name="path">A <c>.npy</c> file.</param>
    /// <returns>The array, named after the file, row-major whatever the file's order; f8 values are rounded to float32.</returns>
    /// <exception cref="InputException">
    /// Any defect of <see cref="ReadHeader"/>; the dtype is not a float type; a value is NaN or infinite
    /// (the message gives its row-major flat index); an f8 value is beyond float32 range.
    /// </exception>
    public static FloatTensor ReadFloats(string path)
    {
        var bytes = ReadAll(path);
        var (header, type) = ParseHeader(path, bytes);
        if (type.Kind != 'f')
            throw Error(path, "descr", "a float dtype (f2, f4 or f8)", $"'{header.Descr}'");
        var raw = bytes.AsSpan((int)header.DataStart);
        int count = (int)header.Count;
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            var item = raw.Slice(i * type.Size, type.Size);
            values[i] = type.Size switch
            {
                2 => (float)(type.BigEndian ? BinaryPrimitives.ReadHalfBigEndian(item) : BinaryPrimitives.ReadHalfLittleEndian(item)),
                4 => type.BigEndian ? BinaryPrimitives.ReadSingleBigEndian(item) : BinaryPrimitives.ReadSingleLittleEndian(item),
                _ => (float)(type.BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(item) : BinaryPrimitives.ReadDoubleLittleEndian(item)),
            };
        }
        var shape = header.Shape.ToArray();
        if (header.FortranOrder) values = FortranToC(values, shape);
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw Error(path, "data", "finite values (within float32 range)", $"{values[i].ToString(CultureInfo.InvariantCulture)} at row-major flat index {i}");
        return new FloatTensor(Path.GetFileName(path), shape, values);
    }

    /// <summary>Reads an integer array (<c>i1..i8</c>, <c>u1..u8</c>), e.g. retrieval labels.</summary>
    /// <param name="path">A <c>.npy</c> file.</param>
    /// <returns>Shape (outermost first) and row-major values.</returns>
    /// <exception cref="InputException">
    /// Any defect of <see cref="ReadHeader"/>; the dtype is not an integer type; a value does not fit a 32-bit
    /// signed integer (its flat index is named).
    /// </exception>
    public static (IReadOnlyList<int> Shape, int[] Values) ReadIntegers(string path)
    {
        var bytes = ReadAll(path);
        var (header, type) = ParseHeader(path, bytes);
        if (type.Kind is not ('i' or 'u'))
            throw Error(path, "descr", "an integer dtype (i1, i2, i4, i8, u1, u2, u4 or u8)", $"'{header.Descr}'");
        var raw = bytes.AsSpan((int)header.DataStart);
        int count = (int)header.Count;
        var values = new int[count];
        for (int i = 0; i < count; i++)
        {
            var item = raw.Slice(i * type.Size, type.Size);
            Int128 v = (type.Kind, type.Size) switch
            {
                ('i', 1) => (sbyte)item[0],
                ('u', 1) => item[0],
                ('i', 2) => type.BigEndian ? BinaryPrimitives.ReadInt16BigEndian(item) : BinaryPrimitives.ReadInt16LittleEndian(item),
                ('u', 2) => type.BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(item) : BinaryPrimitives.ReadUInt16LittleEndian(item),
                ('i', 4) => type.BigEndian ? BinaryPrimitives.ReadInt32BigEndian(item) : BinaryPrimitives.ReadInt32LittleEndian(item),
                ('u', 4) => type.BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(item) : BinaryPrimitives.ReadUInt32LittleEndian(item),
                ('i', _) => type.BigEndian ? BinaryPrimitives.ReadInt64BigEndian(item) : BinaryPrimitives.ReadInt64LittleEndian(item),
                _ => type.BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(item) : BinaryPrimitives.ReadUInt64LittleEndian(item),
            };
            if (v < int.MinValue || v > int.MaxValue)
                throw Error(path, "data", "values that fit a 32-bit signed integer", $"{v} at flat index {i}");
            values[i] = (int)v;
        }
        var shape = header.Shape.ToArray();
        if (header.FortranOrder) values = FortranToC(values, shape);
        return (shape, values);
    }

    /// <summary>Reads a float array (<c>f2</c>, <c>f4</c> or <c>f8</c>) at double precision: f8 values exactly, f2 and f4 widened.</summary>
    /// <param name="path">A <c>.npy</c> file.</param>
    /// <returns>Shape (outermost first) and row-major values, whatever the file's order.</returns>
    /// <exception cref="InputException">
    /// Any defect of <see cref="ReadHeader"/>; the dtype is not a float type; a value is NaN or infinite (its row-major flat index is named).
    /// </exception>
    public static (IReadOnlyList<int> Shape, double[] Values) ReadDoubles(string path)
    {
        var bytes = ReadAll(path);
        var (header, type) = ParseHeader(path, bytes);
        if (type.Kind != 'f')
            throw Error(path, "descr", "a float dtype (f2, f4 or f8)", $"'{header.Descr}'");
        return ReadAsDoubles(path, bytes, header, type);
    }

    /// <summary>Reads a numeric array of any supported dtype (float, integer or <c>|b1</c> boolean) as doubles, e.g. 0/1 flags.</summary>
    /// <param name="path">A <c>.npy</c> file.</param>
    /// <returns>Shape (outermost first) and row-major values; integers beyond 2^53 are rounded, booleans are their byte (0 or 1).</returns>
    /// <exception cref="InputException">Any defect of <see cref="ReadHeader"/>; a float value is NaN or infinite (its row-major flat index is named).</exception>
    public static (IReadOnlyList<int> Shape, double[] Values) ReadNumbers(string path)
    {
        var bytes = ReadAll(path);
        var (header, type) = ParseHeader(path, bytes);
        return ReadAsDoubles(path, bytes, header, type);
    }

    private static (IReadOnlyList<int> Shape, double[] Values) ReadAsDoubles(string path, byte[] bytes, NpyHeader header, ItemType type)
    {
        var raw = bytes.AsSpan((int)header.DataStart);
        int count = (int)header.Count;
        var values = new double[count];
        bool big = type.BigEndian;
        for (int i = 0; i < count; i++)
        {
            var item = raw.Slice(i * type.Size, type.Size);
            values[i] = (type.Kind, type.Size) switch
            {
                ('f', 2) => (double)(big ? BinaryPrimitives.ReadHalfBigEndian(item) : BinaryPrimitives.ReadHalfLittleEndian(item)),
                ('f', 4) => big ? BinaryPrimitives.ReadSingleBigEndian(item) : BinaryPrimitives.ReadSingleLittleEndian(item),
                ('f', _) => big ? BinaryPrimitives.ReadDoubleBigEndian(item) : BinaryPrimitives.ReadDoubleLittleEndian(item),
                ('i', 1) => (sbyte)item[0],
                ('u' or 'b', 1) => item[0],
                ('i', 2) => big ? BinaryPrimitives.ReadInt16BigEndian(item) : BinaryPrimitives.ReadInt16LittleEndian(item),
                ('u', 2) => big ? BinaryPrimitives.ReadUInt16BigEndian(item) : BinaryPrimitives.ReadUInt16LittleEndian(item),
                ('i', 4) => big ? BinaryPrimitives.ReadInt32BigEndian(item) : BinaryPrimitives.ReadInt32LittleEndian(item),
                ('u', 4) => big ? BinaryPrimitives.ReadUInt32BigEndian(item) : BinaryPrimitives.ReadUInt32LittleEndian(item),
                ('i', _) => big ? BinaryPrimitives.ReadInt64BigEndian(item) : BinaryPrimitives.ReadInt64LittleEndian(item),
                _ => big ? BinaryPrimitives.ReadUInt64BigEndian(item) : BinaryPrimitives.ReadUInt64LittleEndian(item),
            };
        }
        var shape = header.Shape.ToArray();
        if (header.FortranOrder) values = FortranToC(values, shape);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw Error(path, "data", "finite values", $"{values[i].ToString(CultureInfo.InvariantCulture)} at row-major flat index {i}");
        return (shape, values);
    }

    private readonly record struct ItemType(char Kind, int Size, bool BigEndian);

    private static byte[] ReadAll(string path) => InputFile.ReadAllBytes(path, ".npy file");

    private static (NpyHeader Header, ItemType Type) ParseHeader(string path, byte[] bytes)
    {
        if (bytes.Length < Magic.Length + 2 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Error(path, "magic", "the .npy magic string \\x93NUMPY", bytes.Length == 0 ? "an empty file" : "other bytes: not a .npy file");
        int major = bytes[6], minor = bytes[7];
        if (major is < 1 or > 3 || minor != 0)
            throw Error(path, "version", "format version 1.0, 2.0 or 3.0", $"{major}.{minor}");
        int lengthBytes = major == 1 ? 2 : 4;
        if (bytes.Length < 8 + lengthBytes)
            throw Error(path, "header", $"a {lengthBytes}-byte header length", "the end of the file: the file is truncated");
        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))
            : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        long dataStart = 8 + lengthBytes + headerLength;
        if (dataStart > bytes.Length)
            throw Error(path, "header", $"a header of at most {bytes.Length - 8 - lengthBytes} bytes (the rest of the file)",
                $"a header length of {headerLength} bytes: the file is truncated");
        var headerSpan = bytes.AsSpan(8 + lengthBytes, (int)headerLength);
        string text;
        try
        {
            text = major == 3
                ? new UTF8Encoding(false, true).GetString(headerSpan)
                : Encoding.Latin1.GetString(headerSpan);
        }
        catch (DecoderFallbackException)
        {
            throw Error(path, "header", "a UTF-8 header (format 3.0)", "invalid UTF-8 bytes");
        }
        if (major < 3 && headerSpan.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e) is int bad && bad >= 0 && headerSpan[bad] != (byte)'\n')
            throw Error(path, "header", $"an ASCII header (format {major}.0; use 3.0 for UTF-8)", $"byte 0x{headerSpan[bad]:x2} at header offset {bad}");

        var dict = new PyLiteralParser(path, text).ParseDict();
        foreach (var key in dict.Keys.Where(k => !HeaderKeys.Contains(k)))
            throw Error(path, key, "only the header keys 'descr', 'fortran_order', 'shape'", $"key '{key}'");
        foreach (var key in HeaderKeys.Where(k => !dict.ContainsKey(k)))
            throw Error(path, key, $"header key '{key}'", "no such key");
        if (dict["descr"] is not string descr)
            throw Error(path, "descr", "a dtype string such as '<f4' (structured dtypes are not supported)", Describe(dict["descr"]));
        if (dict["fortran_order"] is not bool fortran)
            throw Error(path, "fortran_order", "True or False", Describe(dict["fortran_order"]));
        if (dict["shape"] is not List<long> dims)
            throw Error(path, "shape", "a tuple of non-negative integers such as (3, 4)", Describe(dict["shape"]));
        var type = ParseDescr(path, descr);
        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0 || d > int.MaxValue) throw Error(path, "shape", "non-negative dimensions below 2^31", $"({string.Join(", ", dims)})");
            count *= d;
            if (count * type.Size > Array.MaxLength)
                throw Error(path, "shape", $"at most {Array.MaxLength} bytes of data", $"shape ({string.Join(", ", dims)})");
        }
        long expected = count * type.Size, found = bytes.Length - dataStart;
        if (found != expected)
            throw Error(path, "data", $"{expected} bytes of data (shape ({string.Join(", ", dims)}) x {type.Size} bytes per '{descr}')",
                found < expected ? $"{found} bytes: the file is truncated" : $"{found} bytes: {found - expected} bytes after the array");
        return (new NpyHeader(path, major, descr, fortran, dims.Select(d => (int)d).ToArray(), dataStart), type);
    }

    private static ItemType ParseDescr(string path, string descr)
    {
        const string expected = "a dtype '<f2', '<f4', '<f8', an integer type ('<i8', '|u1', ...) or the boolean '|b1', in either byte order";
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '=' or '|') || descr[1] is not ('f' or 'i' or 'u' or 'b')
            || !int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
            throw Error(path, "descr", expected, $"'{descr}'");
        char kind = descr[1];
        bool ok = kind switch { 'f' => size is 2 or 4 or 8, 'b' => size == 1, _ => size is 1 or 2 or 4 or 8 };
        if (!ok || (descr[0] == '|' && size != 1)) throw Error(path, "descr", expected, $"'{descr}'");
        bool big = descr[0] == '>' || (descr[0] == '=' && !BitConverter.IsLittleEndian);
        return new ItemType(kind, size, big);
    }

    /// <summary>Reorders column-major values (first index fastest) into row-major order.</summary>
    private static T[] FortranToC<T>(T[] values, int[] shape)
    {
        if (shape.Length < 2) return values;
        var result = new T[values.Length];
        var index = new int[shape.Length];
        var fortranStride = new long[shape.Length];
        fortranStride[0] = 1;
        for (int k = 1; k < shape.Length; k++) fortranStride[k] = fortranStride[k - 1] * shape[k - 1];
        for (int c = 0; c < values.Length; c++)
        {
            long f = 0;
            for (int k = 0; k < shape.Length; k++) f += index[k] * fortranStride[k];
            result[c] = values[f];
            for (int k = shape.Length - 1; k >= 0; k--)
            {
                if (++index[k] < shape[k]) break;
                index[k] = 0;
            }
        }
        return result;
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        List<long> t => $"({string.Join(", ", t)})",
        _ => value.ToString() ?? "?",
    };

    private static InputException Error(string path, string? at, string expected, string found) =>
        new(new InputError(path, at, null, expected, found));

    /// <summary>
    /// Parses the subset of Python literal syntax that <c>numpy.lib.format</c> writes: a dict of quoted keys
    /// to quoted strings, <c>True</c>/<c>False</c>, integers and tuples of integers, with optional trailing commas.
    /// </summary>
    private sealed class PyLiteralParser(string path, string text)
    {
        private int _pos;

        public Dictionary<string, object?> ParseDict()
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            SkipSpace();
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (Peek() == '}') { _pos++; break; }
                var key = ParseString();
                SkipSpace();
                Expect(':');
                SkipSpace();
                if (!result.TryAdd(key, ParseValue())) throw Fail($"each key once", $"'{key}' twice");
                SkipSpace();
                if (Peek() == ',') { _pos++; continue; }
                SkipSpace();
                Expect('}');
                break;
            }
            SkipSpace();
            if (_pos != text.Length) throw Fail("only spaces and a newline after the header dict", $"'{Excerpt()}'");
            if (!text.EndsWith('\n')) throw Fail("a header ending in a newline", "no newline");
            return result;
        }

        private object? ParseValue()
        {
            char c = Peek();
            if (c is '\'' or '"') return ParseString();
            if (c == '(') return ParseTuple();
            if (c == '-' || char.IsAsciiDigit(c)) return ParseInt();
            foreach (var (word, value) in new (string, object?)[] { ("True", true), ("False", false), ("None", null) })
                if (string.CompareOrdinal(text, _pos, word, 0, word.Length) == 0) { _pos += word.Length; return value; }
            throw Fail("a string, True, False, an integer or a tuple", $"'{Excerpt()}'");
        }

        private List<long> ParseTuple()
        {
            Expect('(');
            var items = new List<long>();
            while (true)
            {
                SkipSpace();
                if (Peek() == ')') { _pos++; return items; }
                items.Add(ParseInt());
                SkipSpace();
                if (Peek() == ',') { _pos++; continue; }
                Expect(')');
                return items;
            }
        }

        private long ParseInt()
        {
            int start = _pos;
            if (Peek() == '-') _pos++;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            if (!long.TryParse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
                throw Fail("an integer", $"'{Excerpt(start)}'");
            return v;
        }

        private string ParseString()
        {
            char quote = Peek();
            if (quote is not ('\'' or '"')) throw Fail("a quoted string", $"'{Excerpt()}'");
            int end = text.IndexOf(quote, _pos + 1);
            if (end < 0) throw Fail("a closing quote", "the end of the header");
            var s = text.Substring(_pos + 1, end - _pos - 1);
            _pos = end + 1;
            return s;
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Fail($"'{c}'", _pos < text.Length ? $"'{Excerpt()}'" : "the end of the header");
            _pos++;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
        }

        private string Excerpt(int? from = null)
        {
            int start = from ?? _pos;
            return text.Substring(start, Math.Min(20, text.Length - start)).TrimEnd();
        }

        private InputException Fail(string expected, string found) =>
            Error(path, "header", $"a Python dict literal header: {expected}", $"{found} at header offset {_pos}");
    }
}
