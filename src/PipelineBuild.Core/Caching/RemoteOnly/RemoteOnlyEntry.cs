using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching.RemoteOnly;

/// <summary>
/// Turns the action entry a cluster job wrote (fetched and verified like any remote hit) into the files it leaves remote-only:
/// file outputs as they are, folder outputs flattened through their tree listings. The entry and its listings come from the
/// remote: a listing that is missing, damaged or names a path outside its folder, or a blob whose size is unknown, refuses
/// the whole entry (null), and the step's outputs are then restored instead.
/// </summary>
public static class RemoteOnlyEntry
{
    /// <param name="readListing">A folder output's listing text by its digest (from the local content store, where the fetch verified it), or null.</param>
    /// <param name="sizes">Each file blob's length as the remote reports it.</param>
    public static IReadOnlyList<RemoteOnlyFile>? FilesOf(string step, ActionEntry entry, Func<ContentDigest, string?> readListing, IReadOnlyDictionary<ContentDigest, long> sizes)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(readListing);
        ArgumentNullException.ThrowIfNull(sizes);
        var files = new List<RemoteOnlyFile>();
        foreach (var output in entry.Outputs)
        {
            if (PathConfinement.SyntaxProblem(output.Path) is not null)
            {
                return null;
            }

            IReadOnlyList<FileDigest> inside;
            if (!output.IsFolder)
            {
                inside = [new FileDigest(output.Path, output.Digest)];
            }
            else if (readListing(output.Digest) is { } text && TreeListing.TryParse(text) is { } listing && listing.Digest == output.Digest
                && listing.Files.All(f => PathConfinement.SyntaxProblem(f.Path) is null && f.Path.Length > output.Path.Length && WorkspacePath.IsSameOrInside(f.Path, output.Path)))
            {
                inside = listing.Files;
            }
            else
            {
                return null;
            }

            foreach (var file in inside)
            {
                if (!sizes.TryGetValue(file.Digest, out var size) || size < 0)
                {
                    return null;
                }

                files.Add(new RemoteOnlyFile(file.Path, step, entry.Key, file.Digest, size));
            }
        }

        return files.DistinctBy(f => f.Path, StringComparer.Ordinal).Count() == files.Count ? files : null;
    }

    /// <summary>The file blobs whose sizes <see cref="FilesOf"/> needs, once each.</summary>
    public static IReadOnlyList<ContentDigest> BlobsOf(ActionEntry entry, Func<ContentDigest, string?> readListing)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(readListing);
        var blobs = new HashSet<ContentDigest>();
        foreach (var output in entry.Outputs)
        {
            if (!output.IsFolder)
            {
                blobs.Add(output.Digest);
            }
            else if (readListing(output.Digest) is { } text && TreeListing.TryParse(text) is { } listing)
            {
                blobs.UnionWith(listing.Files.Select(f => f.Digest));
            }
        }

        return [.. blobs];
    }
}
