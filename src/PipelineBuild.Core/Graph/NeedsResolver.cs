using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Graph;

/// <summary>
/// Turns <c>needs</c> into edges: a stage name means every step of that stage, a step id that step,
/// and a matrix base id (<c>train.fit</c>) every cell of it. Unknown names are PB3005.
/// </summary>
internal sealed class NeedsResolver
{
    private readonly PipelineDefinition _pipeline;
    private readonly IReadOnlyList<StepDefinition> _steps;
    private readonly Dictionary<string, List<int>> _targets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stages = new(StringComparer.Ordinal);
    private readonly EdgeSet _edges;
    private readonly DiagnosticBag _diagnostics;

    // A stage-level need is reported once, not once per step of the stage.
    private readonly HashSet<NeedReference> _reportedUnknown = [];
    private bool _indexed;

    public NeedsResolver(PipelineDefinition pipeline, EdgeSet edges, DiagnosticBag diagnostics)
    {
        _pipeline = pipeline;
        _steps = pipeline.Steps;
        _edges = edges;
        _diagnostics = diagnostics;
    }

    public void AddAll(IReadOnlyList<StageDefinition> stages)
    {
        var stageNeeds = new Dictionary<string, IReadOnlyList<NeedReference>>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            stageNeeds.TryAdd(stage.Name, stage.Needs);
        }

        for (var i = 0; i < _steps.Count; i++)
        {
            var step = _steps[i];
            if (stageNeeds.TryGetValue(step.Stage, out var needs))
            {
                foreach (var need in needs)
                {
                    Add(i, need, EdgeCauseKind.StageNeeds);
                }
            }

            foreach (var need in step.Needs)
            {
                Add(i, need, EdgeCauseKind.StepNeeds);
            }
        }
    }

    // Indexed on the first need: a pipeline without needs never pays for it.
    private void IndexTargets()
    {
        foreach (var stage in _pipeline.Stages)
        {
            _stages.Add(stage.Name);
            Target(stage.Name);
        }

        for (var i = 0; i < _steps.Count; i++)
        {
            var step = _steps[i];
            _stages.Add(step.Stage);
            Target(step.Stage).Add(i);
            Target(step.Id).Add(i);
            var bracket = step.Id.IndexOf('[', StringComparison.Ordinal);
            if (bracket > 0)
            {
                Target(step.Id[..bracket]).Add(i);
            }
        }
    }

    private void Add(int step, NeedReference need, EdgeCauseKind kind)
    {
        if (!_indexed)
        {
            IndexTargets();
            _indexed = true;
        }

        if (!_targets.TryGetValue(need.Target, out var targets))
        {
            if (_reportedUnknown.Add(need))
            {
                _diagnostics.Error(
                    GraphCodes.UnknownNeed,
                    need.Location,
                    $"{(kind == EdgeCauseKind.StageNeeds ? $"stage '{_steps[step].Stage}'" : $"step '{_steps[step].Id}'")} needs '{need.Target}', which is neither a stage nor a step",
                    Suggestions.Hint(need.Target, _targets.Keys, "stages and steps"));
            }

            return;
        }

        var isStage = _stages.Contains(need.Target);
        foreach (var target in targets)
        {
            // A step that needs its own stage waits for the other steps of that stage, not for itself.
            if (target == step && isStage)
            {
                continue;
            }

            _edges.Add(target, step, new EdgeCause(kind, need.Target));
        }
    }

    private List<int> Target(string name)
    {
        if (!_targets.TryGetValue(name, out var list))
        {
            list = [];
            _targets[name] = list;
        }

        return list;
    }
}
