namespace PipelineBuild.Docker.Images;

/// <summary>An image ready on the engine: its content ID (what enters fingerprints and what containers start from) and the name users know.</summary>
public sealed record ResolvedImage(string Id, string Reference);
