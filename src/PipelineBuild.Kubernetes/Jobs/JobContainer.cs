namespace PipelineBuild.Kubernetes.Jobs;

/// <summary>
/// What a step's pod runs: the image (by digest for the executor), the program and its arguments (data:
/// never joined into a shell line), the non-secret environment and the names of the secret variables.
/// </summary>
public sealed record JobContainer(
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> SecretVariables,
    string WorkingDirectory);
