namespace Dse.Diagnostics;

/// <summary>
/// One problem with user input: a file, the place inside it, what was expected and what was found.
/// </summary>
/// <param name="File">Path of the offending file as the user gave it (or "command line").</param>
/// <param name="Path">JSON path (<c>$.mc.trials</c>), tensor name, or argument name; null when the whole file is at fault.</param>
/// <param name="Line">1-based line in <paramref name="File"/>, when known.</param>
/// <param name="Expected">What a valid input holds here.</param>
/// <param name="Found">What the input holds instead.</param>
public sealed record InputError(string File, string? Path, int? Line, string Expected, string Found)
{
    /// <summary>One paragraph: <c>file:line: at path: expected ..., found ...</c>.</summary>
    public override string ToString()
    {
        var where = Line is int l ? $"{File}:{l}" : File;
        var at = Path is null ? "" : $" at {Path}";
        return $"{where}:{at} expected {Expected}; found {Found}.";
    }
}

/// <summary>
/// Thrown when user input is invalid. Carries every <see cref="InputError"/> found, so a user sees
/// all problems at once. The CLI maps it to exit code 2.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>The problems found, at least one.</summary>
    public IReadOnlyList<InputError> Errors { get; }

    /// <summary>Creates the exception from one or more errors.</summary>
    /// <exception cref="ArgumentException">When <paramref name="errors"/> is empty.</exception>
    public InputException(IReadOnlyList<InputError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        if (errors.Count == 0) throw new ArgumentException("At least one error is required.", nameof(errors));
        Errors = errors;
    }

    /// <summary>Creates the exception from a single error.</summary>
    public InputException(InputError error) : this([error]) { }
}
