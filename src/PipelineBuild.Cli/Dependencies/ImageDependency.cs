namespace PipelineBuild.Cli.Dependencies;

/// <summary>
/// A container image: its name in the pipeline, the reference it runs as (a built image's tag, or the reference
/// pulled), its content ID when the engine has it, its Dockerfile and base images (built images), and
/// <see cref="Missing"/>: why it could not be used here, or null.
/// </summary>
internal sealed record ImageDependency(string Name, string? Reference, string? ContentId, string? Dockerfile, IReadOnlyList<string> BaseImages, string? Missing);
