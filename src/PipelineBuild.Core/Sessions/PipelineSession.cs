using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Runs.Git;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Sessions;

/// <summary>
/// The one run sequence every command goes through: open and check the runners (<see cref="PrepareAsync"/>) → lock the workspace → execute the plan → record
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

    /// <summary>
    /// What a run of <paramref name="selection"/> would do and why (status, --dry-run, graph): never builds,
    /// pulls, runs or records; takes no lock. <paramref name="observer"/> hears warnings only.
    /// </summary>
    /// <param name="noDownload">The plan of <c>run --no-download</c>: outputs left remote are up to date (remote only).</param>
    public async Task<ExecutionPlan> PlanAsync(PipelineDefinition pipeline, StepGraph selection, bool force, IRunObserver observer, CancellationToken cancellationToken, bool noDownload = false)
    {
        await using var runners = RunnerSessions.Begin(_runners, pipeline);
        return await new PipelineEngine(runners, observer).PlanAsync(pipeline, selection, new RunOptions { Jobs = _environment.ProcessorCount, Force = force, NoDownload = noDownload }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the runners for a run of <paramref name="selection"/> and makes the checks only they can make
    /// before anything runs (.NET task names need the task project built; it is not built again by the run).
    /// Throws <see cref="Diagnostics.PipelineValidationException"/> or <see cref="Diagnostics.PipelineException"/>.
    /// </summary>
    public async Task<PreparedRun> PrepareAsync(PipelineDefinition pipeline, StepGraph selection, CancellationToken cancellationToken)
    {
        var runners = RunnerSessions.Begin(_runners, pipeline);
        try
        {
            await runners.ValidateAsync(selection.Steps, cancellationToken).ConfigureAwait(false);
            return new PreparedRun(pipeline, selection, runners);
        }
        catch
        {
            await runners.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the prepared selection; with <paramref name="record"/> false (a reproduction) nothing is recorded or published.</summary>
    /// <param name="experiment">An experiment's run (<c>exp run</c>, in a copy of the workspace): recorded under its name in the workspace's history.</param>
    public async Task<RunReport> RunAsync(PreparedRun run, RunOptions options, IRunObserver observer, bool record, CancellationToken cancellationToken, ExperimentRecording? experiment = null)
    {
        var (pipeline, selection) = (run.Pipeline, run.Selection);
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        using var workspaceLock = await WorkspaceLock.AcquireAsync(layout, !options.NoWait, observer.Warning, cancellationToken).ConfigureAwait(false);
        if (!record)
        {
            var reproduced = await new PipelineEngine(run.Runners, observer).RunAsync(pipeline, selection, options, cancellationToken).ConfigureAwait(false);
            return RunReport.Of(reproduced);
        }

        // Read while the plan is made: the record's dirty check needs the git index only at the end.
        var gitIndex = GitIndexPreload.Start(pipeline.WorkspaceRoot, new GitDirtyMemo(layout.GitDirtyMemoFile, seen: null));

        // Deleted once the run is recorded, so that ui shows it either live or from runs.db.
        using var live = new LiveRunWriter(observer, layout, pipeline.Name);
        var executed = await new PipelineEngine(run.Runners, live).RunAsync(pipeline, selection, options, cancellationToken).ConfigureAwait(false);

        // Still under the workspace lock: what is recorded and published is what this run left.
        var recorder = new RunRecorder(new RunRecorderOptions(_environment.ToolVersion, observer.Warning)
        {
            GetEnvironment = _environment.Variables,
            Experiment = experiment?.Name,
            RunsDatabase = experiment?.RunsDatabase,
            GitIndex = gitIndex,
        }, _environment.NuGetPusher);
        return await recorder.CompleteAsync(pipeline, selection, executed, CancellationToken.None).ConfigureAwait(false);
    }
}
