using System.CommandLine;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Monitoring;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Composition;

/// <summary><c>--pushgateway URL</c> (or <c>PIPELINEBUILD_PUSHGATEWAY</c>): push a pipeline's metrics after a run.</summary>
internal static class MetricsPush
{
    public const string EnvironmentVariable = "PIPELINEBUILD_PUSHGATEWAY";

    public static Option<string?> Option() => new("--pushgateway")
    {
        Description = $"Push the run's metrics to this Prometheus Pushgateway (job=pipelinebuild, pipeline=<name>); default ${EnvironmentVariable}",
    };

    /// <summary>The URL given, else the environment's; null when neither. Exit 2 for an invalid one.</summary>
    public static Uri? Resolve(string? option)
    {
        var text = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : option;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return PushgatewayClient.ParseUrl(text.Trim(), out var problem)
            ?? throw new PipelineException(
                MonitoringCodes.BadPushgatewayUrl,
                $"--pushgateway: error {MonitoringCodes.BadPushgatewayUrl}: {problem}; give the Pushgateway's base URL, e.g. http://localhost:9091");
    }

    /// <summary>Pushes the pipeline's metrics (its history in the workspace); a failure is only a warning.</summary>
    public static async Task PushAsync(Uri gateway, string pipeline, string workspaceRoot, Action<string> warning, CancellationToken cancellationToken)
    {
        string exposition;
        try
        {
            exposition = PrometheusText.Write(PipelineMetrics.From(PipelineHistory.Read(new WorkspaceLayout(workspaceRoot).RunsDatabase, pipeline)));
        }
        catch (PipelineException e)
        {
            warning($"warning {MonitoringCodes.PushFailed}: metrics not pushed to {gateway}: {e.Message}");
            return;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = new PushgatewayClient(gateway, http, PushgatewayOptions.Default);
        var problem = await client.PushAsync(pipeline, exposition, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            warning($"warning {MonitoringCodes.PushFailed}: metrics not pushed after {PushgatewayOptions.Default.Retries + 1} attempts: {problem}; the run itself is not affected; check the Pushgateway URL and that it is up");
        }
    }
}
