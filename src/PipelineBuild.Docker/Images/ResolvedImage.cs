namespace PipelineBuild.Docker.Images;

/// <summary>
/// An image ready on the engine: its content ID (what containers start from), the name users know, and
/// <see cref="Key"/>, what enters fingerprints: the content ID for an image pulled or loaded as it is, the
/// <see cref="ImageBuildKey"/> for one built from the repo (the same on every machine).
/// </summary>
public sealed record ResolvedImage(string Id, string Reference, string Key);
