namespace Dse.Cli;

/// <summary>Writes command lines a POSIX shell reads back as the same arguments.</summary>
public static class Shell
{
    /// <summary>The arguments joined by spaces, each single-quoted when it holds anything but safe characters.</summary>
    public static string Join(IEnumerable<string> args) => string.Join(' ', args.Select(Quote));

    /// <summary>One argument, quoted when needed (<c>'</c> inside becomes <c>'\''</c>).</summary>
    public static string Quote(string arg)
        => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";
}
