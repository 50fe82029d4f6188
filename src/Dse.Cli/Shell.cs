namespace Dse.Cli;

/// <summary>Writes command lines a POSIX shell reads back as the same arguments.</summary>
public static class Shell
{
    /// <summary>The arguments joined by spaces, each single-quoted when it holds anything but safe characters.</summary>
    public static string Join(IEnumerable<string> args) => string.Join(' ', args.Select(Quote));

    /// <summary>One argument, quoted when needed (<c>'</c> inside becomes <c>'\''</c>).</summary>
    public static string Quote(string arg)
        => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";

    /// <summary>
    /// How this <c>dse</c> was started, as the words a shell runs again: <c>dotnet run --project DIR -c CONFIG --</c> when the
    /// program is the build output of a Dse.Cli project (started with <c>dotnet run</c>), its path when it is a <c>dse</c> that
    /// the PATH does not find, else <c>dse</c> (the installed tool, or the CLI hosted in another process such as the tests).
    /// </summary>
    /// <param name="processPath">The program's path (default: this process's).</param>
    /// <param name="path">The PATH variable (default: this process's).</param>
    /// <param name="currentDirectory">Where a relative project folder starts (default: the current directory).</param>
    public static IReadOnlyList<string> Invocation(string? processPath = null, string? path = null, string? currentDirectory = null)
    {
        processPath ??= Environment.ProcessPath;
        if (processPath is null || Path.GetFileNameWithoutExtension(processPath) != "dse") return ["dse"];
        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        string exe = Path.GetFullPath(processPath);
        // bin/CONFIG/TFM[/RID]/dse under a folder holding Dse.Cli.csproj: a build output.
        for (var dir = Path.GetDirectoryName(exe); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Path.GetFileName(dir) != "bin" || Path.GetDirectoryName(dir) is not { } project || !File.Exists(Path.Combine(project, "Dse.Cli.csproj"))) continue;
            string config = Path.GetRelativePath(dir, exe).Split(Path.DirectorySeparatorChar)[0];
            return ["dotnet", "run", "--project", Path.GetRelativePath(currentDirectory ?? Environment.CurrentDirectory, project), "-c", config, "--"];
        }
        bool onPath = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => string.Equals(Path.GetFullPath(Path.Combine(d, Path.GetFileName(exe))), exe, StringComparison.Ordinal));
        return onPath ? ["dse"] : [exe];
    }
}
