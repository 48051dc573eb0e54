using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Planning;

/// <summary>Compares the outputs on disk with recorded digests.</summary>
public sealed class OutputInspector
{
    private readonly WorkspaceLayout _layout;
    private readonly FileDigests _digests;

    public OutputInspector(WorkspaceLayout layout, FileDigests digests)
    {
        _layout = layout;
        _digests = digests;
    }

    /// <summary>Null when every output matches; else the reason and the first output that does not.</summary>
    public StepReason? FindMismatch(IReadOnlyList<OutputRecord> recorded)
    {
        // By index: an interface's enumerator would be an allocation for every step of every run.
        for (var i = 0; i < recorded.Count; i++)
        {
            var output = recorded[i];
            var actual = DigestOnDisk(output.Path, output.IsFolder);
            if (actual is null)
            {
                return new StepReason(ReasonKind.OutputMissing, output.Key);
            }

            if (actual.Value != output.Digest)
            {
                return new StepReason(ReasonKind.OutputModified, output.Key);
            }
        }

        return null;
    }

    /// <summary>A file's digest or a folder's tree-listing digest; null when missing.</summary>
    public ContentDigest? DigestOnDisk(string path, bool isFolder)
    {
        if (!isFolder)
        {
            return _digests.TryGet(path);
        }

        if (!Directory.Exists(_layout.FullPath(path)))
        {
            return null;
        }

        try
        {
            return ListFolder(path).Digest;
        }
        catch (LinkOutsideWorkspaceException)
        {
            // Never read through: as good as missing, so the step runs (and its recording refuses the link).
            return null;
        }
    }

    private TreeListing ListFolder(string path)
    {
        var paths = WorkspaceFiles.UnderFolder(_layout, path);
        var digests = _digests.GetAll(paths);
        return new TreeListing(paths.Select((p, i) => new FileDigest(p, digests[i])).ToArray());
    }
}
