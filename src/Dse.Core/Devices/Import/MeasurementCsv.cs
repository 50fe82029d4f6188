using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dse.Diagnostics;

namespace Dse.Devices.Import;

/// <summary>The two measurement layouts <see cref="MeasurementCsv"/> reads.</summary>
public enum MeasurementFormat
{
    /// <summary>Tidy raw reads, one row per read: <c>level</c>, <c>conductanceS</c> or <c>resistanceOhm</c>, optional <c>timeS</c> and <c>cell</c>.</summary>
    RawReads,
    /// <summary>One row per level: <c>level</c>, <c>meanS</c>, <c>sigmaS</c>, optional <c>count</c> (reads behind the row).</summary>
    LevelSummary,
}

/// <summary>One read of one cell.</summary>
/// <param name="Line">1-based CSV line.</param>
/// <param name="Level">Target level index, &gt;= 0.</param>
/// <param name="ConductanceS">Read conductance in siemens (1 / R when the file gives <c>resistanceOhm</c>), &gt;= 0.</param>
/// <param name="TimeS">Time after programming in seconds, &gt; 0; null when the file has no <c>timeS</c> column.</param>
/// <param name="Cell">Cell identifier; null when the file has no <c>cell</c> column.</param>
public sealed record RawRead(int Line, int Level, double ConductanceS, double? TimeS, string? Cell);

/// <summary>One level of a summary file.</summary>
/// <param name="Line">1-based CSV line.</param>
/// <param name="Level">Level index, &gt;= 0.</param>
/// <param name="MeanS">Mean conductance in siemens.</param>
/// <param name="SigmaS">Standard deviation of the level's conductance in siemens, &gt;= 0.</param>
/// <param name="Count">Reads behind the row; null when the file has no <c>count</c> column.</param>
public sealed record LevelSummaryRow(int Line, int Level, double MeanS, double SigmaS, int? Count);

/// <summary>A parsed measurement file: exactly one of <see cref="Reads"/> and <see cref="Summary"/> is non-empty.</summary>
/// <param name="File">The path as given.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="Format">The layout found from the header.</param>
/// <param name="Reads">Raw reads in file order (<see cref="MeasurementFormat.RawReads"/>).</param>
/// <param name="Summary">Level rows in file order (<see cref="MeasurementFormat.LevelSummary"/>).</param>
/// <param name="FromResistance">True when the conductances are 1 / <c>resistanceOhm</c>.</param>
public sealed record MeasurementTable(string File, string Sha256, MeasurementFormat Format,
    IReadOnlyList<RawRead> Reads, IReadOnlyList<LevelSummaryRow> Summary, bool FromResistance)
{
    /// <summary>True when the file has a <c>timeS</c> column.</summary>
    public bool HasTime => Reads.Count > 0 && Reads[0].TimeS is not null;

    /// <summary>True when the file has a <c>cell</c> column.</summary>
    public bool HasCell => Reads.Count > 0 && Reads[0].Cell is not null;
}

/// <summary>
/// Reads device measurements from a CSV file: a header row naming the columns (any order, names case-insensitive),
/// comma-separated values, blank lines and lines starting with <c>#</c> skipped. Every value is checked with its 1-based line,
/// including unit slips (a conductance outside the typical range of <see cref="ImportChecks"/>: microsiemens given as siemens,
/// a resistance under a conductance header, and the reverse).
/// </summary>
public static class MeasurementCsv
{
    private static readonly string[] RawColumns = ["level", "conductanceS", "resistanceOhm", "timeS", "cell"];
    private static readonly string[] SummaryColumns = ["level", "meanS", "sigmaS", "count"];

    /// <summary>Reads and checks one measurement file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="checks">Unit-slip ranges.</param>
    /// <returns>The table and its SHA-256.</returns>
    /// <exception cref="InputException">Unreadable file, bad header, malformed or out-of-range values (all errors, each with its line).</exception>
    public static MeasurementTable Read(string path, ImportChecks checks)
    {
        var bytes = InputFile.ReadAllBytes(path, "measurement CSV file");
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string text;
        using (var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            text = reader.ReadToEnd();

        var errors = new List<InputError>();
        var lines = text.Split('\n');
        int headerIndex = Array.FindIndex(lines, l => !Skip(l));
        if (headerIndex < 0)
            throw new InputException(new InputError(path, null, null, "a header row (e.g. level,conductanceS) followed by data rows", "no rows"));
        var header = Fields(lines[headerIndex]);
        int headerLine = headerIndex + 1;
        bool summary = header.Any(h => Is(h, "meanS") || Is(h, "sigmaS"));
        string[] allowed = summary ? SummaryColumns : RawColumns;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Length; c++)
        {
            string? known = allowed.FirstOrDefault(a => Is(header[c], a));
            if (known is null)
                errors.Add(new InputError(path, header[c], headerLine,
                    (summary ? "a summary column: " : "a raw-read column: ") + NameSuggester.ListWithSuggestion(header[c], allowed), $"column '{header[c]}'"));
            else if (!index.TryAdd(known, c))
                errors.Add(new InputError(path, header[c], headerLine, "each column once", $"a second '{header[c]}' column"));
        }
        void Need(string column, string what)
        {
            if (!index.ContainsKey(column)) errors.Add(new InputError(path, column, headerLine, $"a '{column}' column ({what})", "none"));
        }
        Need("level", "target level index 0, 1, ...");
        if (summary)
        {
            Need("meanS", "mean conductance of the level in siemens");
            Need("sigmaS", "standard deviation of the level's conductance in siemens");
        }
        else if (index.ContainsKey("conductanceS") == index.ContainsKey("resistanceOhm"))
            errors.Add(new InputError(path, "conductanceS", headerLine, "exactly one of 'conductanceS' (siemens) and 'resistanceOhm' (ohm)",
                index.ContainsKey("conductanceS") ? "both" : "neither"));
        if (errors.Count > 0) throw new InputException(errors);

        var reads = new List<RawRead>();
        var rows = new List<LevelSummaryRow>();
        var slips = new UnitSlips(path, checks);
        for (int i = headerIndex + 1; i < lines.Length; i++)
        {
            if (Skip(lines[i])) continue;
            int line = i + 1;
            var f = Fields(lines[i]);
            if (f.Length != header.Length)
            {
                errors.Add(new InputError(path, null, line, $"{header.Length} comma-separated values, as the header", $"{f.Length}"));
                continue;
            }
            int errorsBefore = errors.Count;
            int? level = Integer(f[index["level"]], path, "level", line, errors);
            if (summary)
            {
                double? mean = Number(f[index["meanS"]], path, "meanS", line, errors);
                double? sigma = Number(f[index["sigmaS"]], path, "sigmaS", line, errors);
                int? count = index.TryGetValue("count", out int ci) ? Integer(f[ci], path, "count", line, errors) : null;
                if (mean is double m) slips.Conductance("meanS", m, line);
                if (sigma is double s)
                {
                    if (s < 0) errors.Add(new InputError(path, "sigmaS", line, "a standard deviation >= 0 S", Invariant(s)));
                    else slips.Spread("sigmaS", s, line);
                }
                if (errors.Count == errorsBefore) rows.Add(new LevelSummaryRow(line, level!.Value, mean!.Value, sigma!.Value, count));
            }
            else
            {
                bool fromR = index.ContainsKey("resistanceOhm");
                double? value = Number(f[index[fromR ? "resistanceOhm" : "conductanceS"]], path, fromR ? "resistanceOhm" : "conductanceS", line, errors);
                double? time = index.TryGetValue("timeS", out int ti) ? Number(f[ti], path, "timeS", line, errors) : null;
                string? cell = index.TryGetValue("cell", out int ce) ? f[ce] : null;
                if (time is <= 0) errors.Add(new InputError(path, "timeS", line, "a time after programming > 0 s", Invariant(time.Value)));
                if (cell is "") errors.Add(new InputError(path, "cell", line, "a cell identifier", "an empty field"));
                double g = 0;
                if (value is double v)
                {
                    if (fromR)
                    {
                        if (v <= 0) errors.Add(new InputError(path, "resistanceOhm", line, "a resistance > 0 ohm", Invariant(v)));
                        else { slips.Resistance(v, line); g = 1 / v; }
                    }
                    else if (v < 0) errors.Add(new InputError(path, "conductanceS", line, "a conductance >= 0 S", Invariant(v)));
                    else { slips.Conductance("conductanceS", v, line); g = v; }
                }
                if (errors.Count == errorsBefore) reads.Add(new RawRead(line, level!.Value, g, time, cell));
            }
        }
        errors.AddRange(slips.Errors());
        if (errors.Count == 0 && reads.Count == 0 && rows.Count == 0)
            errors.Add(new InputError(path, null, headerLine + 1, "data rows after the header", "none"));
        if (errors.Count > 0) throw new InputException(errors);
        var format = summary ? MeasurementFormat.LevelSummary : MeasurementFormat.RawReads;
        return new MeasurementTable(path, sha, format, reads, rows, !summary && index.ContainsKey("resistanceOhm"));
    }

    private static bool Skip(string line) => line.Trim() is var t && (t.Length == 0 || t.StartsWith('#'));

    private static string[] Fields(string line) => line.TrimEnd('\r').Split(',').Select(s => s.Trim()).ToArray();

    private static bool Is(string header, string name) => string.Equals(header, name, StringComparison.OrdinalIgnoreCase);

    private static double? Number(string field, string path, string column, int line, List<InputError> errors)
    {
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)) return x;
        errors.Add(new InputError(path, column, line, "a finite number (invariant culture, e.g. 1.5e-6)", field.Length == 0 ? "an empty field" : $"'{field}'"));
        return null;
    }

    private static int? Integer(string field, string path, string column, int line, List<InputError> errors)
    {
        if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int x)) return x;
        errors.Add(new InputError(path, column, line, "an integer >= 0", field.Length == 0 ? "an empty field" : $"'{field}'"));
        return null;
    }

    internal static string Invariant(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>
    /// Collects unit slips per column and reports each column once: its first offending line, the count and the likely slip. A value
    /// above the typical range is a slip on every row (one read of 10 S is a typo); values below it (conductance) or above it
    /// (resistance) are a slip only when no value of the column is in range, since a level near 0 S legitimately has reads far below
    /// the range.
    /// </summary>
    private sealed class UnitSlips(string path, ImportChecks checks)
    {
        private readonly Dictionary<string, (int Line, double Value, string Guess, int Count, string Expected)> _high = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (int Line, double Value, string Guess, int Count, string Expected)> _low = new(StringComparer.Ordinal);
        private readonly HashSet<string> _inRange = new(StringComparer.Ordinal);

        private string ConductanceRange => $"a conductance in siemens within the typical range {Invariant(checks.ConductanceTypicalMinS)}..{Invariant(checks.ConductanceTypicalMaxS)} S (or 0)";

        public void Conductance(string column, double g, int line)
        {
            if (g == 0) return;
            if (g > checks.ConductanceTypicalMaxS)
                Note(_high, column, line, g, g < checks.ResistanceTypicalMinOhm
                    ? $"microsiemens given as siemens? {Invariant(g)} uS = {Invariant(g * 1e-6)} S"
                    : $"a resistance in ohm under a conductance header? 1 / {Invariant(g)} ohm = {Invariant(1 / g)} S", ConductanceRange);
            else if (g < checks.ConductanceTypicalMinS)
                Note(_low, column, line, g, "every value is below the range: nanosiemens or picosiemens divided twice, or a current in A?", ConductanceRange);
            else _inRange.Add(column);
        }

        public void Spread(string column, double sigmaS, int line)
        {
            if (sigmaS <= checks.ConductanceTypicalMaxS) return;
            Note(_high, column, line, sigmaS, $"microsiemens given as siemens? {Invariant(sigmaS)} uS = {Invariant(sigmaS * 1e-6)} S",
                $"a standard deviation in siemens below {Invariant(checks.ConductanceTypicalMaxS)} S");
        }

        public void Resistance(double r, int line)
        {
            string expected = $"a resistance in ohm within the typical range {Invariant(checks.ResistanceTypicalMinOhm)}..{Invariant(checks.ResistanceTypicalMaxOhm)} ohm";
            if (r < checks.ResistanceTypicalMinOhm)
                Note(_high, "resistanceOhm", line, r, r <= checks.ConductanceTypicalMaxS
                    ? $"a conductance in siemens under a resistance header? 1 / {Invariant(r)} S = {Invariant(1 / r)} ohm"
                    : $"kilo-ohm given as ohm? {Invariant(r)} kOhm = {Invariant(r * 1e3)} ohm", expected);
            else if (r > checks.ResistanceTypicalMaxOhm)
                Note(_low, "resistanceOhm", line, r, "every value is above the range: milliohm, or a conductance in picosiemens?", expected);
            else _inRange.Add("resistanceOhm");
        }

        private static void Note(Dictionary<string, (int Line, double Value, string Guess, int Count, string Expected)> into, string column, int line, double value, string guess, string expected) =>
            into[column] = into.TryGetValue(column, out var f) ? f with { Count = f.Count + 1 } : (line, value, guess, 1, expected);

        public IEnumerable<InputError> Errors() => _high.Concat(_low.Where(kv => !_inRange.Contains(kv.Key)))
            .Select(kv => new InputError(path, kv.Key, kv.Value.Line, kv.Value.Expected,
                $"{Invariant(kv.Value.Value)}{(kv.Value.Count > 1 ? $" (and {kv.Value.Count - 1} more rows outside the range)" : "")}: {kv.Value.Guess}"));
    }
}
