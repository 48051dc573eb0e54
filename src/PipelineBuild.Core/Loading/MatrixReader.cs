using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads <c>matrix:</c> and lists its cells: every combination, first key outermost.</summary>
internal sealed class MatrixReader
{
    public const int MaxCells = 10_000;

    private readonly SchemaReader _reader;

    public MatrixReader(SchemaReader reader)
    {
        _reader = reader;
    }

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>? Read(YamlTreeNode node)
    {
        var mapping = _reader.Mapping(node, "'matrix'");
        if (mapping is null)
        {
            return null;
        }

        if (mapping.Entries.Count == 0)
        {
            Bad(mapping.Location, "'matrix' has no keys", "list at least one key with its values, e.g. matrix: { lr: [0.1, 0.01] }");
            return null;
        }

        var axes = new List<(string Key, IReadOnlyList<string> Values)>();
        long cells = 1;
        foreach (var (key, valuesNode) in mapping.Entries)
        {
            if (!key.Value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') || key.Value.Length == 0)
            {
                Bad(key.Location, $"invalid matrix key '{key.Value}'", "use letters, digits, '-' and '_' so that ${{ matrix.<key> }} can name it");
                return null;
            }

            var values = _reader.ScalarList(valuesNode, $"matrix key '{key.Value}'").Select(v => v.Value).ToList();
            if (values.Count == 0)
            {
                Bad(valuesNode.Location, $"matrix key '{key.Value}' has no values", "give it at least one value, or remove the key");
                return null;
            }

            var duplicate = values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                Bad(valuesNode.Location, $"matrix key '{key.Value}' lists '{duplicate.Key}' twice", "list each value once; two cells would get the same step id");
                return null;
            }

            cells *= values.Count;
            if (cells > MaxCells)
            {
                Bad(mapping.Location, $"the matrix has more than {MaxCells:N0} cells", "split the grid into several steps or fewer values");
                return null;
            }

            axes.Add((key.Value, values));
        }

        return _reader.Budget.Spend(mapping.Location, (int)cells) ? Combine(axes) : null;
    }

    private static List<IReadOnlyList<KeyValuePair<string, string>>> Combine(List<(string Key, IReadOnlyList<string> Values)> axes)
    {
        var result = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        var index = new int[axes.Count];
        while (true)
        {
            result.Add(axes.Select((a, i) => new KeyValuePair<string, string>(a.Key, a.Values[index[i]])).ToList());
            var axis = axes.Count - 1;
            while (axis >= 0 && ++index[axis] == axes[axis].Values.Count)
            {
                index[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                return result;
            }
        }
    }

    private void Bad(SourceLocation location, string message, string hint) =>
        _reader.Error(LoaderCodes.BadMatrix, location, message, hint);
}
