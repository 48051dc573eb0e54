namespace PipelineBuild.Docker.Images;

/// <summary>What <c>cache gc</c> did to the images the tool built: tags removed, tags kept because a container uses them, or why it could not look.</summary>
public sealed record ImageCollection(IReadOnlyList<string> Removed, IReadOnlyList<string> InUse, string? Skipped);
