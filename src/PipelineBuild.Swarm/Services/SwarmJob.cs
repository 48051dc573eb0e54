using System.Diagnostics;
using System.Net.Http;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Core.Execution;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// One step attempt on the swarm: creates its service, streams its log, watches its task (and the task's node) until it
/// ends, and removes the service — on success, failure, node loss, timeout and Ctrl-C alike.
/// </summary>
internal static class SwarmJob
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SlowestPoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromMinutes(1);

    public static async Task<JobRun> RunAsync(DockerClient client, JobRequest request, AuthConfig registryAuth, SwarmNodes nodes, StepLog log, CancellationToken cancellationToken)
    {
        var name = request.ServiceName;
        var secretId = await JobSecrets.CreateAsync(client, request).ConfigureAwait(false);
        try
        {
            return await RunServiceAsync(client, JobService.Create(request, registryAuth, secretId), nodes, log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (secretId is not null && await TryAsync(() => JobSecrets.RemoveAsync(client, secretId)).ConfigureAwait(false) is { } problem)
            {
                log.Write($"[pipeline] could not remove swarm secret {name} ({problem}); the next run removes it", isError: true);
            }
        }
    }

    private static async Task<JobRun> RunServiceAsync(DockerClient client, ServiceCreateParameters spec, SwarmNodes nodes, StepLog log, CancellationToken cancellationToken)
    {
        var name = spec.Service.Name ?? "";
        // Not cancelled by Ctrl-C: a create the manager has carried out but whose answer was abandoned would leave a
        // service whose id nobody knows; once the id is known, the watch stops at once and the finally removes it.
        string serviceId;
        using (var creation = new CancellationTokenSource(CreateTimeout))
        {
            serviceId = (await client.Swarm.CreateServiceAsync(spec, creation.Token).ConfigureAwait(false)).ID
                ?? throw new IOException($"the swarm manager gave no id for the service {name}");
        }

        var logs = ServiceLogs.Follow(client, serviceId, log, cancellationToken);
        try
        {
            return await WatchAsync(client, name, serviceId, nodes, logs, log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await logs.StopAsync().ConfigureAwait(false);
            if (await TryAsync(() => ServiceRemoval.RemoveAsync(client, serviceId)).ConfigureAwait(false) is { } problem)
            {
                log.Write($"[pipeline] could not remove swarm service {name} ({problem}); the next run removes it", isError: true);
            }
        }
    }

    /// <summary>Runs a removal; a failure is only reported (the next run removes what is left).</summary>
    private static async Task<string?> TryAsync(Func<Task> removal)
    {
        try
        {
            await removal().ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            return e.Message;
        }
    }

    private static async Task<JobRun> WatchAsync(DockerClient client, string name, string serviceId, SwarmNodes nodes, ServiceLogs logs, StepLog log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var filter = new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } },
        };
        string? nodeId = null;
        string? nodeName = null;
        var delay = FirstPoll;
        while (true)
        {
            var tasks = await client.Tasks.ListAsync(filter, cancellationToken).ConfigureAwait(false);
            var task = tasks.OrderByDescending(t => t.CreatedAt ?? DateTime.MinValue).FirstOrDefault();
            string? nodeState = null;
            if (task?.NodeID is { Length: > 0 } node)
            {
                (var hostName, nodeState) = await nodes.DescribeAsync(node, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(node, nodeId, StringComparison.Ordinal))
                {
                    (nodeId, nodeName) = (node, hostName);
                    log.Note($"[pipeline] swarm job {name} on node {nodeName}");
                }
            }

            if (TaskReading.Read(task, nodeState, nodeName ?? "?", clock.Elapsed) is { } outcome)
            {
                if (outcome is JobOutcome.Exited or JobOutcome.Failed)
                {
                    await logs.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }

                return new JobRun(outcome, nodeName);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, SlowestPoll.Ticks));
        }
    }
}
