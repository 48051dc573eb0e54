using System.Diagnostics;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// The use cases over a loaded pipeline: <see cref="RunAsync"/> executes the plan; <see cref="Preview"/>
/// is the same plan printed (status, --dry-run), without running or writing anything but the stat cache.
/// </summary>
public sealed class PipelineEngine
{
    private readonly IReadOnlyList<IStepRunner> _runners;
    private readonly IRunObserver _observer;

    public PipelineEngine(IReadOnlyList<IStepRunner> runners, IRunObserver observer)
    {
        _runners = runners;
        _observer = observer;
    }

    /// <summary>Executes the plan; the caller holds the workspace lock (<see cref="WorkspaceLock"/>) for as long as it uses the result.</summary>
    public async Task<ExecutionReport> RunAsync(PipelineDefinition pipeline, StepGraph selection, RunOptions options, CancellationToken cancellationToken)
    {
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var runId = RunIds.New(startedAt);
        var state = OpenState(pipeline, selection, layout, options.Jobs);
        var lockRecorder = new LockRecorder(state.PreviousLock, pipeline.Steps.Select(s => s.Id));
        var remote = options.RemoteCache is { Mode: not RemoteCacheMode.Off } remoteOptions ? new RemoteCacheSession(remoteOptions, _observer.Warning) : null;
        if (remote is { Options.Required: true } && !await RemoteCacheProbe.IsReachableAsync(remote, cancellationToken).ConfigureAwait(false))
        {
            throw RemoteCacheProbe.RequiredButUnavailable(remote);
        }

        var uploader = remote is null ? null : new RemoteEntryUploader(remote, state.Store);
        var services = new StepServices(
            new RunContext(pipeline, runId, layout, state.Digests, _observer),
            state.Planner,
            new OutputRecorder(layout, state.Digests, state.Store),
            new CacheRestorer(layout, state.Digests, state.Store),
            state.Actions,
            state.Store,
            lockRecorder,
            _runners,
            remote is null ? null : new RemoteEntryFetcher(remote, state.Store, state.Actions),
            uploader);
        _observer.RunStarted(runId, selection.Steps.Count);
        IReadOnlyList<StepResult> results;
        LockFile lockFile;
        try
        {
            var scheduler = new Scheduler(selection, new StepWorker(services, options.Force, options.ForceSteps), options, _observer);
            results = await scheduler.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lockFile = lockRecorder.ToLockFile();
            if (lockRecorder.Changed || !File.Exists(pipeline.LockFilePath))
            {
                LockFileSerializer.Write(pipeline.LockFilePath, lockFile);
            }

            SaveStatCache(layout, state.Digests.StatCache);

            // Uploads run in the background while steps run; the run ends when they have.
            if (uploader is not null)
            {
                await uploader.WaitAsync().ConfigureAwait(false);
            }
        }

        var status = cancellationToken.IsCancellationRequested ? RunStatus.Cancelled
            : results.Any(r => r.IsFailure) ? RunStatus.Failed
            : RunStatus.Succeeded;
        var report = new ExecutionReport(runId, pipeline.Name, status, startedAt, clock.Elapsed, results, lockFile) { RemoteCache = remote?.Summary() };
        return remote is { Options.Required: true, IsAvailable: false }
            ? report with { Status = RunStatus.Failed, Problems = [new RunProblem(RemoteCacheProbe.Message(remote), Diagnostics.ExitCodes.ServiceUnavailable)] }
            : report;
    }

    /// <summary>What a run would do, step by step; a step below one that would run or restore is "upstream".</summary>
    public IReadOnlyList<(StepDefinition Step, StepDecision Decision)> Preview(PipelineDefinition pipeline, StepGraph selection, bool force)
    {
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        var state = OpenState(pipeline, selection, layout, Environment.ProcessorCount);
        var context = new RunContext(pipeline, "", layout, state.Digests, _observer);
        var decisions = new Dictionary<string, StepDecision>(StringComparer.Ordinal);
        var plan = new List<(StepDefinition, StepDecision)>();
        foreach (var step in selection.Steps)
        {
            var busyUpstream = selection.DependenciesOf(step.Id).FirstOrDefault(d => decisions[d.Id] is not StepDecision.UpToDate);
            StepDecision decision;
            try
            {
                var environment = _runners.FirstOrDefault(r => r.CanRun(step))?.Peek(step, context) ?? StepEnvironment.None;
                decision = busyUpstream is not null ? ExecutionPlanner.Pending(busyUpstream.Id)
                    : environment.Pending is { } pending ? new StepDecision.Run(RunReason.EnvironmentPending, pending)
                    : state.Planner.Evaluate(step, force, environment).Decision;
            }
            catch (Diagnostics.PipelineException e)
            {
                decision = new StepDecision.Run(RunReason.InputChanged, e.Message);
            }

            decisions[step.Id] = decision;
            plan.Add((step, decision));
        }

        SaveStatCache(layout, state.Digests.StatCache);
        return plan;
    }

    private WorkspaceState OpenState(PipelineDefinition pipeline, StepGraph graph, WorkspaceLayout layout, int jobs)
    {
        var digests = new FileDigests(layout, StatCacheFile.Load(layout.StatCacheFile), jobs);
        var store = new ContentStore(layout.ContentFolder);
        var actions = new ActionCache(layout.ActionFolder, _observer.Warning);
        var previousLock = LockFileSerializer.Read(pipeline.LockFilePath, pipeline.Name, _observer.Warning);
        var context = new PlannerContext(layout, digests, store, actions, previousLock, pipeline.Params, path => graph.ProducersOf(path).FirstOrDefault()?.Id);
        return new WorkspaceState(digests, store, actions, new ExecutionPlanner(context), previousLock);
    }

    private void SaveStatCache(WorkspaceLayout layout, StatCache cache)
    {
        if (!cache.IsDirty)
        {
            return;
        }

        try
        {
            StatCacheFile.Save(cache, layout.StatCacheFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _observer.Warning($"warning PB4007: could not save the stat cache {layout.StatCacheFile} ({IoErrorText.Describe(e)}); the next run hashes inputs again");
        }
    }

    private sealed record WorkspaceState(FileDigests Digests, ContentStore Store, ActionCache Actions, ExecutionPlanner Planner, LockFile PreviousLock);
}
