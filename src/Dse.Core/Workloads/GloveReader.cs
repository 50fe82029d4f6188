using System.Globalization;
using System.Text;
using Dse.Diagnostics;

namespace Dse.Workloads;

/// <summary>A word-vector table: one <c>d</c>-wide vector per word.</summary>
public sealed class WordVectors
{
    private readonly Dictionary<string, int> _index;
    private readonly float[] _values;

    /// <summary>Creates the table.</summary>
    /// <param name="words">Words in file order; the first occurrence of a repeated word wins.</param>
    /// <param name="values">Row-major vectors <c>[words.Count, dim]</c>.</param>
    /// <param name="dim">d, the vector width. Range: <c>>= 1</c>.</param>
    /// <param name="source">The file the vectors came from (for messages and reports).</param>
    /// <exception cref="ArgumentException">When <paramref name="values"/> is not <c>words.Count x dim</c> long.</exception>
    public WordVectors(IReadOnlyList<string> words, float[] values, int dim, string source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        if (values.Length != (long)words.Count * dim) throw new ArgumentException($"Expected {words.Count} x {dim} values.", nameof(values));
        _index = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (int i = 0; i < words.Count; i++) _index.TryAdd(words[i], i);
        _values = values;
        Dim = dim;
        Source = source;
    }

    /// <summary>d, the width of every vector.</summary>
    public int Dim { get; }

    /// <summary>Number of distinct words.</summary>
    public int Count => _index.Count;

    /// <summary>The file the vectors came from.</summary>
    public string Source { get; }

    /// <summary>The vector of <paramref name="word"/> (exact, case-sensitive match).</summary>
    /// <param name="word">A word as stored (GloVe vocabularies are lower-case).</param>
    /// <param name="vector">Its <c>d</c> values, when found.</param>
    /// <returns>True when the word has a vector.</returns>
    public bool TryGet(string word, out ReadOnlySpan<float> vector)
    {
        if (_index.TryGetValue(word, out int i))
        {
            vector = _values.AsSpan(i * Dim, Dim);
            return true;
        }
        vector = default;
        return false;
    }
}

/// <summary>
/// Strict reader of word vectors in GloVe text format: one word per line, <c>word v1 ... vd</c>, fields
/// separated by spaces (or tabs), every line with the same <c>d</c>.
/// </summary>
/// <remarks>
/// Source: the GloVe release format (nlp.stanford.edu/projects/glove, <c>glove.6B.100d.txt</c>). Blank lines
/// are skipped; a repeated word keeps its first vector. Every defect is an <see cref="InputException"/>
/// naming the file and 1-based line.
/// </remarks>
public static class GloveReader
{
    /// <summary>At most this many defective lines are reported before reading stops.</summary>
    public const int MaxReportedErrors = 20;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">A GloVe text file (UTF-8).</param>
    /// <returns>The table; <c>d</c> is the number of values on the first line.</returns>
    /// <exception cref="InputException">
    /// The path is missing, a directory, a FIFO, socket or device, or unreadable; the file holds no vector (line 1 is named); a line has a different number of values
    /// from the first (ragged), a value that is not a number, or a NaN or infinite value (file and line of
    /// each, up to <see cref="MaxReportedErrors"/>).
    /// </exception>
    public static WordVectors Read(string path)
    {

        var words = new List<string>();
        var values = new List<float>();
        var errors = new List<InputError>();
        int dim = 0, lineNumber = 0;
        using var reader = new StreamReader(InputFile.OpenRead(path, "GloVe text file"), Encoding.UTF8);
        while (reader.ReadLine() is { } line && errors.Count < MaxReportedErrors)
        {
            lineNumber++;
            var span = line.AsSpan().Trim();
            if (span.IsEmpty) continue;
            int fields = 0, start = values.Count;
            string? word = null;
            foreach (var range in span.SplitAny(' ', '\t'))
            {
                var field = span[range];
                if (field.IsEmpty) continue;
                fields++;
                if (word is null) { word = field.ToString(); continue; }
                if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                {
                    errors.Add(new InputError(path, $"word '{word}'", lineNumber, "finite numbers after the word", $"'{field}' as value {fields - 1}"));
                    break;
                }
                values.Add(v);
            }
            if (errors.Count > 0 && errors[^1].Line == lineNumber)
            {
                values.RemoveRange(start, values.Count - start);
                continue;
            }
            int count = values.Count - start;
            if (dim == 0 && count == 0)
            {
                errors.Add(new InputError(path, $"word '{word}'", lineNumber, "a line 'word v1 ... vd' with d >= 1", "a word without values"));
                continue;
            }
            if (dim == 0) dim = count;
            if (count != dim)
            {
                errors.Add(new InputError(path, $"word '{word}'", lineNumber, $"{dim} values after the word (as on the first line)", $"{count} values"));
                values.RemoveRange(start, count);
                continue;
            }
            words.Add(word!);
        }
        if (errors.Count == 0 && words.Count == 0)
            errors.Add(new InputError(path, null, 1, "word vectors, one 'word v1 ... vd' per line", lineNumber == 0 ? "an empty file" : "only blank lines"));
        if (errors.Count > 0) throw new InputException(errors);
        return new WordVectors(words, values.ToArray(), dim, path);
    }
}
