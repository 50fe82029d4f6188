using Dse.Diagnostics;

namespace Dse.Exploration.Axes;

/// <summary>A crossbar (subarray) size: wordlines x bitlines.</summary>
/// <param name="Rows">Rows (wordlines), the row-block size of the partial sums. Range: <see cref="Range"/>.</param>
/// <param name="Cols">Columns (bitlines). Range: <see cref="Range"/>.</param>
public readonly record struct CrossbarSize(int Rows, int Cols)
{
    /// <summary>Valid rows and columns of a crossbar: 1..4096.</summary>
    public static IntRange Range { get; } = new(1, 4096);

    /// <summary><c>ROWSxCOLS</c>, as written in sweep files and keys.</summary>
    public override string ToString() => $"{Rows}x{Cols}";

    /// <summary>Parses <c>ROWSxCOLS</c> with both in <see cref="Range"/>; null when it is not one.</summary>
    public static CrossbarSize? TryParse(string text)
    {
        var parts = text.Split('x');
        return parts.Length == 2
            && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int rows)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int cols)
            && Range.Contains(rows) && Range.Contains(cols)
            ? new CrossbarSize(rows, cols) : null;
    }

    /// <summary>What a message expects of a crossbar size.</summary>
    public static string Expected => $"\"ROWSxCOLS\" with {Range.Min} <= ROWS, COLS <= {Range.Max} (e.g. \"128x128\")";
}
