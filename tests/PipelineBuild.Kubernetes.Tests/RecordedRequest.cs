namespace PipelineBuild.Kubernetes.Tests;

/// <summary>One request <see cref="FakeKubernetesApi"/> received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string Body)
{
    /// <summary>The request's Authorization header, if any.</summary>
    public string? Authorization { get; init; }
}
