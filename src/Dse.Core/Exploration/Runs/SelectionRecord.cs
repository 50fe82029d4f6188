namespace Dse.Exploration.Runs;

/// <summary>What <c>dse select</c> asked and answered (<c>selection.json</c>), shown on the run's index page.</summary>
/// <param name="MinAccuracy">Lowest accepted accuracy (agreement without labels), fraction.</param>
/// <param name="MaxAreaMm2">Largest accepted area, mm^2.</param>
/// <param name="MaxEnergyJ">Largest accepted energy per query search, J; null: none.</param>
/// <param name="Minimise">Objective minimised: energy, area or latency.</param>
/// <param name="Status">Solver outcome: Optimal, Feasible or Infeasible.</param>
/// <param name="Chosen">The chosen design; null when none meets the constraints.</param>
/// <param name="PointsFailing">Points failing each constraint.</param>
public sealed record SelectionRecord(double MinAccuracy, double MaxAreaMm2, double? MaxEnergyJ, string Minimise, string Status,
    SelectedDesign? Chosen, IReadOnlyDictionary<string, int> PointsFailing);

/// <summary>The design <c>dse select</c> chose.</summary>
/// <param name="Key">Point key.</param>
/// <param name="Accuracy">Accuracy (agreement without labels), mean over trials.</param>
/// <param name="EnergyJ">Energy per query search, J.</param>
/// <param name="LatencyS">Latency per query search, s.</param>
/// <param name="AreaMm2">Area, mm^2.</param>
public sealed record SelectedDesign(string Key, double Accuracy, double EnergyJ, double LatencyS, double AreaMm2);
