using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Expands <c>${{ params.a.b }}</c>, <c>${{ env.X }}</c>, <c>${{ matrix.x }}</c> and <c>${{ steps.&lt;id&gt;.outputs }}</c> in a scalar.</summary>
internal sealed class ExpressionExpander
{
    private const string Open = "${{";
    private const string Close = "}}";
    private const string Forms = "expressions are ${{ params.<name> }}, ${{ env.<NAME> }}, ${{ matrix.<key> }} or ${{ steps.<id>.outputs }}";

    private readonly SchemaReader _reader;

    public ExpressionExpander(SchemaReader reader)
    {
        _reader = reader;
    }

    public static bool ContainsExpression(string text) => text.Contains(Open, StringComparison.Ordinal);

    /// <summary>The scalar's text with every expression replaced; problems are reported and expand to nothing.</summary>
    public string Expand(YamlTreeScalar scalar, ExpansionScope scope)
    {
        var text = scalar.Value;
        var start = text.IndexOf(Open, StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length);
        var position = 0;
        while (start >= 0)
        {
            result.Append(text, position, start - position);
            var end = text.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
            var location = scalar.LocationOf(start);
            if (end < 0)
            {
                _reader.Error(LoaderCodes.BadExpression, location, "unclosed expression '${{'", "close it with '}}', e.g. ${{ params.seed }}");
                return result.Append(text, start, text.Length - start).ToString();
            }

            var inner = text[(start + Open.Length)..end].Trim();
            result.Append(Resolve(inner, location, scope));
            position = end + Close.Length;
            start = text.IndexOf(Open, position, StringComparison.Ordinal);
        }

        return result.Append(text, position, text.Length - position).ToString();
    }

    private string Resolve(string inner, SourceLocation location, ExpansionScope scope)
    {
        var dot = inner.IndexOf('.', StringComparison.Ordinal);
        var space = dot < 0 ? inner : inner[..dot];
        var rest = dot < 0 ? string.Empty : inner[(dot + 1)..];
        return space switch
        {
            "params" when IsDottedName(rest) => Param(rest, location, scope),
            "env" when IsEnvName(rest) => Lookup(scope.Env(rest), "env variable", rest, location, "declare it under 'env:' or set it in the environment that runs the tool"),
            "matrix" when IsDottedName(rest) && !rest.Contains('.', StringComparison.Ordinal) => Matrix(rest, location, scope),
            "steps" when rest.EndsWith(".outputs", StringComparison.Ordinal) && rest.Length > ".outputs".Length => Steps(rest[..^".outputs".Length], location, scope),
            _ => Fail(location, $"invalid expression '${{{{ {inner} }}}}'", Forms),
        };
    }

    private string Param(string name, SourceLocation location, ExpansionScope scope)
    {
        var value = scope.Params.Find(name);
        if (value is null)
        {
            var leaves = scope.Params.LeafNames();
            var hint = leaves.Count == 0 ? "the pipeline declares no params; add it under 'params:'" : KeySuggester.Hint(name, leaves, "params");
            _reader.Error(LoaderCodes.UnknownParam, location, $"unknown param '{name}'", hint);
            return string.Empty;
        }

        scope.ReferenceParam(name);
        return value.ToExpansionText();
    }

    private string Matrix(string key, SourceLocation location, ExpansionScope scope)
    {
        if (scope.Matrix is null)
        {
            return Fail(location, $"'matrix.{key}' is used outside a matrix step", "add 'matrix:' to the step, or remove the expression");
        }

        foreach (var (name, value) in scope.Matrix)
        {
            if (string.Equals(name, key, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return Fail(location, $"unknown matrix key '{key}'", KeySuggester.Hint(key, scope.Matrix.Select(m => m.Key).ToList(), "matrix keys"));
    }

    private string Steps(string id, SourceLocation location, ExpansionScope scope)
    {
        if (scope.Steps is null)
        {
            return Fail(location, $"'steps.{id}.outputs' cannot be used {scope.StepsUnavailableReason}", "use it in run, env, with or inputs of a step");
        }

        if (!scope.Steps.TryGet(id, out var stepIds, out var outputs))
        {
            return Fail(location, $"unknown step '{id}' in 'steps.{id}.outputs'", KeySuggester.Hint(id, scope.Steps.Ids.ToList(), "step ids"));
        }

        foreach (var stepId in stepIds)
        {
            scope.AddNeed(stepId, location);
        }

        return outputs;
    }

    private string Lookup(string? value, string kind, string name, SourceLocation location, string hint) =>
        value ?? Fail(location, $"unknown {kind} '{name}'", hint);

    private string Fail(SourceLocation location, string message, string hint)
    {
        _reader.Error(LoaderCodes.BadExpression, location, message, hint);
        return string.Empty;
    }

    private static bool IsDottedName(string text) =>
        text.Length > 0 && text.Split('.').All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'));

    private static bool IsEnvName(string text) =>
        text.Length > 0 && !char.IsAsciiDigit(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
