using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Applies one <c>--param train.depth=7</c>: the name must be an existing leaf; the value is read as YAML.</summary>
internal sealed class ParamOverride
{
    private static readonly SourceLocation Where = SourceLocation.None("--param");

    private readonly DiagnosticBag _diagnostics;

    public ParamOverride(DiagnosticBag diagnostics)
    {
        _diagnostics = diagnostics;
    }

    public MapValue Apply(MapValue root, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? string.Empty : assignment[..equals].Trim();
        if (name.Length == 0)
        {
            _diagnostics.Error(LoaderCodes.BadParamOverride, Where, $"invalid param override '{assignment}'", "write it as name=value, e.g. --param train.depth=7");
            return root;
        }

        var existing = new ParamSet(root);
        var path = name.Split('.');
        if (!LeadsThroughMaps(root, path) || existing.Find(name) is null or MapValue)
        {
            var leaves = existing.LeafNames();
            _diagnostics.Error(
                LoaderCodes.BadParamOverride,
                Where,
                $"--param '{name}' does not name a param of the pipeline",
                leaves.Count == 0 ? "the pipeline declares no params" : KeySuggester.Hint(name, leaves, "params"));
            return root;
        }

        return ParamsMerger.Replace(root, path, ParseValue(assignment[(equals + 1)..]));
    }

    private static bool LeadsThroughMaps(MapValue root, string[] path)
    {
        ValueNode? current = root;
        foreach (var part in path)
        {
            current = (current as MapValue)?[part];
            if (current is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value as YAML (so <c>'7'</c>, <c>"a b"</c> and <c>[1,2]</c> work); unparsable text is taken as-is.</summary>
    private static ValueNode ParseValue(string text)
    {
        var scratch = new DiagnosticBag();
        var node = new YamlTreeReader("--param", scratch).Read(text);
        if (node is null || scratch.HasErrors)
        {
            return new ScalarValue(text);
        }

        return ValueConverter.Convert(node, new NodeBudget(scratch, 10_000)) ?? new ScalarValue(text);
    }
}
