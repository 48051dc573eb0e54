namespace PipelineBuild.Kubernetes.Tests;

/// <summary>How <see cref="FakeKubernetesApi"/> plays a Job's pod.</summary>
internal sealed record PodScript
{
    public IReadOnlyList<string> Log { get; init; } = [];

    public int ExitCode { get; init; }

    /// <summary><c>OOMKilled</c>, or null for <c>Completed</c>/<c>Error</c>.</summary>
    public string? TerminatedReason { get; init; }

    /// <summary>A reason the container never leaves waiting (<c>ImagePullBackOff</c>).</summary>
    public string? WaitingReason { get; init; }

    /// <summary>Pod lists answered with the pod still being created, before it runs.</summary>
    public int PendingPolls { get; init; }

    /// <summary>The Job failed at its deadline: no pod is left.</summary>
    public bool DeadlineExceeded { get; init; }
}
