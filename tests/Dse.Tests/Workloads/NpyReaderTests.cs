using System.Text;
using Dse.Diagnostics;
using Dse.Tests.Shared;
using Dse.Workloads;

namespace Dse.Tests.Workloads;

public class NpyReaderTests
{
    private readonly string _dir = TestPaths.NewTempDir();

    // [2, 3, 2] with values exactly representable in f2: 0, 0.5, -1, 1.5, ...
    private static readonly int[] Shape = [2, 3, 2];
    private static readonly float[] Values = Enumerable.Range(0, 12).Select(i => (i % 2 == 0 ? 1 : -1) * i * 0.5f).ToArray();

    [Theory]
    [InlineData("<f4", false, 1)]
    [InlineData("<f4", true, 1)]
    [InlineData("<f2", false, 1)]
    [InlineData("<f2", true, 2)]
    [InlineData("<f8", false, 2)]
    [InlineData("<f8", true, 2)]
    [InlineData(">f4", false, 1)]
    [InlineData(">f8", true, 3)]
    public void Round_trip_of_numpy_format_files(string descr, bool fortran, int major)
    {
        var path = Path.Combine(_dir, "a.npy");
        NpyWriter.WriteFloats(path, descr, fortran, Shape, Values, major);
        Assert.Equal(0, (new FileInfo(path).Length - Values.Length * (descr[2] - '0')) % 64);
        var header = NpyReader.ReadHeader(path);
        Assert.Equal((major, descr, fortran), (header.Major, header.Descr, header.FortranOrder));
        var t = NpyReader.ReadFloats(path);
        Assert.Equal(Shape, t.Shape);
        Assert.Equal(Values, t.Values);
    }

    [Fact]
    public void Fortran_order_matrix_is_returned_row_major()
    {
        // [[1, 2, 3], [4, 5, 6]] in Fortran order is stored 1 4 2 5 3 6.
        var path = Path.Combine(_dir, "f.npy");
        var data = new byte[24];
        float[] stored = [1, 4, 2, 5, 3, 6];
        for (int i = 0; i < 6; i++) BitConverter.TryWriteBytes(data.AsSpan(i * 4), stored[i]);
        NpyWriter.WriteRaw(path, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data);
        Assert.Equal([1f, 2, 3, 4, 5, 6], NpyReader.ReadFloats(path).Values);
    }

    [Fact]
    public void Integer_labels()
    {
        var path = Path.Combine(_dir, "labels.npy");
        NpyWriter.WriteInt64(path, [0, 2, 1, 2]);
        var (shape, values) = NpyReader.ReadIntegers(path);
        Assert.Equal([4], shape);
        Assert.Equal([0, 2, 1, 2], values);
    }

    [Fact]
    public void Doubles_keep_f8_exactly_and_numbers_read_every_numeric_dtype()
    {
        var path = Path.Combine(_dir, "g.npy");
        double[] g = [1.0000000000000002e-5, 3e-300, 0, 0.1];
        NpyWriter.WriteDoubles(path, [2, 2], g);
        var (shape, values) = NpyReader.ReadDoubles(path);
        Assert.Equal([2, 2], shape);
        Assert.Equal(g, values);
        NpyWriter.WriteFloats(path, ">f4", true, [2, 2], [1, 2, 3, 0.5f]);
        Assert.Equal([1.0, 2, 3, 0.5], NpyReader.ReadDoubles(path).Values);
        NpyWriter.WriteInt64(path, [0, 1, 1]);
        Assert.Contains("a float dtype", Assert.Throws<InputException>(() => NpyReader.ReadDoubles(path)).Message);
        Assert.Equal([0.0, 1, 1], NpyReader.ReadNumbers(path).Values);
        NpyWriter.WriteBools(path, [true, false, true]);
        Assert.Equal([1.0, 0, 1], NpyReader.ReadNumbers(path).Values);
        Assert.Contains("an integer dtype", Assert.Throws<InputException>(() => NpyReader.ReadIntegers(path)).Message);
        Assert.Contains("a float dtype", Assert.Throws<InputException>(() => NpyReader.ReadFloats(path)).Message);
        NpyWriter.WriteDoubles(path, [3], [0, double.PositiveInfinity, 1]);
        Assert.Contains("flat index 1", Assert.Throws<InputException>(() => NpyReader.ReadNumbers(path)).Message);
    }

    public static TheoryData<string, byte[]?, string> BadFiles() => new()
    {
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", null, "the file is truncated" },
        { "{'descr': '<c8', 'fortran_order': False, 'shape': (6,), }", null, "'<c8'" },
        { "{'descr': '<f4', 'fortran_order': False, }", null, "header key 'shape'" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'extra': 1, }", null, "key 'extra'" },
        { "{'descr': '<f4', 'fortran_order': 0, 'shape': (6,), }", null, "True or False" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (6,) ", null, "Python dict literal" },
        { "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (6,), }", null, "Python dict literal" },
        { "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", null, "non-negative" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_headers_name_the_file(string dict, byte[]? data, string mention)
    {
        var path = Path.Combine(_dir, "bad.npy");
        NpyWriter.WriteRaw(path, dict, data ?? new byte[16]);
        var e = Assert.Throws<InputException>(() => NpyReader.ReadFloats(path));
        Assert.Contains("bad.npy", e.Message);
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void Bad_magic_version_and_header_length()
    {
        var path = Path.Combine(_dir, "x.npy");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("PK\x03\x04 not numpy"));
        Assert.Contains("magic", Assert.Throws<InputException>(() => NpyReader.ReadFloats(path)).Message);
        File.WriteAllBytes(path, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 4, 0, 0, 0]);
        Assert.Contains("version 1.0, 2.0 or 3.0", Assert.Throws<InputException>(() => NpyReader.ReadFloats(path)).Message);
        File.WriteAllBytes(path, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0xff, 0x7f, (byte)'{']);
        Assert.Contains("truncated", Assert.Throws<InputException>(() => NpyReader.ReadFloats(path)).Message);
        File.WriteAllBytes(path, []);
        Assert.Contains("empty file", Assert.Throws<InputException>(() => NpyReader.ReadFloats(path)).Message);
    }

    [Fact]
    public void Trailing_bytes_and_nan_are_errors()
    {
        var path = Path.Combine(_dir, "t.npy");
        NpyWriter.WriteRaw(path, NpyWriter.HeaderDict("<f4", false, 2), new byte[12]);
        Assert.Contains("4 bytes after the array", Assert.Throws<InputException>(() => NpyReader.ReadFloats(path)).Message);
        NpyWriter.WriteFloats(path, "<f4", false, [2, 2], [1, 2, float.NaN, 4]);
        Assert.Contains("flat index 2", Assert.Throws<InputException>(() => NpyReader.ReadFloats(path)).Message);
    }
}
