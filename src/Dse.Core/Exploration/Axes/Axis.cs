using System.Text.Json;
using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Exploration.Axes;

/// <summary>
/// One axis of the design space: its sweep-file key, what it means (display name, unit), how a value appears in the point
/// key, in <c>points.csv</c> and in <c>points.jsonl</c>, its valid values and default, and whether it changes the Monte
/// Carlo or only the cost. Every axis is declared once, in <see cref="DesignAxes"/>; the sweep loader, the enumeration
/// (<see cref="DesignSpace.Points"/>), the result store, the CSV and the pages read everything from here.
/// </summary>
public abstract class Axis
{
    private protected Axis(string jsonKey, string displayName, string? unit, bool changesMonteCarlo, bool required, string tokenPrefix)
    {
        IsRequired = required;
        TokenPrefix = tokenPrefix;
        JsonKey = jsonKey;
        DisplayName = displayName;
        Unit = unit;
        ChangesMonteCarlo = changesMonteCarlo;
    }

    /// <summary>Key in sweep files (a list of values), e.g. <c>adcBits</c>.</summary>
    public string JsonKey { get; }

    /// <summary>Human name, e.g. <c>ADC resolution</c>.</summary>
    public string DisplayName { get; }

    /// <summary>Unit of a value (e.g. <c>bits</c>, <c>s</c>); null for dimensionless names and counts.</summary>
    public string? Unit { get; }

    /// <summary>An axis title with its unit, e.g. <c>ADC resolution (bits)</c>.</summary>
    public string Title => Unit is null ? DisplayName : $"{DisplayName} ({Unit})";

    /// <summary>True when values change the Monte Carlo (cell draws, partial sums, conversions); false for cost-only axes.</summary>
    public bool ChangesMonteCarlo { get; }

    /// <summary>True when every sweep must list the axis.</summary>
    public bool IsRequired { get; }

    /// <summary>Position in <see cref="DesignAxes.All"/>: the index of the axis's value in an <see cref="AxisValues"/>.</summary>
    public int Index { get; internal set; }

    /// <summary>Names of the axis's fields in <c>points.jsonl</c>.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>Names of the axis's columns in <c>points.csv</c> (a subset of <see cref="Columns"/>).</summary>
    public abstract IReadOnlyList<string> CsvColumns { get; }

    /// <summary>
    /// What every key token of the axis starts with, e.g. <c>a</c> for <c>adcBits</c> (token <c>a6</c>); empty for axes whose tokens
    /// are bare values (device and model names, crossbar sizes, enum names).
    /// </summary>
    public string TokenPrefix { get; }

    /// <summary>The value's token in a point key (e.g. <c>a6</c>); empty when the axis omits its default value from keys.</summary>
    public abstract string KeyToken(object? value);

    /// <summary>The value formatted for people (e.g. <c>128x128</c>, <c>native</c>).</summary>
    public abstract string Format(object? value);

    /// <summary>Appends the value's CSV fields (one per <see cref="CsvColumns"/> entry; empty text for an absent value).</summary>
    public abstract void AppendCsv(List<string> fields, object? value);

    /// <summary>Writes the value's JSON fields (one per <see cref="Columns"/> entry; absent values are left out).</summary>
    public abstract void WriteJson(Utf8JsonWriter writer, object? value);

    /// <summary>Reads the value back from a result line's fields.</summary>
    /// <exception cref="JsonException">A field is missing or of the wrong type.</exception>
    public abstract object? ReadJson(JsonObject fields);

    /// <summary>Reads the axis's list from a sweep file; null when the key is absent (then <see cref="Defaults"/> apply).</summary>
    internal abstract IReadOnlyList<object?>? ReadSweep(StrictObjectReader reader, JsonObject root);

    /// <summary>Values when a sweep does not list the axis; null when the axis is required or resolved from the models (e.g. the periphery's columns per ADC).</summary>
    public abstract IReadOnlyList<object?>? Defaults { get; }
}

/// <summary>An axis whose values are of type <typeparamref name="T"/>; see <see cref="Axis"/>.</summary>
public sealed class Axis<T> : Axis
{
    private readonly Func<T, string> _token;
    private readonly Func<T, string> _format;
    private readonly AxisColumn<T>[] _columns;
    private readonly Func<StrictObjectReader, JsonObject, string, IReadOnlyList<T>?> _read;
    private readonly IReadOnlyList<T>? _defaults;
    private readonly bool _omitDefaultToken;

    /// <summary>Declares an axis (see <see cref="DesignAxes"/> for every instance).</summary>
    /// <param name="jsonKey">Sweep-file key.</param>
    /// <param name="displayName">Human name.</param>
    /// <param name="unit">Unit, or null.</param>
    /// <param name="changesMonteCarlo">True unless the axis only changes the cost.</param>
    /// <param name="token">Key token of a value, after <paramref name="tokenPrefix"/>.</param>
    /// <param name="format">Value for people.</param>
    /// <param name="columns">CSV columns / JSON fields.</param>
    /// <param name="read">Reads and checks the sweep-file list (the key is the third argument); null when absent.</param>
    /// <param name="defaults">Values when absent from a sweep; null: required or resolved from the models.</param>
    /// <param name="required">True when every sweep must list the axis.</param>
    /// <param name="omitDefaultToken">True for axes added after keys were first written: a point at the first default value
    /// keeps the key it had before the axis existed, so older runs stay resumable and mergeable.</param>
    /// <param name="tokenPrefix">What every key token starts with (<see cref="Axis.TokenPrefix"/>); empty for bare values.</param>
    public Axis(string jsonKey, string displayName, string? unit, bool changesMonteCarlo, Func<T, string> token, Func<T, string> format,
        IReadOnlyList<AxisColumn<T>> columns, Func<StrictObjectReader, JsonObject, string, IReadOnlyList<T>?> read, IReadOnlyList<T>? defaults,
        bool omitDefaultToken = false, bool required = false, string tokenPrefix = "")
        : base(jsonKey, displayName, unit, changesMonteCarlo, required, tokenPrefix)
    {
        _token = token;
        _format = format;
        _columns = [.. columns];
        _read = read;
        _defaults = defaults;
        _omitDefaultToken = omitDefaultToken;
        if (omitDefaultToken && defaults is not { Count: > 0 }) throw new ArgumentException("An axis that omits its default token needs a default.", nameof(omitDefaultToken));
        if (_columns.Length == 0) throw new ArgumentException("An axis needs at least one result field.", nameof(columns));
    }

    /// <summary>The default values typed; null when the axis is required or resolved from the models.</summary>
    public IReadOnlyList<T>? TypedDefaults => _defaults;

    /// <inheritdoc/>
    public override IReadOnlyList<object?>? Defaults => _defaults?.Select(v => (object?)v).ToArray();

    /// <inheritdoc/>
    public override IReadOnlyList<string> Columns => _columns.Select(c => c.Name).ToArray();

    /// <inheritdoc/>
    public override IReadOnlyList<string> CsvColumns => _columns.Where(c => c.InCsv).Select(c => c.Name).ToArray();

    /// <summary>True when <paramref name="value"/> equals the first default value.</summary>
    public bool IsDefault(T value) => _defaults is { Count: > 0 } && EqualityComparer<T>.Default.Equals(value, _defaults[0]);

    /// <summary>The key token of a typed value: <see cref="Axis.TokenPrefix"/> and the value (empty for an omitted default).</summary>
    public string Token(T value) => _omitDefaultToken && IsDefault(value) ? "" : TokenPrefix + _token(value);

    /// <summary>A typed value formatted for people.</summary>
    public string Format(T value) => _format(value);

    /// <summary>This axis at <paramref name="value"/>, for <see cref="AxisValues.Of"/> (e.g. <c>DesignAxes.CellBits.At(2)</c>).</summary>
    public AxisValue At(T value) => new(this, value);

    /// <summary>A short label of a typed value for people: <see cref="Axis.TokenPrefix"/> and <see cref="Format(T)"/>, e.g. <c>s10</c> for a sigma scale of 10.</summary>
    public string ShortLabel(T value) => TokenPrefix + _format(value);

    /// <inheritdoc/>
    public override string KeyToken(object? value) => Token((T)value!);

    /// <inheritdoc/>
    public override string Format(object? value) => _format((T)value!);

    /// <inheritdoc/>
    public override void AppendCsv(List<string> fields, object? value)
    {
        foreach (var c in _columns) if (c.InCsv) fields.Add(c.Csv((T)value!));
    }

    /// <inheritdoc/>
    public override void WriteJson(Utf8JsonWriter writer, object? value)
    {
        foreach (var c in _columns) c.Write(writer, (T)value!);
    }

    /// <inheritdoc/>
    public override object? ReadJson(JsonObject fields) => _columns[0].Read(fields);

    /// <inheritdoc/>
    internal override IReadOnlyList<object?>? ReadSweep(StrictObjectReader reader, JsonObject root)
        => root.ContainsKey(JsonKey) ? _read(reader, root, JsonKey)?.Select(v => (object?)v).ToArray() : null;
}

/// <summary>One axis and its value, for <see cref="AxisValues.Of"/>; made by <see cref="Axis{T}.At"/>, so the value has the axis's type.</summary>
/// <param name="Axis">The axis.</param>
/// <param name="Value">Its value.</param>
public readonly record struct AxisValue(Axis Axis, object? Value);

/// <summary>One JSON field (and, unless <see cref="InCsv"/> is false, CSV column) of an axis.</summary>
/// <param name="Name">Column and field name, e.g. <c>adcBits</c>.</param>
/// <param name="Csv">The field text (invariant culture; empty for an absent value).</param>
/// <param name="Write">Writes the JSON field (or nothing for an absent value).</param>
/// <param name="Read">Reads the whole axis value from a result line (only the first column's reader is used).</param>
/// <param name="InCsv">False for a field kept out of <c>points.csv</c>.</param>
public sealed record AxisColumn<T>(string Name, Func<T, string> Csv, Action<Utf8JsonWriter, T> Write, Func<JsonObject, T> Read, bool InCsv = true);
