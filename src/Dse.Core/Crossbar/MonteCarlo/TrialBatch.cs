namespace Dse.Crossbar;

/// <summary>One session's share of <see cref="MonteCarloSession.RunAll"/>: its trials <c>TrialsRun .. TrialEnd - 1</c> with <see cref="Selection"/>.</summary>
/// <param name="Session">The session to add trials to.</param>
/// <param name="TrialEnd">One past the last trial to run. Range: <c>Session.TrialsRun &lt;= TrialEnd &lt;= job.Trials</c>.</param>
/// <param name="Selection">The variants to program and the reads to convert; null for all.</param>
public readonly record struct TrialBatch(MonteCarloSession Session, int TrialEnd, TrialSelection? Selection = null);
