using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Makes the <see cref="ExecutionPlan"/> of a selection, in graph order: each step's environment is peeked
/// (never built or pulled) and the step decided; a step below one that would run or restore is pending.
/// Steps whose upstream is decided are decided side by side, one thread per core: the inputs' stats and
/// fingerprints of a no-op of many steps are most of its time.
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
        var planned = new Dictionary<string, PlannedStep>(StringComparer.Ordinal);
        var steps = new PlannedStep[selection.Steps.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        foreach (var wave in Waves(selection))
        {
            // The steps of a wave depend only on earlier waves, whose plans are all in 'planned' now: they are decided side by side.
            await Parallel.ForEachAsync(wave, parallel, async (index, token) =>
            {
                var step = selection.Steps[index];

                // A frozen step never runs, so it never waits for its upstream.
                var busyUpstream = step.Frozen ? null : selection.DependenciesOf(step.Id).FirstOrDefault(d => !planned[d.Id].IsUpToDate);
                steps[index] = busyUpstream is not null
                    ? new PlannedStep(step, ExecutionPlanner.Pending(busyUpstream.Id))
                    : await DecideAsync(step, context, options.Force || options.ForceSteps.Contains(step.Id), token).ConfigureAwait(false);
            }).ConfigureAwait(false);
            foreach (var index in wave)
            {
                planned[steps[index].Step.Id] = steps[index];
            }
        }

        return new ExecutionPlan(steps);
    }

    /// <summary>The selection's step indexes by depth (a step one deeper than its deepest upstream), each wave in graph order.</summary>
    private static List<List<int>> Waves(StepGraph selection)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var waves = new List<List<int>>();
        for (var index = 0; index < selection.Steps.Count; index++)
        {
            var step = selection.Steps[index];
            var level = 0;
            foreach (var upstream in selection.DependenciesOf(step.Id))
            {
                level = Math.Max(level, depth[upstream.Id] + 1);
            }

            depth[step.Id] = level;
            if (level == waves.Count)
            {
                waves.Add([]);
            }

            waves[level].Add(index);
        }

        return waves;
    }

    private async Task<PlannedStep> DecideAsync(StepDefinition step, RunContext context, bool force, CancellationToken cancellationToken)
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
