using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dse.Diagnostics;

/// <summary>
/// Maps JSON paths (<c>$.mc.trials</c>, <c>$.sigmaPerLevel[2]</c>) of one parsed file to the
/// 1-based line where each value starts, so loaders can report where a bad value is.
/// </summary>
/// <remarks>
/// Parsing is lenient only in syntax users expect from hand-edited files: <c>//</c> and
/// <c>/* */</c> comments are skipped and trailing commas are allowed. Everything else is standard
/// JSON (so NaN and Infinity literals are rejected). Duplicate keys are reported as errors by
/// <see cref="Parse"/>, since the later one would silently win.
/// </remarks>
public sealed class JsonSourceMap
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, int> _lines;

    private JsonSourceMap(string file, Dictionary<string, int> lines)
    {
        File = file;
        _lines = lines;
    }

    /// <summary>Path of the parsed file as the user gave it; used in every error.</summary>
    public string File { get; }

    /// <summary>
    /// Parses <paramref name="text"/> (the content of <paramref name="file"/>) into a node tree and
    /// records the line of every property value and array element.
    /// </summary>
    /// <param name="file">File path as the user gave it; only used in messages.</param>
    /// <param name="text">Whole file content.</param>
    /// <param name="root">The parsed document; never null on return (a JSON <c>null</c> document is an error).</param>
    /// <returns>The line map of the document.</returns>
    /// <exception cref="InputException">
    /// The file is empty or whitespace only, the JSON is malformed or truncated (the error names the
    /// 1-based line and what the parser expected), the document is the literal <c>null</c>, an
    /// object repeats a key, or a string holds a <c>\u</c> escape that is not valid UTF-16 (a lone surrogate).
    /// </exception>
    public static JsonSourceMap Parse(string file, string text, out JsonNode root)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InputException(new InputError(file, null, 1, "a JSON document", "an empty file"));

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicates = new List<InputError>();
        var bytes = Encoding.UTF8.GetBytes(text);
        try
        {
            Scan(file, bytes, lines, duplicates);
            if (duplicates.Count > 0) throw new InputException(duplicates);
            root = JsonNode.Parse(text, nodeOptions: null, DocumentOptions)
                ?? throw new InputException(new InputError(file, "$", 1, "a JSON object", "null"));
        }
        catch (JsonException ex)
        {
            int line = (int)(ex.LineNumber ?? 0) + 1;
            bool truncated = IsTruncation(bytes, line);
            string found = truncated
                ? "the end of the file (the file is truncated: a value, ']' or '}' is missing)"
                : Describe(ex);
            throw new InputException(new InputError(file, ex.Path is { Length: > 0 } p ? p : null, line,
                "well-formed JSON", found));
        }
        return new JsonSourceMap(file, lines);
    }

    /// <summary>
    /// 1-based line where the value at <paramref name="jsonPath"/> starts, or null if the path does
    /// not occur in the file. <c>$</c> is the root; properties are <c>.name</c>; array elements
    /// <c>[i]</c> (0-based). For a missing key, ask for its parent object to point at the object.
    /// </summary>
    public int? LineOf(string jsonPath) => _lines.TryGetValue(jsonPath, out var l) ? l : null;

    /// <summary>
    /// Line of <paramref name="jsonPath"/>, else of the nearest enclosing path that is in the file
    /// (so a missing key points at its parent object), else null.
    /// </summary>
    public int? NearestLineOf(string jsonPath)
    {
        for (string? p = jsonPath; p is not null; p = Parent(p))
            if (_lines.TryGetValue(p, out var l)) return l;
        return null;
    }

    /// <summary>JSON path of property <paramref name="key"/> inside the object at <paramref name="parent"/>.</summary>
    public static string Child(string parent, string key) =>
        IsPlainName(key) ? $"{parent}.{key}" : $"{parent}['{key.Replace("'", "\\'")}']";

    /// <summary>JSON path of element <paramref name="index"/> (0-based) of the array at <paramref name="parent"/>.</summary>
    public static string Element(string parent, int index) => $"{parent}[{index}]";

    private static string? Parent(string path)
    {
        if (path == "$") return null;
        int cut = path.EndsWith(']') ? path.LastIndexOf('[') : path.LastIndexOf('.');
        return cut > 0 ? path[..cut] : "$";
    }

    private static bool IsPlainName(string key) =>
        key.Length > 0 && !char.IsDigit(key[0]) && key.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');

    // One reader pass: a stack of containers; each value's path is recorded at its first token.
    private static void Scan(string file, byte[] bytes, Dictionary<string, int> lines, List<InputError> duplicates)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var stack = new Stack<Frame>();
        var lineCounter = new LineCounter(bytes);
        string? pendingProperty = null;

        while (reader.Read())
        {
            int line = lineCounter.LineAt((int)reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    var frame = stack.Peek();
                    string name = ReadString(ref reader, file, frame.Path, line);
                    pendingProperty = Child(frame.Path, name);
                    if (!frame.Keys!.Add(name))
                        duplicates.Add(new InputError(file, pendingProperty, line, "each key once per object",
                            $"'{name}' again (first at line {lines[pendingProperty]})"));
                    else
                        lines[pendingProperty] = line;
                    continue;
                }
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    continue;
            }

            string path = ValuePath(stack, pendingProperty);
            pendingProperty = null;
            lines.TryAdd(path, line);
            if (reader.TokenType == JsonTokenType.String) ReadString(ref reader, file, path, line);
            if (reader.TokenType == JsonTokenType.StartObject) stack.Push(new Frame(path, new HashSet<string>(StringComparer.Ordinal)));
            else if (reader.TokenType == JsonTokenType.StartArray) stack.Push(new Frame(path, null));
        }
    }

    /// <summary>
    /// The current string token, unescaped. The reader checks escapes only when a string is read, so a lone
    /// surrogate such as <c>\uDC00</c> would otherwise pass parsing and fail later, wherever the value is used.
    /// </summary>
    /// <exception cref="InputException">The string holds an escape that is not valid UTF-16.</exception>
    private static string ReadString(ref Utf8JsonReader reader, string file, string path, int line)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new InputException(new InputError(file, path, line, "a string of valid Unicode text",
                $"an invalid \\u escape ({e.Message.TrimEnd('.')})"));
        }
    }

    private static string ValuePath(Stack<Frame> stack, string? pendingProperty)
    {
        if (pendingProperty is not null) return pendingProperty;
        if (stack.Count == 0) return "$";
        var frame = stack.Peek();           // an array: this value is its next element
        return Element(frame.Path, frame.NextIndex++);
    }

    private static bool IsTruncation(byte[] bytes, int line)
    {
        int lastLine = 1;
        int last = bytes.Length - 1;
        while (last >= 0 && bytes[last] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') last--;
        for (int i = 0; i <= last; i++) if (bytes[i] == (byte)'\n') lastLine++;
        return line >= lastLine && last >= 0 && bytes[last] != (byte)'}' && bytes[last] != (byte)']';
    }

    private static string Describe(JsonException ex)
    {
        // System.Text.Json messages read "'x' is an invalid start of a value. LineNumber: 3 | BytePositionInLine: 7."
        string msg = ex.Message;
        int cut = msg.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) msg = msg[..cut];
        msg = msg.TrimEnd('.', ' ');
        long? col = ex.BytePositionInLine;
        return col is long c ? $"{msg} (column {c + 1})" : msg;
    }

    private sealed class Frame(string path, HashSet<string>? keys)
    {
        public string Path { get; } = path;
        public HashSet<string>? Keys { get; } = keys;
        public int NextIndex { get; set; }
    }

    /// <summary>Counts newlines incrementally: token offsets only grow during one reader pass.</summary>
    private sealed class LineCounter(byte[] bytes)
    {
        private int _offset;
        private int _line = 1;

        public int LineAt(int offset)
        {
            for (; _offset < offset && _offset < bytes.Length; _offset++)
                if (bytes[_offset] == (byte)'\n') _line++;
            return _line;
        }
    }
}
