using Dse.Diagnostics;
using MathNet.Numerics.Distributions;

namespace Dse.Devices.Import;

/// <summary>A finding about the measurements that does not stop the import, e.g. too few reads or overlapping levels.</summary>
/// <param name="File">The measurement file.</param>
/// <param name="Line">1-based CSV line the finding points at; null when it concerns the whole file.</param>
/// <param name="Message">What was found and what it means for the fit.</param>
public sealed record ImportWarning(string File, int? Line, string Message)
{
    /// <summary><c>file:line: warning: message</c>.</summary>
    public override string ToString() => $"{(Line is int l ? $"{File}:{l}" : File)}: warning: {Message}";
}

/// <summary>Fitted drift: <c>G(t) = G0 (t / t0)^(-nu)</c>, nu per native level (see <see cref="DriftModel"/>).</summary>
/// <param name="T0S">Reference time t0 in seconds, &gt; 0.</param>
/// <param name="NuMeanPerLevel">Mean drift exponent per level; length = levels.</param>
/// <param name="NuStdPerLevel">Sample standard deviation of the exponent per level, &gt;= 0; length = levels.</param>
/// <param name="CellsPerLevel">Cells behind each level's fit.</param>
/// <param name="T0Method">How t0 was chosen (for the file's sources).</param>
public sealed record DriftFit(double T0S, IReadOnlyList<double> NuMeanPerLevel, IReadOnlyList<double> NuStdPerLevel, IReadOnlyList<int> CellsPerLevel, string T0Method);

/// <summary>What the measurements give: the values of a <c>perLevel</c> device, how each was fitted, and the warnings.</summary>
/// <param name="Levels">Native levels (distinct level indices 0..n-1), &gt;= 2.</param>
/// <param name="GMinS">Mean conductance of level 0 in siemens.</param>
/// <param name="GMaxS">Mean conductance of the top level in siemens, &gt; <paramref name="GMinS"/>.</param>
/// <param name="MeanPerLevelS">Mean conductance of every level in siemens; length = levels.</param>
/// <param name="SigmaPerLevel">Standard deviation of each level relative to GMaxS - GMinS (dimensionless); length = levels.</param>
/// <param name="ReadsPerLevel">Reads behind each level (null entries: a summary file without <c>count</c>).</param>
/// <param name="Drift">Fitted drift, or null when the file has no reads at several times.</param>
/// <param name="Methods">Fitting method per device-file key (<c>gMinS</c>, <c>variation.sigmaPerLevel</c>, ...), without the file name.</param>
/// <param name="Warnings">Findings that do not stop the import.</param>
public sealed record DeviceFit(int Levels, double GMinS, double GMaxS, IReadOnlyList<double> MeanPerLevelS, IReadOnlyList<double> SigmaPerLevel,
    IReadOnlyList<int?> ReadsPerLevel, DriftFit? Drift, IReadOnlyDictionary<string, string> Methods, IReadOnlyList<ImportWarning> Warnings);

/// <summary>
/// Fits the values of a <c>perLevel</c> device (docs/models.md, programming variation) to a <see cref="MeasurementTable"/>:
/// level means give <c>gMinS</c> / <c>gMaxS</c> / <c>levels</c>, each level's spread gives its sigma relative to Gmax - Gmin, and reads of the
/// same cell at several times give a power-law drift exponent per cell, averaged per level.
/// </summary>
public static class DeviceFitter
{
    /// <summary>Fits a device to measurements.</summary>
    /// <param name="table">The measurements.</param>
    /// <param name="checks">Thresholds of the warnings.</param>
    /// <param name="minReadsPerLevel">Fewest reads (and drift cells) per level without a warning; null: <see cref="ImportChecks.MinReadsPerLevel"/>.</param>
    /// <param name="t0S">Drift reference time in seconds; null: the earliest <c>timeS</c> of the file.</param>
    /// <returns>The fit and its warnings.</returns>
    /// <exception cref="InputException">Levels missing or repeated, fewer than 2 levels, a level with fewer than 2 reads, level means not increasing,
    /// a cell read at several levels, several times without a <c>cell</c> column, a level without 2 cells to fit drift on (each with its line).</exception>
    public static DeviceFit Fit(MeasurementTable table, ImportChecks checks, int? minReadsPerLevel = null, double? t0S = null)
    {
        int minReads = minReadsPerLevel ?? checks.MinReadsPerLevel;
        return table.Format == MeasurementFormat.RawReads
            ? FitRaw(table, checks, minReads, t0S)
            : FitSummary(table, checks, minReads);
    }

    private sealed record LevelStats(int Level, int Count, double Mean, double Std, int FirstLine, int LastLine, IReadOnlyList<RawRead> Reads);

    private static DeviceFit FitRaw(MeasurementTable t, ImportChecks checks, int minReads, double? t0Option)
    {
        string file = t.File;
        var errors = new List<InputError>();
        var warnings = new List<ImportWarning>();
        var times = t.HasTime ? t.Reads.Select(r => r.TimeS!.Value).Distinct().Order().ToArray() : [];
        if (times.Length > 1 && !t.HasCell)
            throw new InputException(new InputError(file, "cell", t.Reads[0].Line,
                "a 'cell' column: reads at several times (timeS) need to say which reads are the same cell to fit its drift", "no 'cell' column"));
        if (t.HasCell)
            foreach (var cell in t.Reads.GroupBy(r => r.Cell))
                if (cell.FirstOrDefault(r => r.Level != cell.First().Level) is { } other)
                    errors.Add(new InputError(file, "level", other.Line, $"level {cell.First().Level} for cell '{cell.Key}' (its first read, line {cell.First().Line})", $"level {other.Level}"));
        if (errors.Count > 0) throw new InputException(errors);

        // The programming distribution: each cell's reads at its earliest time (all reads when the file has no time or no cell).
        IEnumerable<RawRead> programmed = t.Reads;
        if (times.Length > 1)
            programmed = t.Reads.GroupBy(r => r.Cell).SelectMany(c => { double first = c.Min(r => r.TimeS!.Value); return c.Where(r => r.TimeS == first); });
        var byLevel = programmed.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Line).ToList());
        int levels = CheckLevelSet(file, byLevel.Keys, t.Reads.Min(r => r.Line), errors);
        var stats = new List<LevelStats>();
        for (int k = 0; k < levels && errors.Count == 0; k++)
        {
            var reads = byLevel[k];
            var (mean, std) = MeanStd(reads.Select(r => r.ConductanceS).ToArray());
            stats.Add(new LevelStats(k, reads.Count, mean, std, reads[0].Line, reads[^1].Line, reads));
            if (reads.Count < 2)
                errors.Add(new InputError(file, "level", reads[0].Line, $"at least 2 reads of level {k} to fit its spread", $"{reads.Count}"));
            else if (reads.Count < minReads)
                warnings.Add(new ImportWarning(file, reads[0].Line, $"level {k} has {reads.Count} reads (fewer than {minReads}): its sigma has a relative standard error of about {MeasurementCsv.Invariant(1 / Math.Sqrt(2.0 * (reads.Count - 1)))}"));
        }
        if (errors.Count > 0) throw new InputException(errors);
        CheckMonotone(file, stats.Select(s => (s.Level, s.Mean, s.FirstLine)).ToList());

        double gMin = stats[0].Mean, gMax = stats[^1].Mean, range = gMax - gMin;
        CheckGrid(file, stats.Select(s => (s.Level, s.Mean, s.FirstLine)).ToList(), checks, warnings);
        for (int k = 0; k + 1 < levels; k++)
            Overlap(file, stats[k], stats[k + 1], checks, warnings);

        string timeNote = times.Length > 1 ? " at each cell's earliest read time" : "";
        var censored = stats.Where(s => s.Reads.Any(r => r.ConductanceS == 0)).Select(s => s.Level).ToList();
        string censorNote = censored.Count == 0 ? "" :
            $"; levels {string.Join(", ", censored)} hold reads of exactly 0 S (clipped at 0), so their mean and sigma are the maximum-likelihood fit of a Gaussian censored at 0 S (EM), not the sample moments";
        var methods = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["levels"] = $"number of distinct target levels (0..{levels - 1}) among the {t.Reads.Count} reads",
            ["gMinS"] = $"mean of the {stats[0].Count} reads of level 0{timeNote} (lines {stats[0].FirstLine}-{stats[0].LastLine}){(censored.Contains(0) ? censorNote : "")}",
            ["gMaxS"] = $"mean of the {stats[^1].Count} reads of level {levels - 1}{timeNote} (lines {stats[^1].FirstLine}-{stats[^1].LastLine})",
            ["variation.sigmaPerLevel"] = $"sample standard deviation (n - 1) of each level's reads{timeNote} divided by gMaxS - gMinS; reads per level [{string.Join(", ", stats.Select(s => s.Count))}]{censorNote}",
        };
        if (t.FromResistance)
            foreach (var key in methods.Keys.ToList()) methods[key] += "; conductance = 1 / resistanceOhm of each read";

        DriftFit? drift = times.Length > 1 ? FitDrift(t, levels, t0Option ?? times[0], t0Option is null, minReads, warnings) : null;
        if (drift is not null)
        {
            methods["variation.drift.t0S"] = drift.T0Method;
            string perCell = "per cell, least-squares slope of ln G against ln t over its reads at t >= t0 (nu = -slope)";
            string cells = $"cells per level [{string.Join(", ", drift.CellsPerLevel)}]";
            methods["variation.drift.nuMeanPerLevel"] = $"{perCell}; mean over the cells of each level; {cells}";
            methods["variation.drift.nuStdPerLevel"] = $"{perCell}; sample standard deviation (n - 1) over the cells of each level; {cells}";
        }
        return new DeviceFit(levels, gMin, gMax, stats.Select(s => s.Mean).ToArray(), stats.Select(s => s.Std / range).ToArray(),
            stats.Select(s => (int?)s.Count).ToArray(), drift, methods, warnings);
    }

    /// <summary>
    /// Mean and standard deviation of one level's reads: the sample moments (std with n - 1), or, when some reads are exactly 0 S
    /// (a Gaussian clipped at 0 S, as cells are in the Monte Carlo), the maximum-likelihood fit of a Gaussian censored at 0 by
    /// expectation-maximisation, started from the sample moments of the positive reads.
    /// </summary>
    private static (double Mean, double Std) MeanStd(double[] g)
    {
        int n = g.Length;
        double mean = g.Average();
        double std = n > 1 ? Math.Sqrt(g.Sum(x => (x - mean) * (x - mean)) / (n - 1)) : 0;
        int zeros = g.Count(x => x == 0);
        var positive = g.Where(x => x > 0).ToArray();
        if (zeros == 0 || positive.Length < 2) return (mean, std);
        double mu = positive.Average(), sigma = Math.Sqrt(positive.Sum(x => (x - mu) * (x - mu)) / (positive.Length - 1));
        for (int iteration = 0; iteration < 500 && sigma > 0; iteration++)
        {
            // Moments of N(mu, sigma^2) truncated to (-inf, 0]: E = mu - sigma lambda, Var = sigma^2 (1 - a lambda - lambda^2), a = -mu / sigma.
            double a = -mu / sigma, lambda = Normal.PDF(0, 1, a) / Math.Max(Normal.CDF(0, 1, a), 1e-300);
            double eCensored = mu - sigma * lambda, varCensored = sigma * sigma * Math.Max(0, 1 - a * lambda - lambda * lambda);
            double nextMu = (positive.Sum() + zeros * eCensored) / n;
            double nextVar = (positive.Sum(x => (x - nextMu) * (x - nextMu)) + zeros * (varCensored + (eCensored - nextMu) * (eCensored - nextMu))) / n;
            bool converged = Math.Abs(nextMu - mu) <= 1e-12 * Math.Abs(mu) + 1e-30 && Math.Abs(Math.Sqrt(nextVar) - sigma) <= 1e-12 * sigma;
            (mu, sigma) = (nextMu, Math.Sqrt(nextVar));
            if (converged) break;
        }
        return (mu, sigma * Math.Sqrt(n / (n - 1.0)));
    }

    private static DriftFit FitDrift(MeasurementTable t, int levels, double t0, bool t0FromData, int minReads, List<ImportWarning> warnings)
    {
        var nus = Enumerable.Range(0, levels).Select(_ => new List<double>()).ToArray();
        int nonPositive = 0, singleTime = 0, firstSkippedLine = int.MaxValue;
        foreach (var cell in t.Reads.GroupBy(r => r.Cell))
        {
            var reads = cell.Where(r => r.TimeS >= t0).ToList();
            bool positive = reads.All(r => r.ConductanceS > 0);
            bool severalTimes = reads.Select(r => r.TimeS).Distinct().Count() > 1;
            if (!positive || !severalTimes)
            {
                if (!positive) nonPositive++; else singleTime++;
                firstSkippedLine = Math.Min(firstSkippedLine, cell.Min(r => r.Line));
                continue;
            }
            double mx = reads.Average(r => Math.Log(r.TimeS!.Value)), my = reads.Average(r => Math.Log(r.ConductanceS));
            double sxy = reads.Sum(r => (Math.Log(r.TimeS!.Value) - mx) * (Math.Log(r.ConductanceS) - my));
            double sxx = reads.Sum(r => (Math.Log(r.TimeS!.Value) - mx) * (Math.Log(r.TimeS!.Value) - mx));
            nus[cell.First().Level].Add(-sxy / sxx);
        }
        if (nonPositive + singleTime > 0)
            warnings.Add(new ImportWarning(t.File, firstSkippedLine,
                $"drift: {nonPositive} cells with a read <= 0 S (no power law to fit) and {singleTime} cells read at fewer than 2 times at or after t0 are left out of the drift fit"));
        var errors = new List<InputError>();
        for (int k = 0; k < levels; k++)
        {
            int firstLine = t.Reads.Where(r => r.Level == k).Min(r => r.Line);
            if (nus[k].Count < 2)
                errors.Add(new InputError(t.File, "timeS", firstLine, $"at least 2 cells of level {k} with positive reads at 2 or more times at or after t0 = {MeasurementCsv.Invariant(t0)} s, to fit drift", $"{nus[k].Count}"));
            else if (nus[k].Count < minReads)
                warnings.Add(new ImportWarning(t.File, firstLine, $"drift of level {k} is fitted on {nus[k].Count} cells (fewer than {minReads})"));
        }
        if (errors.Count > 0) throw new InputException(errors);
        var mean = nus.Select(n => n.Average()).ToArray();
        var std = nus.Select((n, k) => Math.Sqrt(n.Sum(x => (x - mean[k]) * (x - mean[k])) / (n.Count - 1))).ToArray();
        for (int k = 0; k < levels; k++)
            if (mean[k] < 0)
                warnings.Add(new ImportWarning(t.File, t.Reads.Where(r => r.Level == k).Min(r => r.Line),
                    $"drift of level {k}: mean exponent {MeasurementCsv.Invariant(mean[k])} < 0 (conductance grows with time); the model draws |N(mu, sd^2)|, so the file keeps the fitted mean but a sweep drifts this level downwards"));
        string t0Method = t0FromData ? "earliest timeS of the measurements (first read after programming)" : "given with --t0-s";
        return new DriftFit(t0, mean, std, nus.Select(n => n.Count).ToArray(), t0Method);
    }

    private static DeviceFit FitSummary(MeasurementTable t, ImportChecks checks, int minReads)
    {
        string file = t.File;
        var errors = new List<InputError>();
        var warnings = new List<ImportWarning>();
        foreach (var dup in t.Summary.GroupBy(r => r.Level).Where(g => g.Count() > 1))
            errors.Add(new InputError(file, "level", dup.ElementAt(1).Line, $"one row per level (level {dup.Key} is on line {dup.First().Line})", "a second row"));
        if (errors.Count > 0) throw new InputException(errors);
        var rows = t.Summary.ToDictionary(r => r.Level);
        int levels = CheckLevelSet(file, rows.Keys, t.Summary.Min(r => r.Line), errors);
        if (errors.Count > 0) throw new InputException(errors);
        var ordered = Enumerable.Range(0, levels).Select(k => rows[k]).ToList();
        CheckMonotone(file, ordered.Select(r => (r.Level, r.MeanS, r.Line)).ToList());
        foreach (var r in ordered)
            if (r.Count is int n && n < minReads)
                warnings.Add(new ImportWarning(file, r.Line, $"level {r.Level} summarises {n} reads (fewer than {minReads}): its sigma has a relative standard error of about {MeasurementCsv.Invariant(1 / Math.Sqrt(2.0 * Math.Max(1, n - 1)))}"));
        if (ordered.Any(r => r.Count is null))
            warnings.Add(new ImportWarning(file, null, "no 'count' column: the reads behind each level are unknown, so the fewest-reads check is skipped"));
        double gMin = ordered[0].MeanS, gMax = ordered[^1].MeanS, range = gMax - gMin;
        CheckGrid(file, ordered.Select(r => (r.Level, r.MeanS, r.Line)).ToList(), checks, warnings);
        for (int k = 0; k + 1 < levels; k++)
            GaussianOverlap(file, k, ordered[k].MeanS, ordered[k].SigmaS, ordered[k + 1].MeanS, ordered[k + 1].SigmaS, ordered[k + 1].Line, 0, 0, checks, warnings);
        var methods = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["levels"] = $"number of level rows (0..{levels - 1})",
            ["gMinS"] = $"meanS of level 0 (line {ordered[0].Line})",
            ["gMaxS"] = $"meanS of level {levels - 1} (line {ordered[^1].Line})",
            ["variation.sigmaPerLevel"] = "sigmaS of each level divided by gMaxS - gMinS",
        };
        return new DeviceFit(levels, gMin, gMax, ordered.Select(r => r.MeanS).ToArray(), ordered.Select(r => r.SigmaS / range).ToArray(),
            ordered.Select(r => r.Count).ToArray(), null, methods, warnings);
    }

    /// <summary>Checks the level indices are 0..n-1 with n &gt;= 2; returns n (0 after an error).</summary>
    private static int CheckLevelSet(string file, IEnumerable<int> present, int firstLine, List<InputError> errors)
    {
        var set = present.ToHashSet();
        int n = set.Max() + 1;
        var missing = Enumerable.Range(0, n).Where(k => !set.Contains(k)).ToList();
        if (missing.Count > 0)
            errors.Add(new InputError(file, "level", null, $"every level index from 0 to {n - 1} (the highest given)", $"no rows of level {string.Join(", ", missing)}"));
        else if (n < 2)
            errors.Add(new InputError(file, "level", firstLine, "at least 2 levels (0 and 1)", "only level 0"));
        return errors.Count == 0 ? n : 0;
    }

    private static void CheckMonotone(string file, IReadOnlyList<(int Level, double Mean, int Line)> levels)
    {
        var errors = new List<InputError>();
        for (int k = 1; k < levels.Count; k++)
            if (!(levels[k].Mean > levels[k - 1].Mean))
                errors.Add(new InputError(file, "level", levels[k].Line,
                    $"level means increasing with the level index (level {k - 1} mean {MeasurementCsv.Invariant(levels[k - 1].Mean)} S); number levels from the lowest conductance up",
                    $"level {k} mean {MeasurementCsv.Invariant(levels[k].Mean)} S"));
        if (errors.Count > 0) throw new InputException(errors);
    }

    private static void CheckGrid(string file, IReadOnlyList<(int Level, double Mean, int Line)> levels, ImportChecks checks, List<ImportWarning> warnings)
    {
        double gMin = levels[0].Mean, step = (levels[^1].Mean - gMin) / (levels.Count - 1);
        foreach (var (level, mean, line) in levels)
        {
            double off = (mean - (gMin + level * step)) / step;
            if (Math.Abs(off) > checks.GridDeviationWarnSteps)
                warnings.Add(new ImportWarning(file, line,
                    $"level {level} mean {MeasurementCsv.Invariant(mean)} S is {MeasurementCsv.Invariant(off)} level steps off the evenly spaced grid the device model uses (Gmin + k (Gmax - Gmin) / {levels.Count - 1} = {MeasurementCsv.Invariant(gMin + level * step)} S)"));
        }
    }

    private static void Overlap(string file, LevelStats lo, LevelStats hi, ImportChecks checks, List<ImportWarning> warnings)
    {
        double mid = (lo.Mean + hi.Mean) / 2;
        var above = lo.Reads.Where(r => r.ConductanceS >= mid).ToList();
        var below = hi.Reads.Where(r => r.ConductanceS <= mid).ToList();
        int line = above.Concat(below).Select(r => r.Line).DefaultIfEmpty(hi.FirstLine).Min();
        GaussianOverlap(file, lo.Level, lo.Mean, lo.Std, hi.Mean, hi.Std, line, above.Count, below.Count, checks, warnings, lo.Count, hi.Count);
    }

    /// <summary>
    /// Reports overlap of levels k and k+1: the Gaussian tail of each beyond the midpoint of their means (the reads a sense amplifier
    /// would take for the neighbour) and, for raw reads, how many reads actually lie beyond it.
    /// </summary>
    private static void GaussianOverlap(string file, int k, double meanLo, double sigmaLo, double meanHi, double sigmaHi, int line,
        int readsAbove, int readsBelow, ImportChecks checks, List<ImportWarning> warnings, int? countLo = null, int? countHi = null)
    {
        double mid = (meanLo + meanHi) / 2;
        double tailLo = sigmaLo > 0 ? Normal.CDF(0, 1, -(mid - meanLo) / sigmaLo) : 0;
        double tailHi = sigmaHi > 0 ? Normal.CDF(0, 1, -(meanHi - mid) / sigmaHi) : 0;
        if (readsAbove + readsBelow == 0 && Math.Max(tailLo, tailHi) <= checks.OverlapWarnFraction) return;
        string measured = countLo is int a && countHi is int b
            ? $"{readsAbove} of {a} reads of level {k} lie at or above the midpoint and {readsBelow} of {b} reads of level {k + 1} at or below it; "
            : "";
        warnings.Add(new ImportWarning(file, line,
            $"levels {k} and {k + 1} overlap around the midpoint {MeasurementCsv.Invariant(mid)} S: {measured}the fitted Gaussians put {MeasurementCsv.Invariant(100 * tailLo)} % of level {k} and {MeasurementCsv.Invariant(100 * tailHi)} % of level {k + 1} beyond it"));
    }
}
