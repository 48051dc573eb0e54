using System.Diagnostics;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// The use cases over a loaded pipeline: <see cref="PlanAsync"/> makes the plan (status, --dry-run, graph)
/// without running or writing anything but the stat cache; <see cref="RunAsync"/> makes the same plan and executes it.
/// </summary>
public sealed class PipelineEngine
{
    private readonly RunnerSessions _runners;
    private readonly IRunObserver _observer;

    /// <param name="runners">The runners opened for this run or plan of the pipeline; the caller ends them.</param>
    public PipelineEngine(RunnerSessions runners, IRunObserver observer)
    {
        _runners = runners;
        _observer = observer;
    }

    /// <summary>Executes the plan; the caller holds the workspace lock (<see cref="WorkspaceLock"/>) for as long as it uses the result.</summary>
    public async Task<ExecutionReport> RunAsync(PipelineDefinition pipeline, StepGraph selection, RunOptions options, CancellationToken cancellationToken)
    {
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        StopLeftoverProcesses(layout);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var runId = RunIds.New(startedAt);
        var remote = options.RemoteCache is { Mode: not RemoteCacheMode.Off } remoteOptions ? new RemoteCacheSession(remoteOptions, _observer.Warning) : null;
        if (remote is { Options.Required: true } && !await RemoteCacheProbe.IsReachableAsync(remote, cancellationToken).ConfigureAwait(false))
        {
            throw RemoteCacheProbe.RequiredButUnavailable(remote);
        }

        var state = OpenState(pipeline, selection, layout, options, remote);
        PhaseTimings.Mark("state");
        var lockRecorder = new LockRecorder(state.PreviousLock, pipeline.Steps.Select(s => s.Id));
        var services = new StepServices(
            new RunContext(pipeline, runId, layout, state.Digests, _observer) { RemoteCache = remote },
            state.Planner,
            new OutputRecorder(layout, state.Digests, state.Store),
            new CacheRestorer(layout, state.Digests, state.Store, _observer.Warning),
            state.Cache,
            lockRecorder,
            _runners)
        {
            RemoteOnly = state.RemoteOnly,
        };
        // A state file whose records were all refused is rewritten too: its warnings are not repeated run after run.
        var remoteOnlyAtStart = !state.RemoteOnly.IsEmpty || File.Exists(RemoteOnlyStateFile.PathIn(layout));
        ExecutionPlan plan;
        using (state.Journal?.TrustDuringPlan(state.Digests.StatCache))
        {
            plan = await new PlanMaker(state.Planner, _runners).MakeAsync(selection, services.Run, options, cancellationToken).ConfigureAwait(false);
        }

        PhaseTimings.Mark("plan");
        _observer.RunStarted(runId, selection.Steps.Count);
        IReadOnlyList<StepResult> results;
        LockFile lockFile;
        try
        {
            var scheduler = new Scheduler(selection, new StepWorker(services, plan, options), options, _observer);
            results = await scheduler.RunAsync(cancellationToken).ConfigureAwait(false);
            PhaseTimings.Mark("execute");
        }
        finally
        {
            Processes.ProcessGroupRecords.EndRun(layout.ProcessesFolder);
            lockFile = lockRecorder.ToLockFile();
            if (lockRecorder.Changed || !File.Exists(pipeline.LockFilePath))
            {
                LockFileSerializer.Write(pipeline.LockFilePath, lockFile);
            }

            if (remoteOnlyAtStart || !state.RemoteOnly.IsEmpty)
            {
                RemoteOnlyStateFile.Write(RemoteOnlyStateFile.PathIn(layout), state.RemoteOnly);
            }

            SaveStatCache(layout, state.Digests.StatCache, state.Journal);

            // Lower tiers store in the background while steps run; the run ends when they have.
            try
            {
                await state.Cache.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                state.Actions.Dispose();
            }

            PhaseTimings.Mark("save state");
        }

        var status = cancellationToken.IsCancellationRequested ? RunStatus.Cancelled
            : results.Any(r => r.IsFailure) ? RunStatus.Failed
            : RunStatus.Succeeded;
        var report = new ExecutionReport(runId, pipeline.Name, status, startedAt, clock.Elapsed, results, lockFile) { RemoteCache = remote?.Summary(), SeenStat = state.Digests.StatCache.SeenThisRunInOrder(), SeenFrom = state.Digests.StatCache.SeenUnchanged() };
        return remote is { Options.Required: true, IsAvailable: false }
            ? report with { Status = RunStatus.Failed, Problems = [new RunProblem(RemoteCacheProbe.Message(remote), Diagnostics.ExitCodes.ServiceUnavailable)] }
            : report;
    }

    /// <summary>What a run would do, step by step (status, --dry-run, graph); writes nothing but the stat cache.</summary>
    public async Task<ExecutionPlan> PlanAsync(PipelineDefinition pipeline, StepGraph selection, RunOptions options, CancellationToken cancellationToken)
    {
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        var state = OpenState(pipeline, selection, layout, options, remote: null);
        var context = new RunContext(pipeline, "", layout, state.Digests, _observer);
        var plan = await new PlanMaker(state.Planner, _runners).MakeAsync(selection, context, options, cancellationToken).ConfigureAwait(false);
        SaveStatCache(layout, state.Digests.StatCache);
        return plan;
    }

    /// <summary>The workspace's state for one run; <paramref name="remote"/>, when set, is the cache tier below the local one.</summary>
    private WorkspaceState OpenState(PipelineDefinition pipeline, StepGraph graph, WorkspaceLayout layout, RunOptions options, RemoteCacheSession? remote)
    {
        var statCache = options.StatCache?.Take(layout.StatCacheFile) ?? StatCacheFile.Load(layout.StatCacheFile);
        var digests = new FileDigests(layout, statCache, options.Jobs);
        PhaseTimings.Mark("statcache");
        var journal = JournalSession.Open(options.ChangeJournal, statCache, layout.StatCacheFile, options.ChangeJournal is null ? [] : SourceFolders(pipeline, graph));
        if (options.ChangeJournal is not null)
        {
            PhaseTimings.Mark(journal?.IsTrusted == true ? "journal (trusted)" : "journal");
        }

        var store = new ContentStore(layout.ContentFolder);
        var actions = new ActionCache(layout.ActionFolder, _observer.Warning, packEntries: true);
        var cache = new StepCache(store, actions, remote is null ? [] : [new RemoteCacheTier(remote, store, actions)]);
        var previousLock = options.LockFile?.Take(pipeline.LockFilePath, pipeline.Name, _observer.Warning)
            ?? LockFileSerializer.Read(pipeline.LockFilePath, pipeline.Name, _observer.Warning);
        PhaseTimings.Mark("lockread");
        var remoteOnly = ReadRemoteOnly(pipeline, layout, previousLock);
        var context = new PlannerContext(layout, digests, cache, previousLock, pipeline.Params, path => graph.ProducersOf(path).FirstOrDefault()?.Id)
        {
            RemoteOnly = remoteOnly,
            NoDownload = options.NoDownload,
        };
        return new WorkspaceState(digests, store, actions, cache, new ExecutionPlanner(context), previousLock, remoteOnly, journal);
    }

    /// <summary>
    /// The folder inputs of the selected steps that no step of the pipeline writes into (or over): what the change
    /// journal may vouch for. A folder a step writes changes during the run, after the journal's answer.
    /// </summary>
    private static List<string> SourceFolders(PipelineDefinition pipeline, StepGraph selection)
    {
        var outputs = pipeline.Steps.SelectMany(s => s.Outputs).Select(o => o.Path.TrimEnd('/')).ToList();
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var step in selection.Steps)
        {
            foreach (var input in step.Inputs)
            {
                var path = input.Path.TrimEnd('/');
                if (input is { Kind: InputKind.Path, IsFolder: true } && UnchangedPaths.CanBeRoot(path)
                    && !outputs.Any(o => Workspace.Watching.ChangeJournal.IsUnder(o, path) || Workspace.Watching.ChangeJournal.IsUnder(path, o)))
                {
                    folders.Add(path);
                }
            }
        }

        return [.. folders];
    }

    /// <summary>The outputs earlier runs left remote (<c>run --no-download</c>), each checked against the lock file and the steps' declared outputs now.</summary>
    private RemoteOnlyOutputs ReadRemoteOnly(PipelineDefinition pipeline, WorkspaceLayout layout, LockFile previousLock)
    {
        var steps = new Lazy<Dictionary<string, StepDefinition>>(() => pipeline.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal));
        return RemoteOnlyStateFile.Read(
            RemoteOnlyStateFile.PathIn(layout),
            id => (steps.Value.TryGetValue(id, out var step) ? [.. step.Outputs.Select(o => OutputRecord.KeyOf(o.Path, o.IsFolder))] : [], previousLock.Find(id)?.Fingerprint),
            _observer.Warning);
    }

    /// <summary>A crashed run's step processes may still be writing outputs: stop them before anything is read or restored.</summary>
    private void StopLeftoverProcesses(WorkspaceLayout layout)
    {
        var stopped = Processes.ProcessGroupRecords.StopLeftovers(layout.ProcessesFolder);
        if (stopped > 0)
        {
            _observer.Note($"stopped {stopped} step process group(s) left running by an earlier run");
        }
    }

    private void SaveStatCache(WorkspaceLayout layout, StatCache cache, JournalSession? journal = null)
    {
        journal?.BeforeSave(cache);
        if (!cache.IsDirty)
        {
            journal?.AfterSave(layout.StatCacheFile, cache.LoadedFrom);
            return;
        }

        try
        {
            var saved = StatCacheFile.Save(cache, layout.StatCacheFile);
            journal?.AfterSave(layout.StatCacheFile, saved);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _observer.Warning(Diagnostics.PipelineDiagnostic.Warning(CacheCodes.StatCacheNotSaved, Diagnostics.SourceLocation.Nowhere, $"could not save the stat cache {layout.StatCacheFile} ({IoErrorText.Describe(e)})", "the next run hashes inputs again").ToString());
        }
    }

    private sealed record WorkspaceState(FileDigests Digests, ContentStore Store, ActionCache Actions, StepCache Cache, ExecutionPlanner Planner, LockFile PreviousLock, RemoteOnlyOutputs RemoteOnly, JournalSession? Journal);
}
