namespace Dse.Diagnostics;

/// <summary>A value that loads but is probably a mistake (e.g. a unit slip): a file, the place inside it and what is odd.</summary>
/// <param name="File">The file.</param>
/// <param name="Path">JSON path of the value.</param>
/// <param name="Line">1-based line, when known.</param>
/// <param name="Message">What is odd and the likely fix.</param>
public sealed record InputWarning(string File, string Path, int? Line, string Message)
{
    /// <summary>One line: <c>file:line: at path: message</c>.</summary>
    public override string ToString() => $"{(Line is int l ? $"{File}:{l}" : File)}: at {Path}: {Message}";

    /// <summary>The same finding as an error (for <c>--strict</c>).</summary>
    public InputError AsError() => new(File, Path, Line, "a value in its typical range (--strict)", Message);
}
