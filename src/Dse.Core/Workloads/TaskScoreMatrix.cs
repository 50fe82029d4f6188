using System.Globalization;
using Dse.Diagnostics;

namespace Dse.Workloads;

/// <summary>
/// What a wrong retrieval costs the edge LLM (workload option <c>taskScores</c>, docs/sweep-files.md#task-scores): <c>S[i, j]</c>
/// is the task metric (e.g. LaMP accuracy or ROUGE-1, in [0, 1]) of domain i's queries when the LLM is served OVT j, measured
/// with the user's own evaluation harness; optionally the metric of each domain's queries with no prompt at all.
/// </summary>
/// <remarks>Rows and columns are in store order (OVT index, the retrieval label), whatever order the file gives them in.</remarks>
public sealed class TaskScoreMatrix
{
    /// <summary>The name of the optional column holding each domain's score with no prompt.</summary>
    public const string NoPromptColumn = "noPrompt";

    private readonly double[] _scores;

    private TaskScoreMatrix(int ovts, double[] scores, double[]? noPrompt, string sourceFile)
    {
        OvtCount = ovts;
        _scores = scores;
        NoPrompt = noPrompt;
        SourceFile = sourceFile;
    }

    /// <summary>N, the OVTs of the store (rows and columns).</summary>
    public int OvtCount { get; }

    /// <summary>Each domain's score with no prompt, <c>[N]</c>; null when the file has no such column.</summary>
    public IReadOnlyList<double>? NoPrompt { get; }

    /// <summary>The file read.</summary>
    public string SourceFile { get; }

    /// <summary>The task metric of domain <paramref name="trueOvt"/>'s queries served with OVT <paramref name="servedOvt"/> (store indices).</summary>
    public double Score(int trueOvt, int servedOvt) => _scores[trueOvt * OvtCount + servedOvt];

    /// <summary>
    /// Reads a matrix for the store whose OVTs are named <paramref name="ovtNames"/> (store order).
    /// A <c>.csv</c> has a header <c>ovt,NAME,...[,noPrompt]</c> and one row per domain <c>NAME,score,...</c>, rows and columns in
    /// any order; a <c>.npy</c> is a float array <c>[N, N]</c> or <c>[N, N + 1]</c> (last column: no prompt) in store order.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="ovtNames">The store's OVT names, store order.</param>
    /// <exception cref="InputException">A missing or unreadable file; a shape other than the store's; a name that is not an OVT of the
    /// store, repeated or missing (with its line); a value that is not a number in [0, 1] (with its line and column).</exception>
    public static TaskScoreMatrix Read(string path, IReadOnlyList<string> ovtNames)
    {
        if (!File.Exists(path)) throw Error(path, null, "a task-score matrix (.csv or .npy)", "no such file");
        return Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase) ? ReadNpy(path, ovtNames.Count) : ReadCsv(path, ovtNames);
    }

    private static TaskScoreMatrix ReadNpy(string path, int n)
    {
        var (shape, values) = NpyReader.ReadDoubles(path);
        if (shape.Count != 2 || shape[0] != n || (shape[1] != n && shape[1] != n + 1))
            throw Error(path, null, $"shape [{n}, {n}] or [{n}, {n + 1}] (the store's {n} OVTs, store order; last column: no prompt)", $"[{string.Join(", ", shape)}]");
        int cols = shape[1];
        for (int k = 0; k < values.Length; k++)
            if (!(values[k] >= 0 && values[k] <= 1)) throw Error(path, null, "scores in [0, 1]", $"{values[k].ToString("R", CultureInfo.InvariantCulture)} at [{k / cols}, {k % cols}]");
        var scores = new double[n * n];
        for (int i = 0; i < n; i++) Array.Copy(values, i * cols, scores, i * n, n);
        var noPrompt = cols == n + 1 ? Enumerable.Range(0, n).Select(i => values[i * cols + n]).ToArray() : null;
        return new TaskScoreMatrix(n, scores, noPrompt, path);
    }

    private static TaskScoreMatrix ReadCsv(string path, IReadOnlyList<string> ovtNames)
    {
        int n = ovtNames.Count;
        var index = ovtNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw Error(path, 1, "a header ovt,NAME,...[,noPrompt]", "an empty file");
        var header = lines[0].Split(',').Select(f => f.Trim()).ToArray();
        if (header[0] != "ovt") throw Error(path, 1, "'ovt' as the first header field (the column of row names)", $"'{header[0]}'");
        var columnOf = new int[header.Length];
        int noPromptAt = -1;
        for (int c = 1; c < header.Length; c++)
        {
            if (header[c] == NoPromptColumn && noPromptAt < 0) { noPromptAt = c; columnOf[c] = -1; continue; }
            if (!index.TryGetValue(header[c], out columnOf[c]))
                throw Error(path, 1, $"a column per OVT of the store ({Names(ovtNames)}) and optionally '{NoPromptColumn}'", $"'{header[c]}'");
            if (header.Skip(1).Take(c - 1).Contains(header[c])) throw Error(path, 1, "each OVT's column once", $"'{header[c]}' twice");
        }
        if (header.Length - 1 - (noPromptAt > 0 ? 1 : 0) != n)
            throw Error(path, 1, $"a column for each of the store's {n} OVTs ({Names(ovtNames)})", $"{header.Length - 1 - (noPromptAt > 0 ? 1 : 0)} ({Names(ovtNames.Except(header).ToList())} missing)");
        var scores = new double[n * n];
        var noPrompt = noPromptAt > 0 ? new double[n] : null;
        var seen = new bool[n];
        for (int l = 1; l < lines.Length; l++)
        {
            if (lines[l].Trim().Length == 0) continue;
            var fields = lines[l].Split(',').Select(f => f.Trim()).ToArray();
            if (!index.TryGetValue(fields[0], out int row)) throw Error(path, l + 1, $"a row per OVT of the store ({Names(ovtNames)})", $"'{fields[0]}'");
            if (seen[row]) throw Error(path, l + 1, "each OVT's row once", $"'{fields[0]}' again");
            seen[row] = true;
            if (fields.Length != header.Length) throw Error(path, l + 1, $"{header.Length} fields, as the header", $"{fields.Length}");
            for (int c = 1; c < fields.Length; c++)
            {
                if (!double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= 0 && v <= 1))
                    throw Error(path, l + 1, $"a score in [0, 1] in column '{header[c]}'", $"'{fields[c]}'");
                if (c == noPromptAt) noPrompt![row] = v;
                else scores[row * n + columnOf[c]] = v;
            }
        }
        if (seen.Any(s => !s)) throw Error(path, lines.Length, $"a row for each of the store's {n} OVTs", $"no row for {Names(ovtNames.Where((_, i) => !seen[i]).ToList())}");
        return new TaskScoreMatrix(n, scores, noPrompt, path);
    }

    private static string Names(IReadOnlyList<string> names) => names.Count <= 6 ? string.Join(", ", names) : string.Join(", ", names.Take(6)) + $", ... ({names.Count})";

    private static InputException Error(string path, int? line, string expected, string found) => new(new InputError(path, null, line, expected, found));
}
