namespace Dse.Cli;

/// <summary>Process exit codes of <c>dse</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;
    /// <summary>An internal error (a bug): please report it.</summary>
    public const int InternalError = 1;
    /// <summary>Bad input: a file, key, value or argument the user can fix; nothing was written.</summary>
    public const int BadInput = 2;
    /// <summary><c>dse select</c>: no design meets the constraints.</summary>
    public const int NoFeasibleDesign = 3;
    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Cancelled = 130;
}
