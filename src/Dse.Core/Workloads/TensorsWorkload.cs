using System.Globalization;
using Dse.Diagnostics;

namespace Dse.Workloads;

/// <summary>
/// The <c>tensors</c> workload source: a store <c>[N, n, d]</c>, queries <c>[Q, m, d]</c> and optional
/// labels <c>[Q]</c> given explicitly as <c>.npy</c> or <c>.safetensors</c> files.
/// </summary>
/// <remarks>
/// A <c>.npy</c> file holds one array (<see cref="NpyReader"/>); a <c>.safetensors</c> file must hold exactly one
/// tensor (<see cref="SafetensorsReader"/>). Store and queries are float (f2/f4/f8, F32/F16/BF16); labels are
/// integers (i1..i8/u1..u8, I8..I64/U8) in <c>0..N-1</c>. OVT j is named <c>ovt-j</c>.
/// </remarks>
public static class TensorsWorkload
{
    /// <summary>Reads the three files.</summary>
    /// <param name="storePath">Store file, shape <c>[N, n, d]</c> with N, n, d >= 1.</param>
    /// <param name="queriesPath">Queries file, shape <c>[Q, m, d]</c> with Q, m >= 1 and the store's d.</param>
    /// <param name="labelsPath">Labels file, shape <c>[Q]</c>; null for unlabelled queries (agreement only).</param>
    /// <returns>The workload; <c>InputFiles</c> lists the files given.</returns>
    /// <exception cref="InputException">
    /// Every file is read and all problems are reported together: the reader's defects; a file that is neither
    /// <c>.npy</c> nor <c>.safetensors</c>; a safetensors file with more or fewer than one tensor; a wrong rank or
    /// a zero dimension; widths d that differ; a label count other than Q; a label outside <c>0..N-1</c>.
    /// </exception>
    public static Workload Load(string storePath, string queriesPath, string? labelsPath)
    {
        var errors = new List<InputError>();
        var store = Capture(errors, () => ReadFloats(storePath));
        var queries = Capture(errors, () => ReadFloats(queriesPath));
        var labels = labelsPath is null ? null : Capture(errors, () => ReadIntegers(labelsPath));
        if (store is not null) CheckRank(errors, storePath, store.Value.Name, store.Value.Shape, "[N, n, d]");
        if (queries is not null) CheckRank(errors, queriesPath, queries.Value.Name, queries.Value.Shape, "[Q, m, d]");
        if (labels is { } l && l.Shape.Count != 1)
            errors.Add(new InputError(labelsPath!, l.Name, null, "labels of shape [Q]", $"shape [{string.Join(", ", l.Shape)}]"));
        if (errors.Count > 0) throw new InputException(errors);

        var (sName, sShape, sValues) = store!.Value;
        var (qName, qShape, qValues) = queries!.Value;
        int n = sShape[0], tokens = sShape[1], d = sShape[2], q = qShape[0], m = qShape[1];
        if (qShape[2] != d)
            errors.Add(new InputError(queriesPath, qName, null, $"queries of the store's width d = {d} ({storePath})", $"d = {qShape[2]}"));
        if (labels is { } lab)
        {
            if (lab.Values.Length != q)
                errors.Add(new InputError(labelsPath!, lab.Name, null, $"{q} labels (one per query of {queriesPath})", $"{lab.Values.Length}"));
            for (int i = 0; i < lab.Values.Length; i++)
                if (lab.Values[i] < 0 || lab.Values[i] >= n)
                {
                    errors.Add(new InputError(labelsPath!, lab.Name, null, $"labels in 0..{n - 1} (store indices)", $"{lab.Values[i]} at index {i}"));
                    break;
                }
        }
        if (errors.Count > 0) throw new InputException(errors);

        var width = Math.Max(2, n.ToString(CultureInfo.InvariantCulture).Length);
        var ovts = Enumerable.Range(0, n)
            .Select(j => new Ovt("ovt-" + j.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'), sValues.AsSpan(j * tokens * d, tokens * d).ToArray(), tokens, d))
            .ToArray();
        var queryList = Enumerable.Range(0, q)
            .Select(i => new Query(qValues.AsSpan(i * m * d, m * d).ToArray(), m, labels?.Values[i]))
            .ToArray();
        var promptStore = new PromptStore(ovts, d);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"tensors: {n} OVTs [{tokens}, {d}] from {Path.GetFileName(storePath)}, max |v| = {promptStore.MaxAbs():G4}; " +
            $"{q} queries of m = {m} rows from {Path.GetFileName(queriesPath)}, {(labels is null ? "unlabelled" : "labels from " + Path.GetFileName(labelsPath))}");
        var files = new[] { storePath, queriesPath, labelsPath }.OfType<string>().ToArray();
        return new Workload(promptStore, new QuerySet(queryList, d), description, files);
    }

    private static T? Capture<T>(List<InputError> errors, Func<T> read) where T : struct
    {
        try { return read(); }
        catch (InputException e) { errors.AddRange(e.Errors); return null; }
    }

    private static void CheckRank(List<InputError> errors, string path, string name, IReadOnlyList<int> shape, string expected)
    {
        if (shape.Count != 3 || shape.Any(s => s == 0))
            errors.Add(new InputError(path, name, null, $"a 3-D array {expected} with every dimension >= 1", $"shape [{string.Join(", ", shape)}]"));
    }

    private static (string Name, IReadOnlyList<int> Shape, float[] Values) ReadFloats(string path)
    {
        if (IsNpy(path))
        {
            var t = NpyReader.ReadFloats(path);
            return (t.Name, t.Shape, t.Values);
        }
        var tensor = SafetensorsReader.ReadTensor(path, SingleTensor(path));
        return (tensor.Name, tensor.Shape, tensor.Values);
    }

    private static (string Name, IReadOnlyList<int> Shape, int[] Values) ReadIntegers(string path)
    {
        if (IsNpy(path))
        {
            var (shape, values) = NpyReader.ReadIntegers(path);
            return (Path.GetFileName(path), shape, values);
        }
        var name = SingleTensor(path);
        var (s, v) = SafetensorsReader.ReadIntegers(path, name);
        return (name, s, v);
    }

    private static bool IsNpy(string path)
    {
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)) return true;
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) return false;
        throw new InputException(new InputError(path, null, null, "a .npy or .safetensors file", $"extension '{Path.GetExtension(path)}'"));
    }

    private static string SingleTensor(string path)
    {
        var header = SafetensorsReader.ReadHeader(path);
        if (header.Tensors.Count != 1)
            throw new InputException(new InputError(path, null, null, "exactly one tensor",
                header.Tensors.Count == 0 ? "no tensors" : $"{header.Tensors.Count} tensors: " + string.Join(", ", header.Tensors.Select(t => t.Name))));
        return header.Tensors[0].Name;
    }
}
