using System.Collections.Concurrent;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// After a cluster job under <c>run --no-download</c>: the step's outputs stay in the remote cache. The job's action entry (fetched
/// and verified like any remote hit, its folder listings in the local store) and each file blob's length as the remote reports it
/// become the step's remote-only records; its local outputs are cleared so that no stale copy shadows them.
/// </summary>
public sealed class ClusterOutputsLeftRemote
{
    private readonly WorkspaceLayout _layout;
    private readonly IStepCache _cache;
    private readonly RemoteOnlyOutputs _remoteOnly;
    private readonly RemoteCacheSession? _remote;

    public ClusterOutputsLeftRemote(WorkspaceLayout layout, IStepCache cache, RemoteOnlyOutputs remoteOnly, RemoteCacheSession? remote)
    {
        _layout = layout;
        _cache = cache;
        _remoteOnly = remoteOnly;
        _remote = remote;
    }

    /// <summary>
    /// True when <paramref name="entry"/>'s outputs are now remote-only; false when they cannot be (no remote, a length the remote
    /// does not give, a doubtful listing): the caller then restores them as usual.
    /// </summary>
    public async Task<bool> TryLeaveAsync(StepDefinition step, ActionEntry entry, CancellationToken cancellationToken)
    {
        if (_remote is not { } remote)
        {
            return false;
        }

        var sizes = new ConcurrentDictionary<ContentDigest, long>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, remote.Options.Parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(RemoteOnlyEntry.BlobsOf(entry, _cache.TryReadText), options, async (digest, token) =>
        {
            var (ok, length) = await remote.TryAsync(t => remote.Store.LengthAsync(RemoteObjectKey.Blob(digest), t), token).ConfigureAwait(false);
            if (ok && length is { } bytes)
            {
                sizes[digest] = bytes;
            }
        }).ConfigureAwait(false);

        if (RemoteOnlyEntry.FilesOf(step.Id, entry, _cache.TryReadText, sizes) is not { } files)
        {
            return false;
        }

        OutputCleaner.Clear(_layout, step);
        _remoteOnly.Leave(step.Id, files);
        return true;
    }
}
