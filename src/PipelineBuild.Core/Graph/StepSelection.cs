using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Graph;

/// <summary>Resolves <c>--stage</c> and <c>--step</c> names to graph positions; an unknown name is PB1002.</summary>
internal sealed class StepSelection
{
    private readonly StepDefinition[] _steps;

    public StepSelection(StepDefinition[] steps)
    {
        _steps = steps;
    }

    public List<int> Resolve(IReadOnlyCollection<string> stages, IReadOnlyCollection<string> stepIds)
    {
        var seeds = new List<int>();
        foreach (var stage in stages)
        {
            var found = Matching(s => string.Equals(s.Stage, stage, StringComparison.Ordinal));
            if (found.Count == 0)
            {
                throw Unknown("stage", stage, _steps.Select(s => s.Stage).ToArray());
            }

            seeds.AddRange(found);
        }

        foreach (var id in stepIds)
        {
            var cellPrefix = id + "[";
            var found = Matching(s => string.Equals(s.Id, id, StringComparison.Ordinal) || s.Id.StartsWith(cellPrefix, StringComparison.Ordinal));
            if (found.Count == 0)
            {
                throw Unknown("step", id, _steps.Select(s => s.Id).ToArray());
            }

            seeds.AddRange(found);
        }

        return seeds;
    }

    private List<int> Matching(Func<StepDefinition, bool> predicate)
    {
        var found = new List<int>();
        for (var i = 0; i < _steps.Length; i++)
        {
            if (predicate(_steps[i]))
            {
                found.Add(i);
            }
        }

        return found;
    }

    private static PipelineException Unknown(string kind, string name, string[] known)
    {
        var hint = Suggestions.Hint(name, known, kind + "s");
        return new PipelineException(
            GraphCodes.UnknownSelection,
            $"--{kind}: error {GraphCodes.UnknownSelection}: the pipeline has no {kind} '{name}'; {hint}",
            ExitCodes.InvalidInput);
    }
}
