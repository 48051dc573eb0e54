using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// Brings a step's outputs back from the content store. Every file is copied and verified into a
/// staging folder first; only when all are good are they moved into place. A missing or damaged
/// object makes the whole restore a miss (the step then runs), never a half-restored output.
/// </summary>
public sealed class CacheRestorer
{
    private readonly WorkspaceLayout _layout;
    private readonly FileDigests _digests;
    private readonly ContentStore _store;

    public CacheRestorer(WorkspaceLayout layout, FileDigests digests, ContentStore store)
    {
        _layout = layout;
        _digests = digests;
        _store = store;
    }

    public bool TryRestore(ActionEntry entry)
    {
        var staging = Path.Combine(_layout.TempFolder, "restore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var staged = new List<(string Temp, FileDigest File)>();
            foreach (var output in entry.Outputs)
            {
                var files = FilesOf(output);
                if (files is null)
                {
                    return false;
                }

                foreach (var file in files)
                {
                    var temp = Path.Combine(staging, staged.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (!_store.TryCopyVerified(file.Digest, temp))
                    {
                        return false;
                    }

                    staged.Add((temp, file));
                }
            }

            foreach (var output in entry.Outputs)
            {
                ClearTarget(output);
            }

            foreach (var (temp, file) in staged)
            {
                var target = _layout.FullPath(file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(temp, target, overwrite: true);
                _digests.Remember(file.Path, file.Digest);
            }

            foreach (var output in entry.Outputs.Where(o => o.IsFolder))
            {
                Directory.CreateDirectory(_layout.FullPath(output.Path));
            }

            return true;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private IReadOnlyList<FileDigest>? FilesOf(OutputRecord output)
    {
        if (!output.IsFolder)
        {
            return [new FileDigest(output.Path, output.Digest)];
        }

        return _store.TryReadText(output.Digest) is { } text ? TreeListing.TryParse(text)?.Files : null;
    }

    /// <summary>A folder output is restored exactly (stray files go); a folder where a file belongs is removed.</summary>
    private void ClearTarget(OutputRecord output)
    {
        var target = _layout.FullPath(output.Path);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
    }
}
