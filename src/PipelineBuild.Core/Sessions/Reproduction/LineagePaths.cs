using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Sessions.Reproduction;

/// <summary>
/// Checks, before <c>reproduce</c> creates or writes anything, that every path its lineage records
/// (the pipeline file, the source inputs, the workspace folder in the repository) is a plain relative
/// path and the commit is a commit id, not an option for git.
/// </summary>
internal static class LineagePaths
{
    public static void Check(ArtifactManifest manifest)
    {
        var lineage = manifest.Lineage;
        var paths = new List<(string What, string Path)> { ("the pipeline file", lineage.PipelineFile) };
        paths.AddRange(lineage.Inputs.Keys.Select(input => ("the input", input)));
        if (lineage.Git is { WorkspacePath: not "." } git)
        {
            paths.Add(("the workspace folder", git.WorkspacePath));
        }

        foreach (var (what, path) in paths)
        {
            if (PathConfinement.SyntaxProblem(path) is { } problem)
            {
                throw Refused(manifest, $"records {what} '{UnsafePathException.Printable(path)}', which {problem}");
            }
        }

        if (lineage.Git is { } recorded && !IsCommitId(recorded.Commit))
        {
            throw Refused(manifest, $"records the commit '{UnsafePathException.Printable(recorded.Commit)}', which is not a commit id");
        }
    }

    private static bool IsCommitId(string commit) =>
        commit.Length is >= 4 and <= 64 && commit.All(char.IsAsciiHexDigit);

    private static PipelineException Refused(ArtifactManifest manifest, string what) =>
        new(
            ArtifactCodes.UnsafePath,
            $"{manifest.Reference}: error {ArtifactCodes.UnsafePath}: the lineage of {manifest.Reference} {what}; its artifact.json is damaged or hostile and nothing was reproduced; publish the version again from its run");
}
