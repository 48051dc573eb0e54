using System.Runtime.InteropServices;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Experiments;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Sessions;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Experiments;

/// <summary>
/// Runs experiments, each in its own copy of the workspace sharing the cache: first the steps they
/// all have in common (once), then the experiments, <see cref="ExperimentPlan.Jobs"/> at a time. Each
/// is recorded in the workspace's run history, tagged with its name; the workspace itself is only read.
/// Ctrl-C (or SIGTERM) stops every experiment's steps and removes the copies.
/// </summary>
internal sealed class ExperimentRunner
{
    private readonly ExperimentPlan _plan;
    private readonly SemaphoreSlim _copying = new(1, 1);

    public ExperimentRunner(ExperimentPlan plan)
    {
        _plan = plan;
    }

    public async Task<int> RunAsync()
    {
        // Every combination loads before anything runs: a bad --set-param fails at once (exit 2).
        var (pipeline, graph) = PipelineOpener.Open(_plan.PipelineFile, [.. _plan.Experiments[0].Value], _plan.ParamsFile);
        foreach (var (_, assignments) in _plan.Experiments.Skip(1))
        {
            PipelineOpener.Open(_plan.PipelineFile, [.. assignments], _plan.ParamsFile);
        }

        var source = new WorkspaceLayout(pipeline.WorkspaceRoot);
        var pipelineFile = source.RelativePath(pipeline.FilePath);
        if (pipelineFile.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(pipelineFile))
        {
            throw new PipelineException(
                ExperimentCodes.BadExperiment,
                $"{pipeline.FilePath}: error {ExperimentCodes.BadExperiment}: the pipeline file lies outside its workspace {source.Root}, so an experiment's copy of the workspace would not hold it; move it into the workspace");
        }

        using var cancellation = new CancellationTokenSource();
        var exitOnCancel = ExitCodes.Interrupted;
        using var deferred = SignalExit.Defer();
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Cancel(context, ExitCodes.Interrupted));
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Cancel(context, ExitCodes.Terminated));

        var shared = _plan.Experiments.Count > 1 ? SharedSteps.Find(graph, _plan.VariedParams) : [];
        if (shared.Count > 0)
        {
            var name = _plan.Experiments[0].Key + "-shared";
            var status = await RunOneAsync(source, pipelineFile, name, _plan.Experiments[0].Value, shared, experiment: null, cancellation.Token).ConfigureAwait(false);
            if (status != RunStatus.Succeeded)
            {
                return cancellation.IsCancellationRequested ? exitOnCancel : ExitCodes.StepFailed;
            }
        }

        using var slots = new SemaphoreSlim(_plan.Jobs, _plan.Jobs);
        var runs = _plan.Experiments.Select(async experiment =>
        {
            await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                return cancellation.IsCancellationRequested
                    ? RunStatus.Cancelled
                    : await RunOneAsync(source, pipelineFile, experiment.Key, experiment.Value, [], experiment.Key, cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        var statuses = await Task.WhenAll(runs).ConfigureAwait(false);

        var failed = statuses.Count(s => s == RunStatus.Failed);
        Console.WriteLine($"{statuses.Count(s => s == RunStatus.Succeeded)} of {statuses.Length} experiments succeeded" + (failed > 0 ? $", {failed} failed" : "") + "; compare them with 'dotnet pipeline exp show'");
        return cancellation.IsCancellationRequested ? exitOnCancel : failed > 0 ? ExitCodes.StepFailed : ExitCodes.Success;

        void Cancel(PosixSignalContext context, int exitCode)
        {
            context.Cancel = true;
            if (!cancellation.IsCancellationRequested)
            {
                exitOnCancel = exitCode;
                cancellation.Cancel();
            }
        }
    }

    /// <param name="only">Step ids to run (with their upstream); empty: the whole pipeline.</param>
    /// <param name="experiment">The tag of the recorded run; null runs unrecorded (the shared steps).</param>
    private async Task<RunStatus> RunOneAsync(
        WorkspaceLayout source,
        string pipelineFile,
        string name,
        IReadOnlyList<string> assignments,
        IReadOnlyList<string> only,
        string? experiment,
        CancellationToken cancellationToken)
    {
        var observer = new ExperimentObserver(name, _plan.Verbose);
        using var copy = await CopyAsync(source, name, cancellationToken).ConfigureAwait(false);
        if (copy is null)
        {
            return RunStatus.Cancelled;
        }

        var (pipeline, graph) = PipelineOpener.Open(copy.Layout.FullPath(pipelineFile), [.. assignments], _plan.ParamsFile);

        // The values as loaded (YAML-parsed), written into the copy's params for scripts that read the file.
        var assigned = assignments.Select(a => a[..a.IndexOf('=', StringComparison.Ordinal)].Trim()).ToHashSet(StringComparer.Ordinal);
        ExperimentParams.Write(pipeline.FilePath, copy.Layout, ParamValues.Of(pipeline.Params).Where(p => assigned.Contains(p.Key)).ToDictionary(StringComparer.Ordinal));
        var selection = only.Count == 0 ? graph : graph.Select([], only);
        var session = ToolSession.Create();
        var options = new RunOptions { Jobs = Math.Max(1, Environment.ProcessorCount / _plan.Jobs) };
        RunReport report;
        try
        {
            await using var run = await session.PrepareAsync(pipeline, selection, cancellationToken).ConfigureAwait(false);
            report = await session
                .RunAsync(run, options, observer, record: experiment is not null, cancellationToken, experiment is null ? null : new ExperimentRecording(experiment, source.RunsDatabase))
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            observer.Write("cancelled before it started");
            return RunStatus.Cancelled;
        }

        copy.KeepLogs(report.RunId);
        foreach (var problem in report.Problems)
        {
            observer.Warning(problem.Message);
        }

        var metrics = string.Join(' ', report.Metrics.Select(m => $"{m.Name}={MetricText.Format(m.Value)}"));
        observer.Write($"{RunStatusNames.Of(report.Status)} ({string.Join(' ', assignments)}){(metrics.Length > 0 ? " " + metrics : "")}");
        return report.Status;
    }

    /// <summary>One copy at a time, under the workspace lock: each copy is a consistent snapshot, and a running 'run' is waited for.</summary>
    private async Task<ExperimentWorkspace?> CopyAsync(WorkspaceLayout source, string name, CancellationToken cancellationToken)
    {
        try
        {
            await _copying.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        try
        {
            using var workspaceLock = await WorkspaceLock.AcquireAsync(source, wait: true, message => Console.Error.WriteLine(message), cancellationToken).ConfigureAwait(false);
            return ExperimentWorkspace.Create(source, name);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            _copying.Release();
        }
    }
}
