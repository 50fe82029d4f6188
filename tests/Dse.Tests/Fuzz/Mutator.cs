using System.Buffers.Binary;
using System.Text;
using CsCheck;

namespace Dse.Tests.Fuzz;

/// <summary>
/// Mutation-based input generation on top of CsCheck: an input is a seed file plus a short list of mutations
/// (bit flips, interesting bytes and integers, inserted dictionary tokens, deletions, truncation, duplication,
/// splicing with another seed, and replacement of a number by an extreme one). CsCheck shrinks a failing input
/// by shrinking the mutation list and its integers, so a finding is reported as a small edit of a known file.
/// </summary>
public static class Mutator
{
    private const int Operations = 9;

    private static readonly byte[] InterestingBytes =
        [0, 1, 0x7f, 0x80, 0xff, (byte)'0', (byte)'9', (byte)'-', (byte)'"', (byte)'\\', (byte)'[', (byte)'{', (byte)',', (byte)' ', (byte)'\n', (byte)'%', (byte)'\'', (byte)'('];

    private static readonly long[] InterestingIntegers =
        [0, 1, -1, 7, 8, 255, 256, 65535, 65536, int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, 1L << 40, 1L << 62, long.MaxValue, long.MinValue, 100_000_001];

    private static readonly string[] InterestingNumbers =
        ["0", "-1", "-0", "1e400", "-1e400", "1e39", "2147483648", "-2147483649", "4294967296", "1099511627776", "4611686018427387904",
         "9223372036854775807", "9223372036854775808", "18446744073709551616", "1.5", "1e-400", "NaN", "Infinity", "00"];

    /// <summary>One mutation: which operation, two position/length draws and a dictionary draw.</summary>
    public readonly record struct Mutation(int Op, uint A, uint B, int Pick);

    private static readonly Gen<Mutation> MutationGen =
        Gen.Select(Gen.Int[0, Operations - 1], Gen.UInt, Gen.UInt, Gen.Int[0, 1 << 16], (op, a, b, pick) => new Mutation(op, a, b, pick));

    /// <summary>Seeds, each mutated up to <paramref name="maxMutations"/> times (0 keeps the seed as is).</summary>
    /// <param name="seeds">Valid and invalid example files. At least one.</param>
    /// <param name="tokens">Format-specific tokens to insert (e.g. JSON fragments, header keys).</param>
    /// <param name="maxMutations">Most mutations per input.</param>
    public static Gen<byte[]> Mutate(IReadOnlyList<byte[]> seeds, IReadOnlyList<string> tokens, int maxMutations = 4) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], MutationGen.Array[0, maxMutations], (s, ms) => Apply(seeds[s], ms, seeds, tokens));

    /// <summary>Outputs of <paramref name="generated"/> (e.g. structured files), each mutated up to <paramref name="maxMutations"/> times.</summary>
    public static Gen<byte[]> Mutate(Gen<byte[]> generated, IReadOnlyList<byte[]> seeds, IReadOnlyList<string> tokens, int maxMutations = 2) =>
        Gen.Select(generated, MutationGen.Array[0, maxMutations], (g, ms) => Apply(g, ms, seeds, tokens));

    /// <summary>Applies <paramref name="mutations"/> to a copy of <paramref name="seed"/>.</summary>
    public static byte[] Apply(byte[] seed, Mutation[] mutations, IReadOnlyList<byte[]> seeds, IReadOnlyList<string> tokens)
    {
        var data = new List<byte>(seed);
        foreach (var m in mutations)
        {
            int n = data.Count;
            int at = n == 0 ? 0 : (int)(m.A % (uint)n);
            switch (m.Op)
            {
                case 0 when n > 0: // flip one bit
                    data[at] ^= (byte)(1 << (int)(m.B % 8));
                    break;
                case 1 when n > 0: // an interesting byte
                    data[at] = InterestingBytes[m.Pick % InterestingBytes.Length];
                    break;
                case 2: // insert a token
                    data.InsertRange((int)(m.A % (uint)(n + 1)), Encoding.UTF8.GetBytes(tokens[m.Pick % tokens.Count]));
                    break;
                case 3 when n > 0: // delete a range
                    data.RemoveRange(at, Math.Min(n - at, 1 + (int)(m.B % 32)));
                    break;
                case 4: // truncate
                    data.RemoveRange((int)(m.A % (uint)(n + 1)), n - (int)(m.A % (uint)(n + 1)));
                    break;
                case 5 when n > 0: // duplicate a range elsewhere
                {
                    int length = Math.Min(n - at, 1 + (int)(m.B % 64));
                    var chunk = data.GetRange(at, length);
                    data.InsertRange((int)(m.B % (uint)(n + 1)), chunk);
                    break;
                }
                case 6 when n > 0: // an interesting little-endian integer of 2, 4 or 8 bytes
                {
                    int width = (m.B % 3) switch { 0 => 2, 1 => 4, _ => 8 };
                    Span<byte> bytes = stackalloc byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(bytes, InterestingIntegers[m.Pick % InterestingIntegers.Length]);
                    for (int i = 0; i < width && at + i < n; i++) data[at + i] = bytes[i];
                    break;
                }
                case 7: // splice: this input's head, another seed's tail
                {
                    var other = seeds[m.Pick % seeds.Count];
                    int cut = (int)(m.A % (uint)(n + 1)), from = other.Length == 0 ? 0 : (int)(m.B % (uint)other.Length);
                    data.RemoveRange(cut, n - cut);
                    data.AddRange(other.AsSpan(from).ToArray());
                    break;
                }
                case 8 when n > 0: // replace the number at or after a position by an extreme one
                {
                    int start = at;
                    while (start < n && !IsNumberByte(data[start])) start++;
                    if (start == n) break;
                    int end = start;
                    while (end < n && IsNumberByte(data[end])) end++;
                    data.RemoveRange(start, end - start);
                    data.InsertRange(start, Encoding.ASCII.GetBytes(InterestingNumbers[m.Pick % InterestingNumbers.Length]));
                    break;
                }
            }
        }
        return data.ToArray();
    }

    private static bool IsNumberByte(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+';
}
