using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Makes the <see cref="ExecutionPlan"/> of a selection, in graph order: each step's environment is peeked
/// (never built or pulled) and the step decided; a step below one that would run or restore is pending.
/// </summary>
internal sealed class PlanMaker
{
    private readonly ExecutionPlanner _planner;
    private readonly RunnerSessions _runners;

    public PlanMaker(ExecutionPlanner planner, RunnerSessions runners)
    {
        _planner = planner;
        _runners = runners;
    }

    public async Task<ExecutionPlan> MakeAsync(StepGraph selection, RunContext context, RunOptions options, CancellationToken cancellationToken)
    {
        var planned = new Dictionary<string, PlannedStep>(selection.Steps.Count, StringComparer.Ordinal);
        var steps = new List<PlannedStep>(selection.Steps.Count);
        // The plan writes nothing: every file it may look at is stat'ed at once, by folder, on both cores.
        using var statsAhead = context.Digests.StatAhead(PlainFilesOf(selection));
        foreach (var step in selection.Steps)
        {
            // A frozen step never runs, so it never waits for its upstream.
            var busyUpstream = step.Frozen ? null : FirstNotUpToDate(selection.DependenciesOf(step.Id), planned);
            var next = busyUpstream is not null
                ? new PlannedStep(step, ExecutionPlanner.Pending(busyUpstream.Id))
                : await DecideAsync(step, context, options.Force || options.ForceSteps.Contains(step.Id), cancellationToken).ConfigureAwait(false);
            planned[step.Id] = next;
            steps.Add(next);
        }

        return new ExecutionPlan(steps);
    }

    private static StepDefinition? FirstNotUpToDate(IReadOnlyList<StepDefinition> upstream, Dictionary<string, PlannedStep> planned)
    {
        for (var i = 0; i < upstream.Count; i++)
        {
            if (!planned[upstream[i].Id].IsUpToDate)
            {
                return upstream[i];
            }
        }

        return null;
    }

    /// <summary>The steps' plain file inputs and file outputs: what deciding them stats.</summary>
    private static List<string> PlainFilesOf(StepGraph selection)
    {
        var paths = new List<string>();
        foreach (var step in selection.Steps)
        {
            // Indexes rather than foreach: an interface enumerator is an allocation per step.
            for (var i = 0; i < step.Inputs.Count; i++)
            {
                if (step.Inputs[i] is { Kind: InputKind.Path, IsFolder: false } input)
                {
                    paths.Add(input.Path);
                }
            }

            for (var i = 0; i < step.Outputs.Count; i++)
            {
                if (!step.Outputs[i].IsFolder)
                {
                    paths.Add(step.Outputs[i].Path);
                }
            }
        }

        return paths;
    }

    // A ValueTask: most steps are decided without waiting, and a Task would be an allocation for each.
    private async ValueTask<PlannedStep> DecideAsync(StepDefinition step, RunContext context, bool force, CancellationToken cancellationToken)
    {
        try
        {
            var environment = step.Frozen || _runners.For(step) is not { } runner
                ? StepEnvironment.None
                : await runner.PeekAsync(step, context, cancellationToken).ConfigureAwait(false);
            if (environment.Pending is { } pending)
            {
                return new PlannedStep(step, new StepDecision.Pending(new StepReason(ReasonKind.EnvironmentPending, pending)));
            }

            var evaluation = _planner.Evaluate(step, force, environment);
            return new PlannedStep(step, evaluation.Decision, evaluation, environment);
        }
        catch (Exception e) when (e is PipelineException or IOException or UnauthorizedAccessException)
        {
            // Not an input change: the step cannot be decided. A run decides it again in its turn, and fails it there.
            return new PlannedStep(step, new StepDecision.Pending(new StepReason(ReasonKind.InputUnavailable, e.Message)));
        }
    }
}
