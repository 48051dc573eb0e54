using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Experiments;

/// <summary>
/// The param combinations of <c>exp run</c>: every <c>--set-param k=v</c> in each of them, times the
/// axes of <c>--grid 'train.lr=0.01,0.1;train.depth=3,5'</c> (first axis outermost).
/// </summary>
public sealed record ParamGrid(IReadOnlyList<string> Fixed, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Axes)
{
    /// <summary>The names whose value differs between combinations.</summary>
    public IReadOnlyList<string> VariedNames => Axes.Where(a => a.Value.Count > 1).Select(a => a.Key).ToList();

    /// <exception cref="PipelineException">PB1071: a <c>--set-param</c> or <c>--grid</c> that does not parse.</exception>
    public static ParamGrid Parse(IReadOnlyList<string> setParams, IReadOnlyList<string> grids)
    {
        foreach (var assignment in setParams)
        {
            if (NameOf(assignment) is null)
            {
                throw Bad("--set-param", assignment, "write it as name=value, e.g. --set-param train.lr=0.1");
            }
        }

        var axes = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (var axis in grids.SelectMany(g => g.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var name = NameOf(axis) ?? throw Bad("--grid", axis, "write each axis as name=v1,v2 and separate axes with ';'");
            var values = axis[(axis.IndexOf('=', StringComparison.Ordinal) + 1)..].Split(',', StringSplitOptions.TrimEntries);
            if (values.Any(v => v.Length == 0) || values.Distinct(StringComparer.Ordinal).Count() != values.Length)
            {
                throw Bad("--grid", axis, "give each axis distinct, non-empty values: name=v1,v2");
            }

            if (axes.Any(a => string.Equals(a.Key, name, StringComparison.Ordinal)) || setParams.Any(p => string.Equals(NameOf(p), name, StringComparison.Ordinal)))
            {
                throw Bad("--grid", axis, $"'{name}' is given twice; list all its values in one axis");
            }

            axes.Add(new(name, values));
        }

        return new ParamGrid(setParams, axes);
    }

    /// <summary>Each combination as <c>--param</c> assignments: the fixed ones, then one value per axis.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Combinations()
    {
        IEnumerable<IReadOnlyList<string>> combinations = [[.. Fixed]];
        foreach (var (name, values) in Axes)
        {
            combinations = combinations.SelectMany(c => values.Select(v => (IReadOnlyList<string>)[.. c, $"{name}={v}"])).ToList();
        }

        return combinations.ToList();
    }

    private static string? NameOf(string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0 || assignment[..equals].Trim().Length == 0 ? null : assignment[..equals].Trim();
    }

    private static PipelineException Bad(string option, string text, string hint) =>
        new(ExperimentCodes.BadGrid, $"{option}: error {ExperimentCodes.BadGrid}: '{text}' is not a valid {option}; {hint}", ExitCodes.InvalidInput);
}
