using k8s.Models;
using PipelineBuild.Core.Execution;
using PipelineBuild.Kubernetes.Api;
using PipelineBuild.Kubernetes.Jobs;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// Follows one Job to its end: waits for its pod, streams the pod's log into the step's log (Kubernetes
/// merges stdout and stderr), then reads how the container ended: its exit code, OOMKilled, the Job's
/// deadline (the step's timeout), or a pod that never started (PB8484).
/// </summary>
internal sealed class JobFollower(KubernetesApi client, string @namespace, TimeSpan pollInterval)
{
    private static readonly string[] NeverStarts = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "ErrImageNeverPull"];

    public async Task<StepExecutionResult> FollowAsync(string job, StepExecution execution, CancellationToken cancellationToken)
    {
        var pod = await WaitForPodAsync(job, started: true, cancellationToken).ConfigureAwait(false);
        if (pod is null)
        {
            return await JobFailureAsync(job, execution, cancellationToken).ConfigureAwait(false);
        }

        if (Waiting(pod) is { } reason && NeverStarts.Contains(reason.Reason, StringComparer.Ordinal))
        {
            return new StepExecutionResult(125, $"{KubernetesCodes.PodNotStarted}: the pod of '{execution.Step.Id}' did not start: {reason.Reason}: {reason.Message}");
        }

        execution.Log.Note($"[pipeline] pod {pod.Metadata.Name} on node {pod.Spec?.NodeName ?? "?"}");
        await StreamLogAsync(pod.Metadata.Name, execution.Log, cancellationToken).ConfigureAwait(false);
        var ended = await WaitForPodAsync(job, started: false, cancellationToken).ConfigureAwait(false);
        var terminated = ended?.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == PodContainer.Name)?.State?.Terminated;
        if (terminated is null)
        {
            return await JobFailureAsync(job, execution, cancellationToken).ConfigureAwait(false);
        }

        var result = terminated.Reason == "OOMKilled"
            ? new StepExecutionResult(terminated.ExitCode, $"killed for using more memory than its limit (resources.memory = {execution.Step.Resources?.MemoryBytes} bytes); raise the limit or use less memory")
            : new StepExecutionResult(terminated.ExitCode);
        return result with { Where = pod.Spec?.NodeName };
    }

    /// <summary>
    /// Polls the Job's pod until it has started (its container runs or ended, or it cannot start) or, with
    /// <paramref name="started"/> false, until it has ended; null when the Job failed without one (deadline).
    /// </summary>
    private async Task<V1Pod?> WaitForPodAsync(string job, bool started, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pods = await client.ListPodsAsync(@namespace, $"job-name={job}", cancellationToken).ConfigureAwait(false);
            var pod = pods.Items.FirstOrDefault();
            var phase = pod?.Status?.Phase;
            if (pod is not null && (phase is "Succeeded" or "Failed" || (started && (phase == "Running" || Waiting(pod) is { } w && NeverStarts.Contains(w.Reason, StringComparer.Ordinal)))))
            {
                return pod;
            }

            if (pod is null && await HasFailedAsync(job, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> HasFailedAsync(string job, CancellationToken cancellationToken)
    {
        var read = await client.ReadJobAsync(job, @namespace, cancellationToken).ConfigureAwait(false);
        return read.Status?.Conditions?.Any(c => c.Type == "Failed" && c.Status == "True") == true;
    }

    private async Task<StepExecutionResult> JobFailureAsync(string job, StepExecution execution, CancellationToken cancellationToken)
    {
        var read = await client.ReadJobAsync(job, @namespace, cancellationToken).ConfigureAwait(false);
        var failed = read.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
        return failed?.Reason == "DeadlineExceeded"
            ? new StepExecutionResult(124, $"timed out after {execution.Step.Timeout} (the Job's activeDeadlineSeconds)")
            : new StepExecutionResult(125, $"the Job of '{execution.Step.Id}' failed without a container result: {failed?.Reason} {failed?.Message}".TrimEnd());
    }

    private async Task StreamLogAsync(string pod, StepLog log, CancellationToken cancellationToken)
    {
        var stream = await client.FollowLogAsync(pod, @namespace, PodContainer.Name, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            log.Write(line, isError: false);
        }
    }

    private static V1ContainerStateWaiting? Waiting(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == PodContainer.Name)?.State?.Waiting;
}
