namespace PipelineBuild.Cluster;

/// <summary>
/// One container step as a cluster job (docs/cluster.md): what the agent in the job's container needs to run it with
/// no shared disk. Its JSON (<see cref="ClusterJobJson"/>) is stored in the remote cache as <c>cas/&lt;sha256&gt;</c>, so
/// it holds no secret: secrets reach the container through the executor's own mechanism.
/// </summary>
/// <param name="Schema">The format's version, <see cref="CurrentSchema"/>.</param>
/// <param name="Step">The step's id, for messages.</param>
/// <param name="Key">The step's fingerprint (hex): the action-cache key the agent writes <c>ac/&lt;key&gt;</c> under.</param>
/// <param name="Command">The argv the local container runner would run (<c>sh -e -c "…"</c>).</param>
/// <param name="WorkingDirectory">Relative to <see cref="AgentPaths.Workspace"/>; <c>.</c> for the workspace itself.</param>
/// <param name="Environment">The step's non-secret variables.</param>
/// <param name="Inputs">Every input file, folders and globs flattened to their files, sorted by path.</param>
/// <param name="Outputs">The declared outputs as the lock file writes them: a folder ends with <c>/</c>.</param>
public sealed record ClusterJob(
    int Schema,
    string Step,
    string Key,
    IReadOnlyList<string> Command,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<ClusterJobInput> Inputs,
    IReadOnlyList<string> Outputs)
{
    public const int CurrentSchema = 1;
}
