namespace PipelineBuild.Kubernetes.Config;

/// <summary>
/// Where the cluster's address and credentials come from, as kubectl finds them: kubeconfig files (merged,
/// the first to set a value wins), or the pod's service account when the tool runs inside the cluster.
/// </summary>
/// <param name="Files">The kubeconfig files, in merge order; empty when <paramref name="InCluster"/>.</param>
/// <param name="InCluster">The service account's token and CA of the pod the tool runs in.</param>
public sealed record KubeconfigChoice(IReadOnlyList<string> Files, bool InCluster);
