using System.Globalization;
using System.Runtime.CompilerServices;

namespace Dse.Runs;

/// <summary>
/// The shortest round-trip text of doubles (<c>ToString("R")</c>, invariant culture; the text <see cref="System.Text.Json.Utf8JsonWriter"/>
/// writes for a finite double) as UTF-8, remembered per thread: a point's numbers go into both its <c>points.jsonl</c> line and its
/// <c>points.csv</c> row, and neighbouring points of a sweep share many (the components a changed axis does not touch), so a
/// cost-only screen formats most of them once instead of two or more times.
/// </summary>
/// <remarks>A direct-mapped table per thread of <see cref="Slots"/> entries keyed by the double's bits, each entry's bits, length and text
/// side by side (one or two cache lines per look-up); a hit copies the remembered bytes, a miss formats with
/// <see cref="double.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/> and keeps the text. The output is the
/// formatter's, byte for byte, whatever the table holds.</remarks>
internal static class RoundTripText
{
    /// <summary>Longest text: sign, 17 significant digits, point, exponent (<c>-1.2345678901234567E-308</c> is 24 bytes).</summary>
    public const int MaxBytes = 32;

    private const int SlotBits = 12;
    private const int Slots = 1 << SlotBits;

    [ThreadStatic] private static Entry[]? t_table;

    /// <summary>Writes the text of <paramref name="value"/> at the start of <paramref name="destination"/>.</summary>
    /// <param name="value">Any double (NaN and infinities give <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>).</param>
    /// <param name="destination">At least <see cref="MaxBytes"/> bytes (all of them may be overwritten).</param>
    /// <returns>Bytes written.</returns>
    public static int Write(double value, Span<byte> destination)
    {
        var table = t_table ??= new Entry[Slots];
        long bits = BitConverter.DoubleToInt64Bits(value);
        ref var entry = ref table[(int)(((ulong)bits * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits))];
        Span<byte> text = entry.Text;
        if (entry.Length == 0 || entry.Bits != bits)
        {
            if (!value.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"A number longer than {MaxBytes} bytes.");
            entry.Bits = bits;
            entry.Length = (byte)length;
        }
        text.CopyTo(destination);
        return entry.Length;
    }

    /// <summary>One remembered number: its bits, the length of its text and the text.</summary>
    private struct Entry
    {
        public long Bits;
        public byte Length;
        public TextBytes Text;
    }

    [InlineArray(MaxBytes)]
    private struct TextBytes
    {
        private byte _first;
    }
}
