using System.Text;
using Dse.Diagnostics;

namespace Dse.Workloads;

/// <summary>One text sample of a domain (a document, a fortune entry or a paragraph).</summary>
/// <param name="File">The file it comes from.</param>
/// <param name="Line">1-based line where it starts in <paramref name="File"/>.</param>
/// <param name="Text">Its text.</param>
public sealed record TextSample(string File, int Line, string Text);

/// <summary>Splits a domain's text into samples and samples into words.</summary>
public static class TextCorpus
{
    /// <summary>The separator line of fortune files: a line holding only this (trailing spaces allowed).</summary>
    public const string FortuneSeparator = "%";

    /// <summary>The files of a domain given as a folder: its <c>*.txt</c> files (not recursive, hidden ones skipped), sorted ordinally.</summary>
    /// <param name="folder">The domain folder.</param>
    /// <returns>Full paths, one document each.</returns>
    /// <exception cref="InputException">When the folder holds no <c>.txt</c> file, or cannot be listed (removed, permission denied).</exception>
    public static IReadOnlyList<string> FolderDocuments(string folder)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(folder, "*.txt", SearchOption.TopDirectoryOnly)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(new InputError(folder, null, null, "a readable domain folder", e is UnauthorizedAccessException ? "permission denied" : e.Message));
        }
        if (files.Length == 0) throw new InputException(new InputError(folder, null, null, "a domain folder with at least one .txt document", "no .txt file"));
        return files;
    }

    /// <summary>The text of one document of a domain folder (one sample), read when the sample is reached.</summary>
    /// <param name="file">A file listed by <see cref="FolderDocuments"/>.</param>
    /// <returns>Its text (UTF-8, or the encoding its byte-order mark names).</returns>
    /// <exception cref="InputException">
    /// The file is not a regular file (a directory, FIFO, socket or device named <c>*.txt</c>), it was removed after
    /// the folder was listed, or it cannot be read.
    /// </exception>
    public static string ReadDocument(string file) => InputFile.ReadAllText(file, "text document");

    /// <summary>
    /// The samples of a domain given as one file. A file with a line holding only <c>%</c> is a fortune file
    /// whose entries are the text between such lines; any other file is split into paragraphs at blank lines.
    /// Empty samples are dropped.
    /// </summary>
    /// <param name="file">A UTF-8 text file.</param>
    /// <returns>The samples in file order, each with its first line number.</returns>
    /// <exception cref="InputException">The file is not a regular file (a directory, FIFO, socket or device), or it cannot be read.</exception>
    public static IReadOnlyList<TextSample> FileSamples(string file)
    {
        var lines = Lines(InputFile.ReadAllText(file, "text file"));
        bool fortune = lines.Any(IsFortuneSeparator);
        var samples = new List<TextSample>();
        var current = new StringBuilder();
        int start = 0;
        for (int i = 0; i <= lines.Length; i++)
        {
            bool boundary = i == lines.Length || (fortune ? IsFortuneSeparator(lines[i]) : string.IsNullOrWhiteSpace(lines[i]));
            if (boundary)
            {
                if (current.Length > 0 && !string.IsNullOrWhiteSpace(current.ToString()))
                    samples.Add(new TextSample(file, start + 1, current.ToString()));
                current.Clear();
                start = i + 1;
                continue;
            }
            if (current.Length == 0) start = i;
            current.Append(lines[i]).Append('\n');
        }
        return samples;
    }

    /// <summary>
    /// The tokeniser: the maximal runs of letters and digits of <paramref name="text"/>, lower-cased with the
    /// invariant culture (so <c>"Don't stop!"</c> gives <c>don</c>, <c>t</c>, <c>stop</c>).
    /// </summary>
    /// <param name="text">Any text.</param>
    /// <returns>The words in text order.</returns>
    public static IEnumerable<string> Words(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i])) i++;
            int start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            if (i > start) yield return text.Substring(start, i - start).ToLowerInvariant();
        }
    }

    /// <summary>The lines of <paramref name="text"/>, split at <c>\n</c>, <c>\r\n</c> or <c>\r</c> (as <see cref="File.ReadAllLines(string)"/> does).</summary>
    private static string[] Lines(string text)
    {
        var lines = new List<string>();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines.ToArray();
    }

    private static bool IsFortuneSeparator(string line) => line.TrimEnd() == FortuneSeparator;
}
