using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// Brings a step's outputs back from the content store. Every path the entry or a tree listing names
/// must pass the workspace's <see cref="PathConfinement"/> and lie inside the output that names it;
/// every file is copied (or downloaded) and verified into a staging folder first; only when all are good are they
/// moved into place. A missing or damaged object, or a refused path, makes the whole restore a miss
/// (the step then runs), never a half-restored output nor a byte written outside the workspace.
/// </summary>
public sealed class CacheRestorer
{
    private readonly WorkspaceLayout _layout;
    private readonly FileDigests _digests;
    private readonly ContentStore _store;
    private readonly PathConfinement _workspace;
    private readonly Action<string> _warn;

    public CacheRestorer(WorkspaceLayout layout, FileDigests digests, ContentStore store, Action<string>? warn = null)
    {
        _layout = layout;
        _digests = digests;
        _store = store;
        _workspace = new PathConfinement(layout.Root);
        _warn = warn ?? (_ => { });
    }

    /// <summary>Restores <paramref name="entry"/>'s outputs with their bytes from <paramref name="blobs"/> (the local store when null).</summary>
    public async Task<bool> TryRestoreAsync(ActionEntry entry, IBlobSource? blobs = null, CancellationToken cancellationToken = default)
    {
        blobs ??= _store;
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
                    if (!await blobs.TryStageAsync(file.Digest, temp, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }

                    staged.Add((temp, file));
                }
            }

            foreach (var output in entry.Outputs)
            {
                FileKinds.Remove(_workspace.Resolve(output.Path).FullPath);
            }

            foreach (var (temp, file) in staged)
            {
                // Checked again just before the move: a folder on the way may have become a symlink meanwhile.
                var target = _workspace.Resolve(file.Path).FullPath;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(temp, target, overwrite: true);
                _digests.Remember(file.Path, file.Digest);
            }

            foreach (var output in entry.Outputs.Where(o => o.IsFolder))
            {
                Directory.CreateDirectory(_workspace.Resolve(output.Path).FullPath);
            }

            return true;
        }
        catch (UnsafePathException e)
        {
            _warn($"warning {CacheCodes.UnsafeRestorePath}: not restoring from the cache: {e.Message}; the step will run instead");
            return false;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The files an output restores to, each confined to the workspace and (for a folder) to the folder; null when its listing is gone.</summary>
    private IReadOnlyList<FileDigest>? FilesOf(OutputRecord output)
    {
        _workspace.Resolve(output.Path);
        if (!output.IsFolder)
        {
            return [new FileDigest(output.Path, output.Digest)];
        }

        if (_store.TryReadText(output.Digest) is not { } text || TreeListing.TryParse(text) is not { } listing)
        {
            return null;
        }

        foreach (var file in listing.Files)
        {
            _workspace.Resolve(file.Path);
            if (!file.Path.StartsWith(output.Path + "/", StringComparison.Ordinal))
            {
                throw new UnsafePathException(file.Path, $"is not inside the folder output '{output.Path}/' whose listing names it");
            }
        }

        return listing.Files;
    }
}
