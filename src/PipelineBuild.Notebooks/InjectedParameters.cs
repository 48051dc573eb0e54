using System.Text;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Notebooks;

/// <summary>
/// The source of the cell injected after the notebook's <c>parameters</c> cell, papermill's way: every
/// param the step uses, under its last name segment (<c>train.epochs</c> → <c>epochs</c>), then every
/// <c>with:</c> entry, which wins over a param of the same name. Null and a message when a name cannot be assigned.
/// </summary>
public static class InjectedParameters
{
    public static (string? Source, string? Error) For(StepDefinition step, ParamSet parameters)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in step.Params)
        {
            var variable = name[(name.LastIndexOf('.') + 1)..];
            var literal = PythonLiteral.Of(parameters.Find(name));
            if (origins.TryGetValue(variable, out var other) && values[variable] != literal)
            {
                return (null, $"params '{other}' and '{name}' would both set '{variable}' in the notebook; name the value under 'with:' instead (with: {{ {variable}: ... }})");
            }

            values[variable] = literal;
            origins[variable] = name;
        }

        foreach (var (key, value) in step.With.Entries)
        {
            values[key] = PythonLiteral.Of(value);
            origins[key] = "with." + key;
        }

        var text = new StringBuilder("# Parameters injected by PipelineBuild (step ").Append(step.Id).Append(")\n");
        foreach (var (variable, literal) in values)
        {
            if (!PythonLiteral.IsIdentifier(variable))
            {
                return (null, $"'{origins[variable]}' cannot be a Python variable name; use a name of letters, digits and '_' that is not a keyword");
            }

            text.Append(variable).Append(" = ").Append(literal).Append('\n');
        }

        return (text.ToString(), null);
    }
}
