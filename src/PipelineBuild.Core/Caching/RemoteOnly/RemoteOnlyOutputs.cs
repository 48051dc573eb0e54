using System.Collections.Concurrent;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching.RemoteOnly;

/// <summary>
/// The workspace's remote-only outputs (<c>run --no-download</c>): files cluster steps left in the remote cache, by path.
/// Safe for the run's concurrent steps. Only checked records (<see cref="RemoteOnlyFileCheck"/>) belong here.
/// </summary>
public sealed class RemoteOnlyOutputs
{
    private readonly ConcurrentDictionary<string, RemoteOnlyFile> _files;

    public RemoteOnlyOutputs(IEnumerable<RemoteOnlyFile> files)
    {
        _files = new ConcurrentDictionary<string, RemoteOnlyFile>(files.Select(f => KeyValuePair.Create(f.Path, f)), StringComparer.Ordinal);
    }

    public static RemoteOnlyOutputs Empty() => new([]);

    /// <summary>Every record, sorted by path: what the state file holds.</summary>
    public IReadOnlyList<RemoteOnlyFile> All => [.. _files.Values.OrderBy(f => f.Path, StringComparer.Ordinal)];

    public bool IsEmpty => _files.IsEmpty;

    /// <summary>The record of the file <paramref name="path"/>, or null when it is not remote-only.</summary>
    public RemoteOnlyFile? Find(string path) => _files.GetValueOrDefault(path);

    /// <summary>The remote-only files inside <paramref name="folder"/> (compared by whole segments), sorted by path.</summary>
    public IReadOnlyList<RemoteOnlyFile> Under(string folder) =>
        [.. _files.Values.Where(f => f.Path.Length > folder.Length && WorkspacePath.IsSameOrInside(f.Path, folder)).OrderBy(f => f.Path, StringComparer.Ordinal)];

    /// <summary>The remote-only files <paramref name="step"/> left, sorted by path.</summary>
    public IReadOnlyList<RemoteOnlyFile> Of(string step) =>
        [.. _files.Values.Where(f => string.Equals(f.Step, step, StringComparison.Ordinal)).OrderBy(f => f.Path, StringComparer.Ordinal)];

    /// <summary>A cluster step ended and left its outputs remote: its earlier records give way to <paramref name="files"/>.</summary>
    public void Leave(string step, IEnumerable<RemoteOnlyFile> files)
    {
        Forget(step);
        foreach (var file in files)
        {
            _files[file.Path] = file;
        }
    }

    /// <summary>The step's outputs are in the workspace again (restored or run locally), or the step is gone.</summary>
    public void Forget(string step)
    {
        if (_files.IsEmpty)
        {
            return;
        }

        foreach (var file in Of(step))
        {
            _files.TryRemove(KeyValuePair.Create(file.Path, file));
        }
    }

    /// <summary>
    /// True when the remote-only records of <paramref name="step"/> at <paramref name="fingerprint"/> stand for exactly
    /// <paramref name="outputs"/> (the lock entry's): each file output recorded with its digest, each folder output's files
    /// giving its tree-listing digest. Then the outputs are remote-only rather than lost.
    /// </summary>
    public bool Cover(string step, ActionKey fingerprint, IReadOnlyList<OutputRecord> outputs)
    {
        var files = Of(step);
        if (files.Count == 0 || files.Any(f => f.Fingerprint != fingerprint))
        {
            return false;
        }

        var accounted = 0;
        foreach (var output in outputs)
        {
            if (!output.IsFolder)
            {
                if (Find(output.Path) is not { } file || !string.Equals(file.Step, step, StringComparison.Ordinal) || file.Digest != output.Digest)
                {
                    return false;
                }

                accounted++;
                continue;
            }

            var inside = files.Where(f => WorkspacePath.IsSameOrInside(f.Path, output.Path)).ToList();
            if (new TreeListing([.. inside.Select(f => new FileDigest(f.Path, f.Digest))]).Digest != output.Digest)
            {
                return false;
            }

            accounted += inside.Count;
        }

        // A record outside every output (or counted twice by nested outputs) is not this entry's.
        return accounted == files.Count;
    }
}
