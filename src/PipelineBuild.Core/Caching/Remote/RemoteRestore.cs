using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>
/// A remote hit being restored. Each file blob the local store lacks is downloaded once, straight into the
/// restore's staging file while its SHA-256 is checked: one write of each byte. The blob is not also kept in
/// the local store (as Bazel's remote cache does not): a second copy would double the disk writes and space of
/// every restore, and a link would let a later in-place edit of the output reach the store (docs/decisions.md).
/// So the entry stays remote-only; <c>cache pull</c> fills the local cache for offline work. Counts the hit or the miss.
/// </summary>
internal sealed class RemoteRestore : ITierHit
{
    private readonly RemoteEntryFetcher _fetcher;
    private readonly RemoteCacheSession _session;
    private readonly ContentStore _store;
    private readonly StepDefinition _step;
    private readonly Dictionary<ContentDigest, string> _downloaded = [];
    private long _bytes;

    public RemoteRestore(RemoteEntryFetcher fetcher, RemoteCacheSession session, ContentStore store, StepDefinition step, ActionEntry entry, long bytes)
    {
        _fetcher = fetcher;
        _session = session;
        _store = store;
        _step = step;
        Entry = entry;
        _bytes = bytes;
    }

    public ActionEntry Entry { get; }

    public async Task<bool> TryStageAsync(ContentDigest digest, string tempTarget, CancellationToken cancellationToken)
    {
        if (_downloaded.TryGetValue(digest, out var first))
        {
            // The same content twice in one entry: the first staged copy is private and verified.
            return TryCopy(first, tempTarget);
        }

        if (_store.Contains(digest) && _store.TryCopyVerified(digest, tempTarget))
        {
            return true;
        }

        if (await _fetcher.TryStageBlobAsync(_step, digest, tempTarget, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return false;
        }

        _bytes += bytes;
        _downloaded[digest] = tempTarget;
        return true;
    }

    public void Restored() => _session.CountHit(_bytes);

    public void NotRestored() => _session.CountMiss(_bytes);

    private static bool TryCopy(string source, string target)
    {
        try
        {
            File.Copy(source, target);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
