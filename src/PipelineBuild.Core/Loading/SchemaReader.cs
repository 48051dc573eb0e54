using System.Globalization;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads typed values out of the YAML tree; every mismatch becomes a diagnostic and a null, never an exception.</summary>
internal sealed class SchemaReader
{
    public SchemaReader(DiagnosticBag diagnostics)
    {
        Diagnostics = diagnostics;
        Budget = new NodeBudget(diagnostics);
    }

    public DiagnosticBag Diagnostics { get; }

    public NodeBudget Budget { get; }

    public void Error(string code, SourceLocation location, string message, string hint) =>
        Diagnostics.Error(code, location, message, hint);

    /// <summary>The node as a map; an empty value counts as an empty map.</summary>
    public YamlTreeMapping? Mapping(YamlTreeNode node, string what)
    {
        switch (node)
        {
            case YamlTreeMapping mapping:
                return Budget.Spend(mapping.Location, 1 + mapping.Entries.Count) ? mapping : null;
            case YamlTreeScalar { IsNull: true }:
                return new YamlTreeMapping(node.Location);
            default:
                WrongType(node, what, "a map (key: value)");
                return null;
        }
    }

    /// <summary>Reports every key of <paramref name="mapping"/> that is not in <paramref name="valid"/>.</summary>
    public void CheckKeys(YamlTreeMapping mapping, IReadOnlyList<string> valid, string where)
    {
        foreach (var (key, _) in mapping.Entries)
        {
            if (!valid.Contains(key.Value, StringComparer.Ordinal))
            {
                Error(LoaderCodes.UnknownKey, key.Location, $"unknown key '{key.Value}' in {where}", Suggestions.Hint(key.Value, valid));
            }
        }
    }

    public YamlTreeScalar? Scalar(YamlTreeNode node, string what)
    {
        if (node is YamlTreeScalar scalar)
        {
            return scalar;
        }

        WrongType(node, what, "a string");
        return null;
    }

    public string? String(YamlTreeNode node, string what) => Scalar(node, what)?.Value;

    /// <summary>A list of strings; a single string is a one-item list and an empty value an empty list.</summary>
    public IReadOnlyList<YamlTreeScalar> ScalarList(YamlTreeNode node, string what)
    {
        switch (node)
        {
            case YamlTreeScalar { IsNull: true }:
                return [];
            case YamlTreeScalar scalar:
                return [scalar];
            case YamlTreeSequence sequence:
                if (!Budget.Spend(sequence.Location, 1 + sequence.Items.Count))
                {
                    return [];
                }

                var items = new List<YamlTreeScalar>(sequence.Items.Count);
                foreach (var item in sequence.Items)
                {
                    if (item is YamlTreeScalar s)
                    {
                        items.Add(s);
                    }
                    else
                    {
                        WrongType(item, $"an item of {what}", "a string");
                    }
                }

                return items;
            default:
                WrongType(node, what, "a list of strings");
                return [];
        }
    }

    public bool? Bool(YamlTreeNode node, string what)
    {
        var scalar = Scalar(node, what);
        switch (scalar?.Value)
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                BadValue(scalar, what, "true or false");
                return null;
        }
    }

    public int? Int(YamlTreeNode node, string what)
    {
        var scalar = Scalar(node, what);
        if (scalar is null)
        {
            return null;
        }

        if (int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        BadValue(scalar, what, "a whole number");
        return null;
    }

    public double? Double(YamlTreeNode node, string what)
    {
        var scalar = Scalar(node, what);
        if (scalar is null)
        {
            return null;
        }

        if (double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        BadValue(scalar, what, "a number");
        return null;
    }

    public void BadValue(YamlTreeScalar scalar, string what, string expected) =>
        Error(LoaderCodes.BadValue, scalar.Location, $"invalid value '{scalar.Value}' for {what}", $"expected {expected}");

    public void WrongType(YamlTreeNode node, string what, string expected) =>
        Error(LoaderCodes.WrongType, node.Location, $"{what} must be {expected}, not {node.Describe()}", $"write {what} as {expected}");
}
