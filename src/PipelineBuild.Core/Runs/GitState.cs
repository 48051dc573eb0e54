namespace PipelineBuild.Core.Runs;

/// <summary>The git state of the workspace when a run was recorded.</summary>
/// <param name="Commit">The full commit id of HEAD.</param>
/// <param name="Branch">The branch name, or null on a detached HEAD.</param>
/// <param name="Dirty">Tracked files differ from the commit (untracked files are not counted).</param>
/// <param name="WorkspacePath">The workspace folder relative to the repository's top level (<c>.</c> at the top).</param>
public sealed record GitState(string Commit, string? Branch, bool Dirty, string WorkspacePath);
