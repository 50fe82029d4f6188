using System.Text.Json;
using Dse.Diagnostics;

namespace Dse.Workloads;

/// <summary>
/// Reads one Hugging Face PEFT prompt-tuning adapter as an <see cref="Ovt"/>: either a directory
/// holding <c>adapter_model.safetensors</c> (and usually <c>adapter_config.json</c>), or the
/// <c>.safetensors</c> file alone.
/// </summary>
/// <remarks>
/// Source: PEFT's saved layout (<c>PeftModel.save_pretrained</c>): the tensor
/// <c>prompt_embeddings</c> has shape <c>[num_virtual_tokens x num_transformer_submodules, token_dim]</c>,
/// and <c>adapter_config.json</c> holds those three keys (<c>num_transformer_submodules</c> may be
/// absent or null, meaning 1).
/// </remarks>
public static class PeftAdapterReader
{
    /// <summary>The tensor holding the soft prompt.</summary>
    public const string TensorName = "prompt_embeddings";

    /// <summary>The weights file inside an adapter directory.</summary>
    public const string ModelFileName = "adapter_model.safetensors";

    /// <summary>The configuration file inside an adapter directory.</summary>
    public const string ConfigFileName = "adapter_config.json";

    /// <summary>Reads the adapter at <paramref name="path"/>.</summary>
    /// <param name="path">An adapter directory or a <c>.safetensors</c> file.</param>
    /// <returns>
    /// The OVT, values <c>[n, d]</c> row-major with <c>n = total_virtual_tokens</c> and <c>d = token_dim</c>;
    /// named after the directory, or the file stem when a file is given.
    /// </returns>
    /// <exception cref="InputException">
    /// The directory has no <c>adapter_model.safetensors</c>; any defect reported by
    /// <see cref="SafetensorsReader.ReadTensor(string, string)"/>; the tensor is not 2-D or has no rows;
    /// the config is not valid JSON, or its <c>num_virtual_tokens</c> (times
    /// <c>num_transformer_submodules</c>) or <c>token_dim</c> disagree with the tensor shape (every
    /// mismatch is listed).
    /// </exception>
    public static Ovt Read(string path)
    {
        string modelPath;
        string? configPath = null;
        string name;
        if (Directory.Exists(path))
        {
            var directory = Path.TrimEndingDirectorySeparator(path);
            name = Path.GetFileName(directory);
            modelPath = Path.Combine(directory, ModelFileName);
            if (!File.Exists(modelPath))
            {
                var present = Directory.GetFiles(directory, "*.safetensors").Select(Path.GetFileName).ToList();
                throw new InputException(new InputError(path, ModelFileName, null,
                    $"a PEFT adapter directory holding {ModelFileName}",
                    present.Count == 0 ? "no .safetensors file" : "only " + string.Join(", ", present)));
            }
            var config = Path.Combine(directory, ConfigFileName);
            if (File.Exists(config)) configPath = config;
        }
        else
        {
            modelPath = path;
            name = Path.GetFileNameWithoutExtension(path);
        }

        var tensor = SafetensorsReader.ReadTensor(modelPath, TensorName);
        if (tensor.Shape.Count != 2 || tensor.Shape[0] < 1 || tensor.Shape[1] < 1)
            throw new InputException(new InputError(modelPath, TensorName, null,
                "shape [total_virtual_tokens, token_dim] with both >= 1", $"shape [{string.Join(", ", tensor.Shape)}]"));
        var tokens = tensor.Shape[0];
        var dim = tensor.Shape[1];
        if (configPath is not null) CheckConfig(configPath, modelPath, tokens, dim);
        return new Ovt(name, tensor.Values, tokens, dim);
    }

    private static void CheckConfig(string configPath, string modelPath, int tokens, int dim)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(InputFile.ReadAllBytes(configPath, "adapter_config.json file"));
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is long l ? (int)l + 1 : (int?)null;
            throw new InputException(new InputError(configPath, e.Path, line, "valid JSON", e.Message));
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InputException(new InputError(configPath, "$", null, "a JSON object", root.ValueKind.ToString()));
            var errors = new List<InputError>();
            var virtualTokens = OptionalPositiveInt(configPath, root, "num_virtual_tokens", errors);
            var submodules = OptionalPositiveInt(configPath, root, "num_transformer_submodules", errors) ?? 1;
            var tokenDim = OptionalPositiveInt(configPath, root, "token_dim", errors);
            var tensorText = $"tensor {TensorName} in {modelPath} has shape [{tokens}, {dim}]";
            if (virtualTokens is int v && (long)v * submodules != tokens)
                errors.Add(new InputError(configPath, "$.num_virtual_tokens", null,
                    submodules == 1
                        ? $"num_virtual_tokens = {tokens} rows of the tensor"
                        : $"num_virtual_tokens x num_transformer_submodules ({submodules}) = {tokens} rows of the tensor",
                    $"num_virtual_tokens = {v}, but {tensorText}"));
            if (tokenDim is int t && t != dim)
                errors.Add(new InputError(configPath, "$.token_dim", null, $"token_dim = {dim} columns of the tensor",
                    $"token_dim = {t}, but {tensorText}"));
            if (errors.Count > 0) throw new InputException(errors);
        }
    }

    private static int? OptionalPositiveInt(string configPath, JsonElement root, string key, List<InputError> errors)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 1) return n;
        errors.Add(new InputError(configPath, "$." + key, null, "a positive integer or null", value.GetRawText()));
        return null;
    }
}
