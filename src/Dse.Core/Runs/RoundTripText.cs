using System.Globalization;

namespace Dse.Runs;

/// <summary>
/// The shortest round-trip text of doubles (<c>ToString("R")</c>, invariant culture; the text <see cref="System.Text.Json.Utf8JsonWriter"/>
/// writes for a finite double) as UTF-8, remembered per thread: a point's numbers go into both its <c>points.jsonl</c> line and its
/// <c>points.csv</c> row, and neighbouring points of a sweep share many (the components a changed axis does not touch), so a
/// cost-only screen formats most of them once instead of two or more times.
/// </summary>
/// <remarks>A direct-mapped table per thread of <see cref="Slots"/> entries keyed by the double's bits; a hit copies the remembered
/// bytes, a miss formats with <see cref="double.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/> and keeps the
/// text. The output is the formatter's, byte for byte, whatever the table holds.</remarks>
internal static class RoundTripText
{
    /// <summary>Longest text: sign, 17 significant digits, point, exponent (<c>-1.2345678901234567E-308</c> is 24 bytes).</summary>
    public const int MaxBytes = 32;

    private const int SlotBits = 12;
    private const int Slots = 1 << SlotBits;

    [ThreadStatic] private static Table? t_table;

    /// <summary>Writes the text of <paramref name="value"/> at the start of <paramref name="destination"/>.</summary>
    /// <param name="value">Any double (NaN and infinities give <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>).</param>
    /// <param name="destination">At least <see cref="MaxBytes"/> bytes.</param>
    /// <returns>Bytes written.</returns>
    public static int Write(double value, Span<byte> destination)
    {
        var table = t_table ??= new Table();
        long bits = BitConverter.DoubleToInt64Bits(value);
        int slot = (int)(((ulong)bits * 0x9E3779B97F4A7C15UL) >> (64 - SlotBits));
        var text = table.Text.AsSpan(slot * MaxBytes, MaxBytes);
        int length = table.Lengths[slot];
        if (length == 0 || table.Bits[slot] != bits)
        {
            if (!value.TryFormat(text, out length, "R", CultureInfo.InvariantCulture))
                throw new InvalidOperationException($"A number longer than {MaxBytes} bytes.");
            table.Bits[slot] = bits;
            table.Lengths[slot] = (byte)length;
        }
        text[..length].CopyTo(destination);
        return length;
    }

    private sealed class Table
    {
        public readonly long[] Bits = new long[Slots];
        public readonly byte[] Lengths = new byte[Slots];
        public readonly byte[] Text = new byte[Slots * MaxBytes];
    }
}
