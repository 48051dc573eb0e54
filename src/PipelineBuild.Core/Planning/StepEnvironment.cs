namespace PipelineBuild.Core.Planning;

/// <summary>
/// What a step runs in, named by content so that it can enter the fingerprint: a container image's ID,
/// a task assembly's hash, a notebook kernel's name and interpreter version. <see cref="Pending"/> says what would be built or pulled first when the
/// content is not known yet (status and --dry-run never build). <see cref="ExternalSource"/> names what outside the
/// workspace the step reads (a database): such a step runs on every run, and early cut-off on its outputs' bytes
/// keeps its downstream up to date when nothing changed.
/// </summary>
public sealed record StepEnvironment(string? ImageId = null, string? TaskAssemblyHash = null, string? Pending = null, string? Kernel = null, string? ExternalSource = null)
{
    /// <summary>A host step: nothing beyond its command and inputs.</summary>
    public static StepEnvironment None { get; } = new();
}
