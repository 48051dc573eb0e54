using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// Copies a YAML subtree into model <see cref="ValueNode"/>s. Recursion is safe: the tree reader bounds
/// every node's height; the node budget bounds the total work aliases can multiply.
/// </summary>
internal static class ValueConverter
{
    /// <summary>The value, or null when the budget ran out; <paramref name="text"/> maps each scalar (e.g. expands it).</summary>
    public static ValueNode? Convert(YamlTreeNode node, NodeBudget budget, Func<YamlTreeScalar, string>? text = null)
    {
        if (!budget.Spend(node.Location))
        {
            return null;
        }

        switch (node)
        {
            case YamlTreeScalar scalar:
                return new ScalarValue(scalar.IsNull ? string.Empty : text?.Invoke(scalar) ?? scalar.Value);
            case YamlTreeSequence sequence:
                var items = new List<ValueNode>(sequence.Items.Count);
                foreach (var item in sequence.Items)
                {
                    var value = Convert(item, budget, text);
                    if (value is null)
                    {
                        return null;
                    }

                    items.Add(value);
                }

                return new ListValue(items);
            default:
                var mapping = (YamlTreeMapping)node;
                var entries = new List<KeyValuePair<string, ValueNode>>(mapping.Entries.Count);
                foreach (var (key, child) in mapping.Entries)
                {
                    var value = Convert(child, budget, text);
                    if (value is null)
                    {
                        return null;
                    }

                    entries.Add(new(key.Value, value));
                }

                return new MapValue(entries);
        }
    }
}
