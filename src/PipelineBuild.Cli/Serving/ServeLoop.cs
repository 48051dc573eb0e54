using PipelineBuild.Cli.Commands;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Monitoring;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Sessions;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Serving;

/// <summary>
/// The one loop that runs the pipeline for <c>serve</c>: takes a request, reloads the pipeline file (an
/// edit takes effect at the next run; an invalid file skips that run), runs it in-process like
/// <c>run</c> does, then evaluates the drift rules on what the run recorded. One run at a time.
/// </summary>
internal sealed class ServeLoop
{
    private readonly ServeSettings _settings;
    private readonly TriggerQueue _queue;
    private readonly ServeMetrics _metrics;

    public ServeLoop(ServeSettings settings, TriggerQueue queue, ServeMetrics metrics)
    {
        _settings = settings;
        _queue = queue;
        _metrics = metrics;
    }

    /// <summary>Runs until <paramref name="stopping"/>; <paramref name="cancelRun"/> cancels the run in progress. True when a run was cancelled.</summary>
    public async Task<bool> RunAsync(CancellationToken stopping, CancellationToken cancelRun)
    {
        while (!stopping.IsCancellationRequested)
        {
            RunRequest request;
            try
            {
                request = await _queue.NextAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            _metrics.Running = true;
            try
            {
                if (await RunOnceAsync(request, cancelRun).ConfigureAwait(false) == RunStatus.Cancelled)
                {
                    return true;
                }
            }
            finally
            {
                _metrics.Running = false;
            }
        }

        return false;
    }

    private async Task<RunStatus?> RunOnceAsync(RunRequest request, CancellationToken cancelRun)
    {
        Log($"run requested by {string.Join("; ", request.Triggers)}{(request.ForceSteps.Count > 0 ? $" (retraining {string.Join(", ", request.ForceSteps.Order(StringComparer.Ordinal))})" : "")}");
        Core.Model.PipelineDefinition pipeline;
        Core.Graph.StepGraph graph;
        var session = ToolSession.Create();
        PreparedRun prepared;
        try
        {
            (pipeline, graph) = PipelineOpener.Open(_settings.File, _settings.Params, _settings.ParamsFile);
            prepared = await session.PrepareAsync(pipeline, graph, cancelRun).ConfigureAwait(false);
        }
        catch (PipelineValidationException e)
        {
            foreach (var diagnostic in e.Diagnostics)
            {
                await Console.Error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            Warn($"error {MonitoringCodes.TriggeredRunInvalid}: the run was skipped because the pipeline is invalid (above); serve goes on, fix the file and the next trigger runs it");
            return null;
        }
        catch (PipelineException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            Warn($"error {MonitoringCodes.TriggeredRunInvalid}: the run was skipped (above); serve goes on");
            return null;
        }
        catch (OperationCanceledException) when (cancelRun.IsCancellationRequested)
        {
            return RunStatus.Cancelled;
        }

        var options = new RunOptions { Jobs = _settings.Jobs, ForceSteps = request.ForceSteps.Where(graph.Contains).ToHashSet(StringComparer.Ordinal) };
        await using var run = prepared;
        await using var reporter = new PlainRunReporter(Console.Out, _settings.Verbose);
        RunReport report;
        try
        {
            report = await session.RunAsync(run, options, reporter, record: true, cancelRun).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancelRun.IsCancellationRequested)
        {
            return RunStatus.Cancelled;
        }

        await reporter.CompleteAsync(report).ConfigureAwait(false);
        if (_settings.Pushgateway is { } gateway)
        {
            await MetricsPush.PushAsync(gateway, pipeline.Name, pipeline.WorkspaceRoot, reporter.Warning, CancellationToken.None).ConfigureAwait(false);
        }

        if (report.Status != RunStatus.Cancelled && !request.IsRetrain)
        {
            CheckDrift(pipeline, graph, report.RunId);
        }

        return report.Status;
    }

    private void CheckDrift(Core.Model.PipelineDefinition pipeline, Core.Graph.StepGraph graph, string runId)
    {
        if (!pipeline.Schedules.Any(s => s.Kind == Core.Model.ScheduleKind.Drift))
        {
            return;
        }

        RunRecord? record;
        try
        {
            using var store = RunStore.OpenExisting(new WorkspaceLayout(pipeline.WorkspaceRoot).RunsDatabase);
            record = store?.Get(runId);
        }
        catch (PipelineException e)
        {
            Warn($"warning {MonitoringCodes.DriftMetricMissing}: drift rules not evaluated: {e.Message}");
            return;
        }

        if (record is null)
        {
            return;
        }

        var missing = new List<string>();
        foreach (var trigger in DriftCheck.Evaluate(pipeline.Schedules, record, graph, missing))
        {
            var why = $"drift: {trigger.Rule.DriftMetric} = {trigger.Value:0.####} above {trigger.Rule.DriftAbove} (step {trigger.Step})";
            Log($"{why}: retraining {string.Join(", ", trigger.Retrain)}");
            _queue.Request(TriggerKind.Drift, new RunRequest([why], trigger.Retrain.ToHashSet(StringComparer.Ordinal), true));
        }

        foreach (var metric in missing.Distinct(StringComparer.Ordinal))
        {
            Warn($"{pipeline.FilePath}: warning {MonitoringCodes.DriftMetricMissing}: no step of run {runId} reported the metric '{metric}' of a drift rule; name a recorded metric (see 'dotnet pipeline metrics show'), e.g. drift.max or <step id>.drift.max");
        }
    }

    private static void Log(string message) => Console.Out.WriteLine($"serve: {message}");

    private static void Warn(string message) => Console.Error.WriteLine($"serve: {message}");
}
