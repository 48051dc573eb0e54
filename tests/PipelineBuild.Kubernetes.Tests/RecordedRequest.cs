namespace PipelineBuild.Kubernetes.Tests;

/// <summary>One request <see cref="FakeKubernetesApi"/> received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string Body);
