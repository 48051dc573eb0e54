using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>
/// After a local miss: the step's action entry from the remote, then every blob it names into the local
/// content store, each verified by SHA-256 while it streams in. Only when all are there is the entry
/// written locally and returned, so the restore itself goes through the local, verified staging.
/// Anything missing, damaged, unsigned or not bound to the step is a miss with a warning.
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

    public async Task<ActionEntry?> TryFetchAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var entry = await TryReadEntryAsync(step, key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            _session.CountMiss(0);
            return null;
        }

        foreach (var output in entry.Outputs)
        {
            var got = await TryFetchBlobAsync(step, output.Digest, cancellationToken).ConfigureAwait(false);
            if (got is null)
            {
                _session.CountMiss(bytes);
                return null;
            }

            bytes += got.Value;
            if (!output.IsFolder)
            {
                continue;
            }

            var files = _store.TryReadText(output.Digest) is { } text ? TreeListing.TryParse(text)?.Files : null;
            if (files is null || files.Any(f => !IsConfinedTo(f.Path, output.Path)))
            {
                _session.Warn($"warning {RemoteCacheCodes.BadEntry}: the remote folder listing of '{output.Path}' for '{step.Id}' is damaged or names paths outside it; the step will run instead");
                _session.CountMiss(bytes);
                return null;
            }

            foreach (var file in files)
            {
                got = await TryFetchBlobAsync(step, file.Digest, cancellationToken).ConfigureAwait(false);
                if (got is null)
                {
                    _session.CountMiss(bytes);
                    return null;
                }

                bytes += got.Value;
            }
        }

        _actions.Put(entry);
        _session.CountHit(bytes);
        return entry;
    }

    private async Task<ActionEntry?> TryReadEntryAsync(StepDefinition step, ActionKey key, CancellationToken cancellationToken)
    {
        var remoteKey = RemoteObjectKey.Entry(key);
        var (ok, json) = await _session.TryAsync(token => ReadSmallAsync(remoteKey, token), cancellationToken).ConfigureAwait(false);
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

    private async Task<byte[]?> ReadSmallAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        var stream = await _session.Store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await ReadAsync(stream, chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxEntryBytes)
                {
                    return [];
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>The bytes fetched (0 when the local store had the blob), or null with a warning.</summary>
    private async Task<long?> TryFetchBlobAsync(StepDefinition step, ContentDigest digest, CancellationToken cancellationToken)
    {
        if (_store.Contains(digest))
        {
            return 0;
        }

        await _session.Transfers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (ok, result) = await _session.TryAsync(token => DownloadAsync(digest, token), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Bytes stored; null when missing; -1 when the bytes do not hash to the name.</summary>
    private async Task<long?> DownloadAsync(ContentDigest digest, CancellationToken cancellationToken)
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
                return await _store.TryIngestAsync(stream, digest, cancellationToken).ConfigureAwait(false) ?? -1;
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new RemoteStoreException($"download of blob {digest.Hex[..12]}… broke off: {e.Message}", e);
            }
        }
    }

    private static async Task<int> ReadAsync(Stream stream, byte[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new RemoteStoreException($"a download broke off: {e.Message}", e);
        }
    }

    /// <summary>A listing path must be normal, relative and strictly inside its folder output.</summary>
    private static bool IsConfinedTo(string path, string folder) =>
        WorkspacePath.Normalize(path) == path && path.Length > folder.Length && WorkspacePath.IsSameOrInside(path, folder);
}
