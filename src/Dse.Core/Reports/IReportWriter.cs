using Dse.Exploration.Runs;

namespace Dse.Reports;

/// <summary>One view of a run written into its folder (a table, a page, the summary). Reads only the <see cref="RunReport"/> (its aggregates, and its points one at a time).</summary>
public interface IReportWriter
{
    /// <summary>File name written in the run folder, e.g. <c>points.csv</c>.</summary>
    string FileName { get; }

    /// <summary>Writes the file (atomically) into <paramref name="folder"/>.</summary>
    /// <param name="run">The run.</param>
    /// <param name="folder">The run folder (full path).</param>
    void Write(RunReport run, string folder);
}
