using System.Diagnostics;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>Takes one step from decision to recorded result: up to date, restored, or run (with retries and timeout).</summary>
public sealed class StepWorker
{
    private readonly StepServices _services;
    private readonly ExecutionPlan _plan;
    private readonly RunOptions _options;
    private readonly ClusterOutputsLeftRemote _leftRemote;
    private readonly RemoteOnlyInputRestore _remoteOnlyInputs;

    public StepWorker(StepServices services, ExecutionPlan plan, RunOptions options)
    {
        _services = services;
        _plan = plan;
        _options = options;
        _leftRemote = new ClusterOutputsLeftRemote(services.Layout, services.Cache, services.RemoteOnly, services.Run.RemoteCache);
        _remoteOnlyInputs = new RemoteOnlyInputRestore(services.Run.Pipeline, services.Layout, services.Cache, services.Restorer, services.RemoteOnly);
    }

    /// <summary>
    /// The result of a step the plan found up to date, taken at once on the caller's thread, when nothing could change that:
    /// every upstream step of this run ended up to date, and the step's runner prepares nothing (or the step is frozen).
    /// Null otherwise: the step then goes through <see cref="ExecuteAsync"/>. For a no-op of many small steps, this saves
    /// a thread-pool hop and a wake-up of the scheduler per step.
    /// </summary>
    /// <param name="startedAt">When the scheduler took the step: the result's <see cref="StepResult.StartedAt"/>.</param>
    public StepResult? TryUpToDateAtOnce(StepDefinition step, bool upstreamUpToDate, DateTimeOffset startedAt)
    {
        if (!upstreamUpToDate
            || _plan.Find(step.Id) is not { Evaluation: { Decision: StepDecision.UpToDate { RemoteOnly: false } upToDate } evaluation } planned
            || planned.Environment != StepEnvironment.None
            || !(step.Frozen || _services.Runners.For(step) is { PreparesNothing: true }))
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        Record(evaluation, upToDate.Outputs);
        return new StepResult(step.Id, StepState.UpToDate, StepReason.UpToDate, Stopwatch.GetElapsedTime(started), evaluation.Fingerprint.Hex) { StartedAt = startedAt };
    }

    /// <summary>
    /// Executes the step's planned decision, or decides it now when the plan could not: it was pending
    /// (on an upstream step or its environment), an upstream step did not stay up to date, or the
    /// environment prepared is not the one the plan peeked.
    /// </summary>
    /// <param name="upstreamUpToDate">Every upstream step of this run ended up to date.</param>
    /// <param name="processEnded">Called when the step's process ended well, before its outputs are stored.</param>
    public async Task<StepResult> ExecuteAsync(StepDefinition step, bool upstreamUpToDate, CancellationToken cancellationToken, Action? processEnded = null)
    {
        var clock = Stopwatch.StartNew();
        var runner = _services.Runners.For(step);
        if (runner is null)
        {
            return new StepResult(step.Id, StepState.Failed, new StepReason(ReasonKind.NoRunner), clock.Elapsed, null,
                Error: $"{step.Location}: {step.Kind.ToString().ToLowerInvariant()} steps cannot run in this version of the tool; run the command on the host (remove 'image'/'task') or update PipelineBuild");
        }

        PreparedStep prepared;
        try
        {
            // A frozen step never runs: its image or task project is not needed.
            prepared = step.Frozen ? PreparedStep.Nothing : await runner.PrepareAsync(step, _services.Run, cancellationToken).ConfigureAwait(false);
        }
        catch (PipelineException e)
        {
            return new StepResult(step.Id, StepState.Failed, new StepReason(ReasonKind.EnvironmentFailed), clock.Elapsed, null,
                Error: e.Message, ServiceUnavailable: e.ExitCode == ExitCodes.ServiceUnavailable);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new StepResult(step.Id, StepState.Cancelled, new StepReason(ReasonKind.EnvironmentCancelled), clock.Elapsed, null, Error: "cancelled");
        }

        var environment = prepared.Environment;
        StepEvaluation evaluation;
        try
        {
            evaluation = _plan.Find(step.Id) is { Evaluation: { } planned } plannedStep && upstreamUpToDate && environment == plannedStep.Environment
                ? planned
                : _services.Planner.Evaluate(step, _options.Force || _options.ForceSteps.Contains(step.Id), environment);
        }
        catch (Exception e) when (e is PipelineException or IOException or UnauthorizedAccessException)
        {
            return new StepResult(step.Id, StepState.Failed, new StepReason(ReasonKind.InputUnavailable), clock.Elapsed, null, Error: e.Message);
        }

        var fingerprint = evaluation.Fingerprint.Hex;
        switch (evaluation.Decision)
        {
            case StepDecision.UpToDate { RemoteOnly: true } remoteOnly:
                if (await IsStillRemoteAsync(evaluation, cancellationToken).ConfigureAwait(false))
                {
                    Record(evaluation, remoteOnly.Outputs, keepRemoteOnly: true);
                    return new StepResult(step.Id, StepState.UpToDate, remoteOnly.Reason, clock.Elapsed, fingerprint);
                }

                var lost = new StepDecision.Run(new StepReason(ReasonKind.OutputMissing, remoteOnly.Outputs[0].Key));
                _services.Observer.StepStarted(step, lost);
                return await RunAsync(runner, prepared, evaluation, lost, clock, processEnded, cancellationToken).ConfigureAwait(false);
            case StepDecision.UpToDate upToDate:
                Record(evaluation, upToDate.Outputs);
                return new StepResult(step.Id, StepState.UpToDate, StepReason.UpToDate, clock.Elapsed, fingerprint);
            case StepDecision.Restore restore:
                _services.Observer.StepStarted(step, restore);
                if (await _services.Restorer.TryRestoreAsync(restore.Entry, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    Record(evaluation, restore.Entry.Outputs);
                    return new StepResult(step.Id, StepState.Restored, restore.Reason, clock.Elapsed, fingerprint);
                }

                _services.Observer.Warning(PipelineDiagnostic.Warning(CacheCodes.IncompleteEntry, SourceLocation.Nowhere, $"the cache entry of '{step.Id}' is incomplete or damaged", "running the step instead").ToString());
                return await RunAsync(runner, prepared, evaluation, new StepDecision.Run(restore.Reason), clock, processEnded, cancellationToken).ConfigureAwait(false);
            case StepDecision.Run run:
                if (await TryRemoteAsync(evaluation, run, cancellationToken).ConfigureAwait(false) is { } remote)
                {
                    _services.Observer.StepStarted(step, new StepDecision.Restore(remote.Entry, run.Reason));
                    if (await _services.Restorer.TryRestoreAsync(remote.Entry, remote, cancellationToken).ConfigureAwait(false))
                    {
                        remote.Restored();
                        Record(evaluation, remote.Entry.Outputs);
                        return new StepResult(step.Id, StepState.Restored, run.Reason with { FromRemoteCache = true }, clock.Elapsed, fingerprint);
                    }

                    remote.NotRestored();
                }

                _services.Observer.StepStarted(step, run);
                return await RunAsync(runner, prepared, evaluation, run, clock, processEnded, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"Unknown decision {evaluation.Decision}.");
        }
    }

    private async Task<StepResult> RunAsync(IStepRunnerSession runner, PreparedStep prepared, StepEvaluation evaluation, StepDecision.Run run, Stopwatch clock, Action? processEnded, CancellationToken cancellationToken)
    {
        var step = evaluation.Step;
        var reason = run.Reason;
        if (step.Executor == Executor.Local
            && await _remoteOnlyInputs.RestoreAsync(evaluation, _services.Run.RemoteCache?.Store.DisplayUrl ?? "the remote cache", cancellationToken).ConfigureAwait(false) is { } notRestored)
        {
            return new StepResult(step.Id, StepState.Failed, reason, clock.Elapsed, evaluation.Fingerprint.Hex, Error: notRestored,
                ServiceUnavailable: _services.Run.RemoteCache is { IsAvailable: false });
        }

        var logPath = Path.Combine(_services.Layout.LogsFolder, _services.RunId, LogFileName(step.Id));
        using var log = new StepLog(logPath, (line, isError) => _services.Observer.StepOutput(step, line, isError));
        StepExecutionResult? outcome = null;
        var attempts = 0;
        while (attempts <= step.Retries)
        {
            attempts++;
            if (attempts > 1)
            {
                log.Write($"[pipeline] attempt {attempts} of {step.Retries + 1}", isError: false);
            }

            OutputCleaner.Clear(_services.Layout, step);
            outcome = await AttemptAsync(runner, new StepExecution(step, _services.RunId, _services.Layout, log, prepared, evaluation, _services.RemoteOnly), cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                return new StepResult(step.Id, StepState.Cancelled, reason, clock.Elapsed, evaluation.Fingerprint.Hex,
                    Error: "cancelled", LogPath: log.WrittenPath, Attempts: attempts);
            }

            if (outcome.Succeeded)
            {
                break;
            }
        }

        if (outcome is not { Succeeded: true })
        {
            var error = outcome?.Error ?? $"exit code {outcome?.ExitCode}";
            log.Write($"[pipeline] step failed: {error}", isError: false);
            return new StepResult(step.Id, StepState.Failed, reason, clock.Elapsed, evaluation.Fingerprint.Hex,
                outcome?.ExitCode, error, log.ErrorTail(), log.WrittenPath, attempts, ServiceUnavailable: outcome?.ServiceUnavailable == true)
            { Executor = step.Executor, Node = outcome?.Where };
        }

        processEnded?.Invoke();
        if (outcome.OutputsInRemoteCache)
        {
            return await RestoreRemoteOutputsAsync(evaluation, reason, clock, log, attempts, outcome, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var outputs = _services.Outputs.Record(step, store: step.Cache);
            if (step.Cache)
            {
                var entry = new ActionEntry(evaluation.Fingerprint, outputs);
                _services.Cache.Put(entry);
            }

            Record(evaluation, outputs);
        }
        catch (PipelineException e)
        {
            return new StepResult(step.Id, StepState.Failed, reason, clock.Elapsed, evaluation.Fingerprint.Hex, 0, e.Message, log.ErrorTail(), log.WrittenPath, attempts) { Executor = step.Executor, Node = outcome.Where };
        }

        return new StepResult(step.Id, StepState.Ran, reason, clock.Elapsed, evaluation.Fingerprint.Hex, 0, LogPath: log.WrittenPath, Attempts: attempts) { Executor = step.Executor, Node = outcome.Where };
    }

    /// <summary>
    /// A cluster job's outputs: the ordinary restore of the action entry the job wrote to the remote cache under the step's
    /// key, so the workspace gets exactly the bytes it would have after a restore (and the local cache keeps them).
    /// </summary>
    private async Task<StepResult> RestoreRemoteOutputsAsync(StepEvaluation evaluation, StepReason reason, Stopwatch clock, StepLog log, int attempts, StepExecutionResult outcome, CancellationToken cancellationToken)
    {
        var step = evaluation.Step;
        if (await _services.Cache.TryFetchAsync(step, evaluation.Fingerprint, cancellationToken).ConfigureAwait(false) is { } hit)
        {
            if (_options.NoDownload && await _leftRemote.TryLeaveAsync(step, hit.Entry, cancellationToken).ConfigureAwait(false))
            {
                Record(evaluation, hit.Entry.Outputs, keepRemoteOnly: true);
                return new StepResult(step.Id, StepState.Ran, reason, clock.Elapsed, evaluation.Fingerprint.Hex, 0, LogPath: log.WrittenPath, Attempts: attempts) { Executor = step.Executor, Node = outcome.Where };
            }

            if (await _services.Restorer.TryRestoreAsync(hit.Entry, hit, cancellationToken).ConfigureAwait(false))
            {
                hit.Restored();
                Record(evaluation, hit.Entry.Outputs);
                return new StepResult(step.Id, StepState.Ran, reason, clock.Elapsed, evaluation.Fingerprint.Hex, 0, LogPath: log.WrittenPath, Attempts: attempts) { Executor = step.Executor, Node = outcome.Where };
            }

            hit.NotRestored();
        }

        const string Error = "the job ended well, but its outputs could not be restored from the remote cache; check that the cluster reaches the cache at the URL the job was given";
        log.Write($"[pipeline] step failed: {Error}", isError: false);
        return new StepResult(step.Id, StepState.Failed, reason, clock.Elapsed, evaluation.Fingerprint.Hex, 0, Error, log.ErrorTail(), log.WrittenPath, attempts) { Executor = step.Executor, Node = outcome.Where };
    }

    /// <summary><c>run --no-download</c>: whether the remote cache still holds the entry of a step whose outputs are remote only.</summary>
    private async Task<bool> IsStillRemoteAsync(StepEvaluation evaluation, CancellationToken cancellationToken)
    {
        if (_services.Run.RemoteCache is not { } remote)
        {
            return false;
        }

        var (ok, exists) = await remote.TryAsync(token => remote.Store.ExistsAsync(Caching.Remote.RemoteObjectKey.Entry(evaluation.Fingerprint), token), cancellationToken).ConfigureAwait(false);
        if (ok && exists)
        {
            return true;
        }

        _services.RemoteOnly.Forget(evaluation.Step.Id);
        return false;
    }

    /// <summary>After a local miss: a lower tier's hit (a remote cache) to restore from; null on a miss.</summary>
    private async Task<ITierHit?> TryRemoteAsync(StepEvaluation evaluation, StepDecision.Run run, CancellationToken cancellationToken)
    {
        if (!evaluation.Step.Cache || run.Reason.Kind is ReasonKind.Forced or ReasonKind.CacheDisabled or ReasonKind.ExternalSource)
        {
            return null;
        }

        return await _services.Cache.TryFetchAsync(evaluation.Step, evaluation.Fingerprint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One attempt; null when the run was cancelled (Ctrl-C), a failed result on timeout.</summary>
    private static async Task<StepExecutionResult?> AttemptAsync(IStepRunnerSession runner, StepExecution execution, CancellationToken cancellationToken)
    {
        var step = execution.Step;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (step.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            return await runner.RunAsync(execution, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new StepExecutionResult(124, $"timed out after {FormatDuration(step.Timeout!.Value)} (its 'timeout'); raise the timeout or make the step faster");
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <param name="keepRemoteOnly">The outputs are (still) remote only; otherwise they are in the workspace now, and the step's remote-only records go.</param>
    private void Record(StepEvaluation evaluation, IReadOnlyList<OutputRecord> outputs, bool keepRemoteOnly = false)
    {
        if (!keepRemoteOnly)
        {
            _services.RemoteOnly.Forget(evaluation.Step.Id);
        }

        // By index: an interface's enumerator would be an allocation for every step.
        for (var i = 0; i < evaluation.Inputs.Count; i++)
        {
            var input = evaluation.Inputs[i];
            if (input.Listing is not null && !_services.Cache.Contains(input.Digest))
            {
                _services.Cache.PutListing(input.Listing);
            }
        }

        _services.Lock.Record(evaluation, outputs);
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalSeconds < 60 ? $"{duration.TotalSeconds:0.###}s" : duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    private static string LogFileName(string stepId) =>
        string.Concat(stepId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '[' or ']' or '=' or ',' ? c : '_')) + ".log";
}
