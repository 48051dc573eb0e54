using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Sessions;

/// <summary>
/// The one run sequence every command goes through: lock the workspace → execute the plan → record
/// (metrics, artifacts, <c>runs.db</c>) while still holding the lock → hand back one report.
/// </summary>
public sealed class PipelineSession
{
    private readonly IReadOnlyList<IStepRunner> _runners;
    private readonly SessionEnvironment _environment;

    public PipelineSession(IReadOnlyList<IStepRunner> runners, SessionEnvironment environment)
    {
        _runners = runners;
        _environment = environment;
    }

    /// <summary>Runs <paramref name="selection"/>; with <paramref name="record"/> false (a reproduction) nothing is recorded or published.</summary>
    public async Task<RunReport> RunAsync(PipelineDefinition pipeline, StepGraph selection, RunOptions options, IRunObserver observer, bool record, CancellationToken cancellationToken)
    {
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        using var workspaceLock = await WorkspaceLock.AcquireAsync(layout, !options.NoWait, observer.Warning, cancellationToken).ConfigureAwait(false);
        var executed = await new PipelineEngine(_runners, observer).RunAsync(pipeline, selection, options, cancellationToken).ConfigureAwait(false);
        if (!record)
        {
            return RunReport.Of(executed);
        }

        // Still under the workspace lock: what is recorded and published is what this run left.
        var recorder = new RunRecorder(new RunRecorderOptions(_environment.ToolVersion, observer.Warning) { GetEnvironment = _environment.Variables });
        return await recorder.CompleteAsync(pipeline, selection, executed, CancellationToken.None).ConfigureAwait(false);
    }
}
