using System.CommandLine;
using System.Runtime.InteropServices;
using PipelineBuild.Cli.Composition;
using PipelineBuild.Cli.Serving;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Monitoring;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// <c>dotnet pipeline serve</c>: continuous training. Runs the pipeline at start, on each <c>cron</c>
/// schedule, on changes of <c>watch</c> globs, after a <c>drift</c> rule fires, and on <c>POST /runs</c>;
/// serves <c>/metrics</c> and <c>/healthz</c>; stops on SIGTERM / Ctrl-C.
/// </summary>
internal static class ServeCommand
{
    public const string TokenVariable = "PIPELINEBUILD_SERVE_TOKEN";

    public static Command Create()
    {
        var file = CommonOptions.File();
        var parameters = CommonOptions.Param();
        var paramsFile = CommonOptions.ParamsFile();
        var port = new Option<int>("--metrics-port") { Description = "Port of /metrics, /healthz and POST /runs", DefaultValueFactory = _ => 9464 };
        var host = new Option<string>("--metrics-host") { Description = "Address to listen on: * (every interface), localhost, 127.0.0.1…", DefaultValueFactory = _ => "*" };
        var timeZone = new Option<string?>("--time-zone") { Description = "Time zone of the cron schedules, e.g. Europe/Paris (default: the machine's)" };
        var debounce = new Option<int>("--debounce-ms") { Description = "Quiet time after a watched file changes before the run starts", DefaultValueFactory = _ => 1000 };
        var onStop = new Option<string>("--on-stop") { Description = "On SIGTERM / Ctrl-C: cancel the current run, or let it finish (a second signal cancels)", DefaultValueFactory = _ => "cancel" };
        onStop.AcceptOnlyFromAmong("cancel", "finish");
        var noStartRun = new Option<bool>("--no-start-run") { Description = "Do not bring the pipeline up to date at start; wait for the first trigger" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Steps to run at once (default: number of cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var pushgateway = MetricsPush.Option();

        var command = new Command("serve", "Run the pipeline on its schedules, file changes and drift rules; serve Prometheus /metrics")
        {
            file, parameters, paramsFile, port, host, timeZone, debounce, onStop, noStartRun, jobs, pushgateway,
        };
        command.SetAction(async (parse, _) =>
        {
            var settings = new ServeSettings
            {
                File = parse.GetValue(file),
                Params = parse.GetValue(parameters) ?? [],
                ParamsFile = parse.GetValue(paramsFile),
                Jobs = Math.Max(1, parse.GetValue(jobs)),
                Verbose = parse.GetValue(CommonOptions.Verbose),
                TimeZone = ResolveZone(parse.GetValue(timeZone)),
                Debounce = TimeSpan.FromMilliseconds(Math.Max(0, parse.GetValue(debounce))),
                FinishOnStop = parse.GetValue(onStop) == "finish",
                Pushgateway = MetricsPush.Resolve(parse.GetValue(pushgateway)),
            };
            return await ServeAsync(settings, parse.GetValue(host)!, parse.GetValue(port), !parse.GetValue(noStartRun)).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> ServeAsync(ServeSettings settings, string host, int port, bool startRun)
    {
        var (pipeline, graph) = PipelineOpener.Open(settings.File, settings.Params, settings.ParamsFile);
        using var queue = new TriggerQueue();
        var metrics = new ServeMetrics(pipeline.Name, new WorkspaceLayout(pipeline.WorkspaceRoot), queue);
        using var stopping = new CancellationTokenSource();
        using var cancelRun = new CancellationTokenSource();
        var exitOnCancel = ExitCodes.Interrupted;
        using var deferred = SignalExit.Defer();
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, ExitCodes.Interrupted));
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, ExitCodes.Terminated));

        var token = Environment.GetEnvironmentVariable(TokenVariable);
        using var server = MetricsServer.Start(host, port, metrics.Render, () =>
        {
            var running = metrics.Running;
            queue.Request(TriggerKind.Http, RunRequest.For("POST /runs"));
            return running;
        }, token);

        var triggers = new List<Task>();
        WatchTrigger? watch = null;
        var schedules = pipeline.Schedules;
        foreach (var cron in schedules.Where(s => s.Kind == ScheduleKind.Cron))
        {
            var schedule = CronSchedule.TryParse(cron.Cron!, out _)!;
            triggers.Add(CronTrigger.RunAsync(schedule, settings.TimeZone, queue, TimeProvider.System, stopping.Token));
        }

        var globs = schedules.Where(s => s.Kind == ScheduleKind.Watch).SelectMany(s => s.Watch).ToList();
        if (globs.Count > 0)
        {
            _ = graph.ProducersOf(".");  // builds the graph's producer index now, not on the watcher's thread
            watch = new WatchTrigger(pipeline.WorkspaceRoot, globs, path => graph.ProducersOf(path).Count > 0, settings.Debounce, queue);
        }

        if (schedules.Count == 0)
        {
            await Console.Error.WriteLineAsync($"{pipeline.FilePath}: warning {MonitoringCodes.NoSchedules}: the pipeline has no schedules: serve runs it only on POST /runs; add schedules: - cron: \"0 3 * * *\" or - watch: [\"data/**\"]").ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"serve: pipeline {pipeline.Name}: {Describe(schedules)}; metrics on http://{(host is "*" or "+" ? "localhost" : host)}:{port}/metrics; POST /runs {(token is { Length: > 0 } ? "enabled" : $"disabled (set {TokenVariable})")}").ConfigureAwait(false);
        if (startRun)
        {
            queue.Request(TriggerKind.Start, RunRequest.For("start"));
        }

        bool cancelled;
        try
        {
            cancelled = await new ServeLoop(settings, queue, metrics).RunAsync(stopping.Token, cancelRun.Token).ConfigureAwait(false);
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            watch?.Dispose();
            await Task.WhenAll(triggers.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync(cancelled ? "serve: stopped; the run in progress was cancelled" : "serve: stopped").ConfigureAwait(false);
        return cancelled ? exitOnCancel : ExitCodes.Success;

        void Stop(PosixSignalContext context, int exitCode)
        {
            context.Cancel = true;
            if (!stopping.IsCancellationRequested)
            {
                exitOnCancel = exitCode;
                stopping.Cancel();
                if (!settings.FinishOnStop)
                {
                    cancelRun.Cancel();
                }
            }
            else
            {
                cancelRun.Cancel();
            }
        }
    }

    private static string Describe(IReadOnlyList<ScheduleDefinition> schedules) =>
        schedules.Count == 0 ? "no schedules" : string.Join(", ", schedules.Select(s => s.Kind switch
        {
            ScheduleKind.Cron => $"cron \"{s.Cron}\"",
            ScheduleKind.Watch => $"watch {string.Join(' ', s.Watch)}",
            _ => $"drift {s.DriftMetric} > {s.DriftAbove}",
        }));

    private static TimeZoneInfo ResolveZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Local;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new PipelineException(
                MonitoringCodes.UnknownTimeZone,
                $"--time-zone: error {MonitoringCodes.UnknownTimeZone}: unknown time zone '{id}'; use an IANA name such as UTC or Europe/Paris");
        }
    }
}
