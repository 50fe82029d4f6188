namespace Dse.Reports;

/// <summary>
/// One view of a run written into its folder (a table, a page, the summary). It declares the collectors it reads
/// (<see cref="Declare"/>), which are filled while the points stream past, and writes from the <see cref="RunRecord"/> alone
/// (those collectors, the front, and the points read again one at a time).
/// </summary>
public interface IReportWriter
{
    /// <summary>File name written in the run folder, e.g. <c>points.csv</c>.</summary>
    string FileName { get; }

    /// <summary>Asks <paramref name="collectors"/> for every collector <see cref="Write"/> reads (<see cref="CollectorSet.Use{T}"/>).</summary>
    /// <param name="collectors">The collectors of the run about to be read.</param>
    void Declare(CollectorSet collectors);

    /// <summary>Writes the file (atomically) into <paramref name="folder"/>.</summary>
    /// <param name="run">The run, read for a set of writers that included this one.</param>
    /// <param name="folder">The run folder (full path).</param>
    void Write(RunRecord run, string folder);
}
