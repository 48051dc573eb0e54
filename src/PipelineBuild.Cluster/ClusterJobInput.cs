namespace PipelineBuild.Cluster;

/// <summary>One input file of a <see cref="ClusterJob"/>: a workspace-relative <c>/</c>-path and its content by digest.</summary>
/// <param name="Path">Relative to the workspace, <c>/</c>-separated, never absolute and never with <c>..</c> (the agent refuses both).</param>
/// <param name="Sha256">The lower-case hex SHA-256 of the file: its object <c>cas/&lt;sha256&gt;</c> in the remote cache.</param>
/// <param name="Size">The file's length in bytes.</param>
/// <param name="Executable">The file had an execute bit, so the agent sets one.</param>
public sealed record ClusterJobInput(string Path, string Sha256, long Size, bool Executable);
