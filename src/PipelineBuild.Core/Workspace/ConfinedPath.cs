namespace PipelineBuild.Core.Workspace;

/// <summary>A path read from state that passed <see cref="PathConfinement"/>: its checked relative form and where it lands.</summary>
/// <param name="Relative">The <c>/</c>-separated path under the root, unchanged (it was already normal).</param>
/// <param name="FullPath">The absolute path under the root; no folder on the way is a symlink.</param>
public sealed record ConfinedPath(string Relative, string FullPath);
