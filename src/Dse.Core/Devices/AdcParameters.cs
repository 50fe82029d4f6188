using System.Text.Json.Nodes;
using Dse.Diagnostics;

namespace Dse.Devices;

/// <summary>The resolutions a column ADC may have, whatever its model: the one definition the ADC transfer function, the cost
/// models, the sweep axes and the command-line options check against.</summary>
public static class AdcResolution
{
    /// <summary>Valid ADC resolutions, bits: 1..16 (an ADC model may cover fewer, from its own minimum).</summary>
    public static IntRange Bits { get; } = new(1, 16);
}

/// <summary>
/// The parameters of one ADC model as read from its block of a periphery file's <c>adcModels</c> (every value sourced in the
/// file's <c>sources</c>); plain data. The behaviour (energy, latency, area per conversion) is the analytical cost model's, one
/// layer up: its <c>AdcModels</c> builds the model of each parameter record.
/// </summary>
/// <param name="ModelName">The model's name, the key of its block in <c>adcModels</c> (one of <see cref="AdcModelSet.Names"/>).</param>
public abstract record AdcParameters(string ModelName);

/// <summary>
/// One kind of ADC model block: its name, and how to read its parameter block of a periphery file's <c>adcModels</c>. Adding an
/// ADC model means adding its parameter record with its kind here (listed in <see cref="AdcModelSet.Kinds"/>) and its behaviour in
/// the cost model (built in <c>AdcModels.From</c>).
/// </summary>
/// <param name="Name">Model name, the key of its block in <c>adcModels</c>.</param>
/// <param name="Description">One line on what the block holds, for error messages.</param>
/// <param name="Read">Reads and checks a block: the reader collecting errors (every problem is reported to it), the block and its JSON
/// path (e.g. <c>$.adcModels.neurosimSar</c>); returns the parameters, or null when the block has errors.</param>
public sealed record AdcModelKind(string Name, string Description, Func<StrictObjectReader, JsonObject, string, AdcParameters?> Read);
