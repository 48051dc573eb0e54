using System.CommandLine;
using System.Runtime.InteropServices;
using PipelineBuild.Cli.Ci;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Pictures;
using PipelineBuild.Cli.Rendering;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Sessions;

namespace PipelineBuild.Cli.Commands;

/// <summary><c>dotnet pipeline run</c>: runs what is out of date.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = CommonOptions.File();
        var parameters = CommonOptions.Param();
        var paramsFile = CommonOptions.ParamsFile();
        var stages = new Option<string[]>("--stage") { Description = "Run only this stage and what it needs (repeatable)" };
        var steps = new Option<string[]>("--step") { Description = "Run only this step (stage.step) and what it needs (repeatable)" };
        var downstream = new Option<string[]>("--downstream") { Description = "Run this step (stage.step) and every step downstream of it, not its upstream (repeatable)" };
        var force = new Option<bool>("--force", "-f") { Description = "Run every selected step, even when up to date" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Show what would run, and why; run nothing" };
        var jobs = CommonOptions.Jobs();
        var keepGoing = new Option<bool>("--keep-going", "-k") { Description = "After a failure, go on with everything not downstream of it" };
        var report = new Option<string?>("--report") { Description = "Write a JSON report of the run to this file" };
        var noWait = new Option<bool>("--no-wait") { Description = "Fail at once (exit 2) when another run holds the workspace, instead of waiting" };
        var html = new Option<string?>("--html") { Description = "Write the run's report (a self-contained HTML page) to this file" };
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report (one test case per step) to this file" };
        var secrets = new Option<string[]>("--secret") { Description = "An environment variable holding a secret: masked in CI logs, and in fingerprints by name only, like the pipeline's 'secrets:' (repeatable)" };
        var noDownload = new Option<bool>("--no-download") { Description = "Leave the outputs of steps that run on a cluster executor in the remote cache instead of restoring them here; a step that runs here gets its inputs restored first" };
        var pushgateway = MetricsPush.Option();
        var cache = new RemoteCacheSettings();
        var executors = new ExecutorSettings();

        var command = new Command("run", "Run the steps that are out of date")
        {
            file, stages, steps, downstream, parameters, paramsFile, force, dryRun, jobs, keepGoing, report, html, noWait, junit, secrets, noDownload, pushgateway,
        };
        foreach (var option in cache.All.Concat(executors.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var jobCount = CommonOptions.JobCount(parse, jobs);

            OutputPath.RequireFile("--report", parse.GetValue(report));
            OutputPath.RequireFile("--junit", parse.GetValue(junit));
            OutputPath.RequireFile("--html", parse.GetValue(html));
            var gateway = MetricsPush.Resolve(parse.GetValue(pushgateway));
            var environment = CiEnvironment.FromProcess();
            var ci = CiOptions.Resolve(parse, environment);
            var secretNames = parse.GetValue(secrets) ?? [];
            CiSecrets.Mask(ci, Console.Out, environment, secretNames);
            var statCache = parse.GetValue(dryRun) ? null : PipelineOpener.PreloadStatCache(parse.GetValue(file));
            var lockFile = parse.GetValue(dryRun) ? null : PipelineOpener.PreloadLockFile(parse.GetValue(file));
            var (pipeline, graph) = PipelineOpener.Open(parse.GetValue(file), parse.GetValue(parameters), parse.GetValue(paramsFile), secretNames, executors.ExecutorOf(parse));
            var cluster = executors.Resolve(parse);
            var selection = StepSelector.Select(graph, parse.GetValue(stages) ?? [], parse.GetValue(steps) ?? [], parse.GetValue(downstream) ?? []);
            if (parse.GetValue(noDownload))
            {
                RequireClusterStep(selection);
            }

            if (parse.GetValue(dryRun))
            {
                var plan = await ToolSession.Create(cluster).PlanAsync(pipeline, selection, parse.GetValue(force), new SilentObserver(), cancellationToken, parse.GetValue(noDownload)).ConfigureAwait(false);
                PlanPrinter.Print(plan, json: false);
                return ExitCodes.Success;
            }

            var options = new RunOptions
            {
                Jobs = jobCount,
                KeepGoing = parse.GetValue(keepGoing),
                Force = parse.GetValue(force),
                NoWait = parse.GetValue(noWait),
                NoDownload = parse.GetValue(noDownload),
                RemoteCache = cache.Resolve(parse, pipeline),
                StatCache = statCache,
                LockFile = lockFile,
                ChangeJournal = ChangeJournals.For(pipeline.WorkspaceRoot, ci is not null),
            };
            using var remote = options.RemoteCache?.Store;
            var outputs = new RunOutputFiles(parse.GetValue(report), parse.GetValue(junit), gateway, parse.GetValue(html));
            return await ExecuteAsync(pipeline, selection, options, outputs, ci, parse.GetValue(CommonOptions.Verbose), cluster).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>
    /// <c>--no-download</c> leaves the outputs of cluster steps remote: with no selected step on a cluster executor it could do nothing,
    /// and a flag accepted for nothing would hide a mistake (a forgotten <c>--executor</c>): PB8542, exit 2.
    /// </summary>
    private static void RequireClusterStep(Core.Graph.StepGraph selection)
    {
        if (selection.Steps.All(s => s.Executor == Core.Model.Executor.Local))
        {
            throw new PipelineException(PipelineDiagnostic.Error(
                Core.Model.ExecutorCodes.NoDownloadWithoutCluster,
                SourceLocation.None("--no-download"),
                "no selected step runs on a cluster executor, so there is nothing --no-download could leave in the remote cache",
                "give --executor swarm or --executor kubernetes (or 'executor:' in the pipeline) for the container steps, or drop --no-download"));
        }
    }

    /// <summary>Runs the selection with live progress, Ctrl-C handling and the report files; the exit code.</summary>
    internal static async Task<int> ExecuteAsync(
        Core.Model.PipelineDefinition pipeline,
        Core.Graph.StepGraph selection,
        RunOptions options,
        RunOutputFiles outputs,
        ICiProvider? ci,
        bool verbose,
        ClusterSettings? cluster = null)
    {
        using var cancellation = new CancellationTokenSource();
        var exitOnCancel = ExitCodes.Interrupted;
        using var deferred = SignalExit.Defer();
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Cancel(context, ExitCodes.Interrupted));
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Cancel(context, ExitCodes.Terminated));

        var session = ToolSession.Create(cluster ?? ClusterSettings.FromEnvironment());
        PreparedRun prepared;
        try
        {
            prepared = await session.PrepareAsync(pipeline, selection, cancellation.Token).ConfigureAwait(false);
            PhaseTimings.Mark("prepare");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("run cancelled before it started").ConfigureAwait(false);
            return exitOnCancel;
        }

        await using var run = prepared;
        await using var reporter = RunReporters.Create(verbose, ci, pipeline, selection.Steps.Select(s => s.Id).ToList());
        RunReport report;
        PhaseTimings.Mark("reporter");
        try
        {
            report = await session.RunAsync(run, options, reporter, record: true, cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("run cancelled before it started").ConfigureAwait(false);
            return exitOnCancel;
        }

        PhaseTimings.Mark("run");
        // Written before the reporter completes, so that a CI job summary can link or upload it.
        if (outputs.Html is not null && RunHtmlReport.Write(outputs.Html, pipeline.WorkspaceRoot, report.RunId, reporter.Warning) && reporter is IHtmlReportSink sink)
        {
            sink.HtmlReportWritten(outputs.Html);
        }

        await reporter.CompleteAsync(report).ConfigureAwait(false);
        if (report.RemoteCache is { } remote)
        {
            Core.Workspace.AtomicFile.WriteAllText(CacheCommand.LastRunFile(new Core.Workspace.WorkspaceLayout(pipeline.WorkspaceRoot)), RunSummary.RemoteCacheLine(remote) + "\n");
        }
        if (outputs.Report is not null)
        {
            JsonRunReport.Write(outputs.Report, report);
        }

        if (outputs.JUnit is not null)
        {
            JUnitReport.Write(outputs.JUnit, report, pipeline);
        }

        if (outputs.Pushgateway is not null)
        {
            await MetricsPush.PushAsync(outputs.Pushgateway, pipeline.Name, pipeline.WorkspaceRoot, reporter.Warning, CancellationToken.None).ConfigureAwait(false);
        }

        return report.Status switch
        {
            RunStatus.Succeeded => ExitCodes.Success,
            RunStatus.Cancelled => exitOnCancel,
            _ when report.Steps.Any(s => s.ServiceUnavailable) => ExitCodes.ServiceUnavailable,
            // Steps ended well but publishing or recording did not: its own exit code (3: a registry is down).
            _ when report.Steps.All(s => !s.IsFailure) && report.Problems.Count > 0 => report.Problems.Max(p => p.ExitCode),
            _ => ExitCodes.StepFailed,
        };

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

    /// <summary>The report files a run writes when asked: <c>--report</c> (JSON), <c>--junit</c> (XML), <c>--html</c>.</summary>
    internal sealed record RunOutputFiles(string? Report, string? JUnit, Uri? Pushgateway, string? Html = null);
}
