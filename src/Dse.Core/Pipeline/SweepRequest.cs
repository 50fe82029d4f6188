using Dse.Exploration;

namespace Dse.Pipeline;

/// <summary>How a sweep is to be run into its folder: what the command line asked for, already parsed.</summary>
/// <param name="OutDir">The run folder (full path).</param>
/// <param name="Resume">Continue the run in <paramref name="OutDir"/>: points already in <c>points.jsonl</c> are not computed again.</param>
/// <param name="Force">Start over in a folder that holds a run, or resume although the sweep or its inputs changed.</param>
/// <param name="Shard">Compute only this shard's points; null for all.</param>
/// <param name="CommandLine">The command as typed (recorded in <c>run.json</c> and <c>summary.json</c>), or null.</param>
/// <param name="Strict">Warnings about the model files (values outside their typical range: likely unit slips) are errors.</param>
/// <param name="SingleFile">Also write <c>report.html</c> (every page in one file).</param>
/// <param name="EmbeddedSpecText">The text of the sweep when it was not read from a file (the embedded default), hashed as an input; null otherwise.</param>
public sealed record SweepRequest(string OutDir, bool Resume = false, bool Force = false, ShardSpec? Shard = null, string? CommandLine = null,
    bool Strict = false, bool SingleFile = false, string? EmbeddedSpecText = null);

/// <summary>How to evaluate the points of a sweep.</summary>
/// <param name="Threads">Worker threads, &gt;= 1.</param>
/// <param name="Gemm">The GEMM implementation of the crossbar MMMs: <c>blas</c> (when a BLAS library loads) or <c>managed</c>, as the
/// tool setting names it.</param>
/// <param name="Log">Log lines about the run (what is computed, notices); null: none.</param>
/// <param name="Verbose">Also a log line per Monte-Carlo group (or cost-screen batch).</param>
/// <param name="Progress">Called as points finish; null: none.</param>
public sealed record EvaluateOptions(int Threads, string Gemm = "managed", Action<string>? Log = null,
    bool Verbose = false, Action<RunProgress>? Progress = null);
