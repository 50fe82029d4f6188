using Dse.Costs;

namespace Dse.Exploration;

/// <summary>
/// The cost estimators a run used: each estimator's formula and source (as the first breakdown that named it states them) and,
/// per breakdown component, which estimators costed it. Not thread-safe: each worker keeps its own log and the logs are merged in
/// a fixed order, so the record does not depend on the thread count.
/// </summary>
public sealed class EstimatorLog
{
    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _componentModels = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Model)> _previous = [];

    /// <summary>
    /// Records the estimator of each component of <paramref name="cost"/> (its source kept when first seen, and built only then:
    /// <see cref="ComponentCost.Source"/> formats the design's numbers, which costs more than the model itself). A component with the
    /// same name and estimator (the same strings) as the previous breakdown's at its position is already recorded and skipped: a
    /// sweep's neighbouring points mostly share them.
    /// </summary>
    public void Record(CostBreakdown cost)
    {
        var components = cost.Components;
        for (int i = 0; i < components.Count; i++)
        {
            var c = components[i];
            if (i < _previous.Count && ReferenceEquals(_previous[i].Name, c.Name) && ReferenceEquals(_previous[i].Model, c.Model)) continue;
            if (!_sources.ContainsKey(c.Model)) _sources[c.Model] = c.Source;
            Models(c.Name).Add(c.Model);
            if (i < _previous.Count) _previous[i] = (c.Name, c.Model);
            else _previous.Add((c.Name, c.Model));
        }
    }

    /// <summary>Adds what <paramref name="other"/> recorded (sources already here are kept).</summary>
    public void Merge(EstimatorLog other)
    {
        foreach (var (model, source) in other._sources) _sources.TryAdd(model, source);
        foreach (var (component, models) in other._componentModels) Models(component).UnionWith(models);
    }

    /// <summary>Forgets everything recorded.</summary>
    public void Clear()
    {
        _sources.Clear();
        _componentModels.Clear();
        _previous.Clear();
    }

    /// <summary>Every estimator by name, with its formula and source, in ordinal order of the names.</summary>
    public IReadOnlyDictionary<string, string> Estimators
        => _sources.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>Per breakdown component (ordinal order), the estimators that costed it (ordinal order).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ComponentModels
        => _componentModels.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    private HashSet<string> Models(string component)
    {
        if (!_componentModels.TryGetValue(component, out var models)) _componentModels[component] = models = new HashSet<string>(StringComparer.Ordinal);
        return models;
    }
}
