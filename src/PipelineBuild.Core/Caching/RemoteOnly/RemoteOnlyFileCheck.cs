using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching.RemoteOnly;

/// <summary>
/// Whether a <see cref="RemoteOnlyFile"/> read from the workspace's state may be believed: a plain relative path outside the
/// tool's state folder, under an output its step declares now, a size that can be, and the fingerprint of the step's lock entry.
/// </summary>
public static class RemoteOnlyFileCheck
{
    /// <summary>Why <paramref name="file"/> is refused, or null when it may be used.</summary>
    /// <param name="declaredOutputs">The producing step's declared outputs now, as output keys (folders end with <c>/</c>); empty when the step is gone.</param>
    /// <param name="lockFingerprint">The fingerprint the lock file records for the producing step; null when it records none.</param>
    public static string? ProblemOf(RemoteOnlyFile file, IReadOnlyCollection<string> declaredOutputs, ActionKey? lockFingerprint)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(declaredOutputs);
        if (PathConfinement.SyntaxProblem(file.Path) is { } problem)
        {
            return $"its path '{file.Path}' {problem}";
        }

        if (WorkspacePath.IsSameOrInside(file.Path, WorkspaceLayout.StateFolderName))
        {
            return $"its path '{file.Path}' is in the tool's state folder";
        }

        if (!declaredOutputs.Any(output => output.EndsWith('/') ? WorkspacePath.IsSameOrInside(file.Path, output[..^1]) && file.Path.Length > output.Length - 1 : string.Equals(file.Path, output, StringComparison.Ordinal)))
        {
            return $"'{file.Path}' is not an output step '{file.Step}' declares";
        }

        if (file.Size < 0)
        {
            return $"'{file.Path}' has a negative size";
        }

        return lockFingerprint == file.Fingerprint ? null : $"'{file.Path}' was left by another run of step '{file.Step}' than the lock file records";
    }
}
