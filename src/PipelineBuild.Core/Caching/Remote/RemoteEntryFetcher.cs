using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>
/// After a local miss: the step's action entry from the remote and its folder listings (into the local
/// content store), each verified by SHA-256 while it streams in. The file blobs it names are then
/// downloaded by the restore straight into its verified staging (<see cref="RemoteRestore"/>), or into the
/// local store by <c>cache pull</c>. Anything missing, damaged, unsigned or not bound to the step is a miss with a warning.
/// </summary>
public sealed class RemoteEntryFetcher
{
    /// <summary>Entries are small (one digest per output); a bigger one is refused unread.</summary>
    private const int MaxEntryBytes = 1 << 20;

    private readonly RemoteCacheSession _session;
    private readonly ContentStore _store;
    private readonly ActionCache _actions;

    public RemoteEntryFetcher(RemoteCacheSession session, ContentStore store, ActionCache actions)
    {
        _session = session;
        _store = store;
        _actions = actions;
    }

    /// <summary>The remote hit of <paramref name="key"/>, whose file blobs the restore then downloads; null on a miss.</summary>
    public async Task<ITierHit?> TryFetchAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken)
    {
        var found = await TryFetchEntryAsync(step, key, cancellationToken).ConfigureAwait(false);
        return found is { } hit ? new RemoteRestore(this, _session, _store, step, hit.Entry, hit.Bytes) : null;
    }

    /// <summary><c>cache pull</c>: the remote entry of <paramref name="key"/> and every blob it names into the local cache; null on a miss.</summary>
    public async Task<ActionEntry?> TryPullAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken)
    {
        if (await TryFetchEntryAsync(step, key, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        var (entry, bytes) = found;
        foreach (var digest in FileBlobsOf(entry).Where(d => !_store.Contains(d)))
        {
            var got = await TryFetchBlobAsync(step, digest, (stream, token) => _store.TryIngestAsync(stream, digest, token), cancellationToken).ConfigureAwait(false);
            if (got is null)
            {
                _session.CountMiss(bytes);
                return null;
            }

            bytes += got.Value;
        }

        _actions.Put(entry);
        _session.CountHit(bytes);
        return entry;
    }

    /// <summary>Downloads blob <paramref name="digest"/> into the new file <paramref name="tempTarget"/>, verified; the bytes, or null with a warning.</summary>
    internal Task<long?> TryStageBlobAsync(StepDefinition step, ContentDigest digest, string tempTarget, CancellationToken cancellationToken) =>
        TryFetchBlobAsync(step, digest, (stream, token) => VerifiedDownload.TryWriteAsync(stream, digest, tempTarget, token), cancellationToken);

    /// <summary>The entry, verified and bound to the step, with its folder listings in the local store; null (counted as a miss) otherwise.</summary>
    private async Task<(ActionEntry Entry, long Bytes)?> TryFetchEntryAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var entry = await TryReadEntryAsync(step, key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            _session.CountMiss(0);
            return null;
        }

        foreach (var output in entry.Outputs.Where(o => o.IsFolder))
        {
            var got = _store.Contains(output.Digest)
                ? 0
                : await TryFetchBlobAsync(step, output.Digest, (stream, token) => _store.TryIngestAsync(stream, output.Digest, token), cancellationToken).ConfigureAwait(false);
            if (got is null)
            {
                _session.CountMiss(bytes);
                return null;
            }

            bytes += got.Value;
            var files = _store.TryReadText(output.Digest) is { } text ? TreeListing.TryParse(text)?.Files : null;
            if (files is null || files.Any(f => !IsConfinedTo(f.Path, output.Path)))
            {
                _session.Warn($"warning {RemoteCacheCodes.BadEntry}: the remote folder listing of '{output.Path}' for '{step.Id}' is damaged or names paths outside it; the step will run instead");
                _session.CountMiss(bytes);
                return null;
            }
        }

        return (entry, bytes);
    }

    /// <summary>The file blobs an entry names (its file outputs and the files its folder listings name), each once.</summary>
    private IEnumerable<ContentDigest> FileBlobsOf(ActionEntry entry) =>
        entry.Outputs.SelectMany(o => o.IsFolder ? TreeListing.TryParse(_store.TryReadText(o.Digest) ?? "")?.Files.Select(f => f.Digest) ?? [] : [o.Digest]).Distinct();

    private async Task<ActionEntry?> TryReadEntryAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken)
    {
        var remoteKey = RemoteObjectKey.Entry(key);
        var (ok, json) = await _session.TryAsync(token => RemoteSmallObject.ReadAsync(_session.Store, remoteKey, MaxEntryBytes, token), cancellationToken).ConfigureAwait(false);
        if (!ok || json is null)
        {
            return null;
        }

        ActionEntry entry;
        string? signature;
        try
        {
            (entry, signature) = ActionEntryJson.Parse(json, key);
        }
        catch (FormatException e)
        {
            _session.Warn($"warning {RemoteCacheCodes.BadEntry}: the remote cache entry of '{step.Id}' is damaged ({e.Message}); the step will run instead");
            return null;
        }

        if (_session.Options.Signer is { } signer && !signer.Verify(entry, signature))
        {
            var what = signature is null ? "is not signed" : "has a signature that does not match";
            _session.Warn($"warning {RemoteCacheCodes.BadSignature}: the remote cache entry of '{step.Id}' {what} (PIPELINEBUILD_CACHE_SIGNING_KEY is set); the step will run instead");
            return null;
        }

        var declared = step.Outputs.Select(o => o.IsFolder ? o.Path + "/" : o.Path).Order(StringComparer.Ordinal);
        if (!declared.SequenceEqual(entry.Outputs.Select(o => o.Key).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            _session.Warn($"warning {RemoteCacheCodes.BadEntry}: the remote cache entry of '{step.Id}' names other outputs than the step declares; the step will run instead");
            return null;
        }

        return entry;
    }

    /// <summary>Downloads a blob through <paramref name="write"/> (which verifies it: null when missing, -1 when damaged); the bytes, or null with a warning.</summary>
    private async Task<long?> TryFetchBlobAsync(StepDefinition step, ContentDigest digest, Func<Stream, CancellationToken, Task<long?>> write, CancellationToken cancellationToken)
    {
        await _session.Transfers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (ok, result) = await _session.TryAsync(token => DownloadAsync(digest, write, token), cancellationToken).ConfigureAwait(false);
            if (!ok)
            {
                return null;
            }

            switch (result)
            {
                case null:
                    _session.Warn($"warning {RemoteCacheCodes.MissingBlob}: the remote cache entry of '{step.Id}' names blob {digest.Hex[..12]}… which the remote does not have; the step will run instead");
                    return null;
                case < 0:
                    _session.Warn($"warning {RemoteCacheCodes.CorruptBlob}: blob {digest.Hex[..12]}… of '{step.Id}' on the remote does not match its SHA-256 (damaged or tampered with); the step will run instead");
                    return null;
                default:
                    return result;
            }
        }
        finally
        {
            _session.Transfers.Release();
        }
    }

    /// <summary>Bytes written; null when missing; -1 when the bytes do not hash to the name.</summary>
    private async Task<long?> DownloadAsync(ContentDigest digest, Func<Stream, CancellationToken, Task<long?>> write, CancellationToken cancellationToken)
    {
        var stream = await _session.Store.OpenReadAsync(RemoteObjectKey.Blob(digest), cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await write(stream, cancellationToken).ConfigureAwait(false) ?? -1;
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new RemoteStoreException($"download of blob {digest.Hex[..12]}… broke off: {e.Message}", e);
            }
        }
    }

    /// <summary>A listing path must be normal, relative and strictly inside its folder output.</summary>
    private static bool IsConfinedTo(string path, string folder) =>
        WorkspacePath.Normalize(path) == path && path.Length > folder.Length && WorkspacePath.IsSameOrInside(path, folder);
}
