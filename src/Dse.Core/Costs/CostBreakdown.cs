namespace Dse.Costs;

/// <summary>Cost of one periphery or array component for one query search.</summary>
/// <param name="Name">Component name, one of <see cref="CostModel.ComponentNames"/>.</param>
/// <param name="EnergyJ">Energy per query search, joules.</param>
/// <param name="LatencyS">This component's contribution to the critical path, seconds.</param>
/// <param name="AreaM2">Area, square metres.</param>
/// <param name="Model">Name of the estimator that produced the numbers (e.g. <c>neurosimSar</c>, <c>neurosimWlCharging</c>).</param>
/// <param name="Describe">Builds <see cref="Source"/> when it is read (the text formats the design's numbers, which costs more than the model itself).</param>
public sealed record ComponentCost(string Name, double EnergyJ, double LatencyS, double AreaM2, string Model, Func<string> Describe)
{
    /// <summary>The estimator's formula and where it and its constants come from (NeuroSim file and parameter, periphery keys); built on each read.</summary>
    public string Source => Describe();

    /// <summary>Equal numbers, names and <see cref="Source"/> text (not the same <see cref="Describe"/> delegate).</summary>
    public bool Equals(ComponentCost? other) => other is not null
        && (Name, EnergyJ, LatencyS, AreaM2, Model) == (other.Name, other.EnergyJ, other.LatencyS, other.AreaM2, other.Model) && Source == other.Source;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, EnergyJ, LatencyS, AreaM2, Model);
}

/// <summary>Energy, latency and area of one design point per query search, with the breakdown.</summary>
/// <param name="Components">Per-component costs; totals are their sums (latency: the critical path).</param>
/// <param name="EnergyJ">Total energy per query search, joules.</param>
/// <param name="LatencyS">Latency of one query search, seconds.</param>
/// <param name="AreaM2">Total area, square metres.</param>
/// <param name="Crossbars">Number of crossbars (subarrays) needed to hold the store.</param>
/// <param name="Cells">Number of cells programmed.</param>
public sealed record CostBreakdown(IReadOnlyList<ComponentCost> Components, double EnergyJ, double LatencyS, double AreaM2, int Crossbars, long Cells)
{
    /// <summary>Total area in mm^2.</summary>
    public double AreaMm2 => AreaM2 * 1e6;
}
