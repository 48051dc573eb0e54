namespace PipelineBuild.Cluster;

/// <summary>A step's image with the agent layer, on an engine: its local tag and image id (<c>sha256:…</c>).</summary>
/// <param name="Tag">The local <c>repository:tag</c> (<see cref="AgentImage.Repository"/>); tag it again to push it.</param>
/// <param name="Id">The engine's image id.</param>
/// <param name="Built">Built now (false: the engine had it).</param>
public sealed record DerivedImage(string Tag, string Id, bool Built);
