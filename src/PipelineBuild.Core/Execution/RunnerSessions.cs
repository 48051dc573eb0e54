using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Every runner opened for one run or plan of a pipeline (<see cref="IStepRunner.Begin"/>); disposing it ends
/// what the run started (warm processes, per-run caches), whichever way the run ended.
/// </summary>
public sealed class RunnerSessions : IAsyncDisposable
{
    // An array: For runs for every step, and an interface's enumerator would be an allocation each time.
    private readonly (IStepRunner Runner, IStepRunnerSession Session)[] _opened;

    private RunnerSessions((IStepRunner Runner, IStepRunnerSession Session)[] opened) => _opened = opened;

    public static RunnerSessions Begin(IEnumerable<IStepRunner> runners, PipelineDefinition pipeline) =>
        new([.. runners.Select(r => (r, r.Begin(pipeline)))]);

    /// <summary>The session of the runner that can run <paramref name="step"/>, or null when no runner of this build can.</summary>
    public IStepRunnerSession? For(StepDefinition step)
    {
        foreach (var (runner, session) in _opened)
        {
            if (runner.CanRun(step))
            {
                return session;
            }
        }

        return null;
    }

    /// <summary>Every runner's checks of the selected <paramref name="steps"/> before anything runs (see <see cref="IStepRunnerSession.ValidateAsync"/>).</summary>
    public async Task ValidateAsync(IReadOnlyCollection<StepDefinition> steps, CancellationToken cancellationToken)
    {
        foreach (var (_, session) in _opened)
        {
            await session.ValidateAsync(steps, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, session) in _opened)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
