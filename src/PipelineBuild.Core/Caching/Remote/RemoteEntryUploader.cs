using System.Collections.Concurrent;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Caching.Remote;

/// <summary>
/// Uploads what a step recorded, in the background: its blobs first (those the remote lacks), its action
/// entry last, so a reader never sees an entry whose blobs are missing. <see cref="WaitAsync"/> ends the run.
/// </summary>
public sealed class RemoteEntryUploader
{
    private readonly RemoteCacheSession _session;
    private readonly ContentStore _store;
    private readonly ConcurrentBag<Task> _uploads = [];

    public RemoteEntryUploader(RemoteCacheSession session, ContentStore store)
    {
        _session = session;
        _store = store;
    }

    /// <summary>Starts uploading <paramref name="entry"/>; failures become the session's one warning, never an exception.</summary>
    public void Enqueue(ActionEntry entry)
    {
        if (_session.Options.Mode == RemoteCacheMode.ReadWrite && _session.IsAvailable)
        {
            _uploads.Add(Task.Run(() => UploadAsync(entry, CancellationToken.None)));
        }
    }

    public Task WaitAsync() => Task.WhenAll(_uploads);

    /// <summary>Uploads one entry and its blobs now; false when the remote failed or a blob was missing locally.</summary>
    public async Task<bool> UploadAsync(ActionEntry entry, CancellationToken cancellationToken)
    {
        var blobs = new List<ContentDigest>();
        foreach (var output in entry.Outputs)
        {
            blobs.Add(output.Digest);
            if (output.IsFolder)
            {
                var listing = _store.TryReadText(output.Digest) is { } text ? TreeListing.TryParse(text) : null;
                if (listing is null)
                {
                    return false;
                }

                blobs.AddRange(listing.Files.Select(f => f.Digest));
            }
        }

        var results = await Task.WhenAll(blobs.Distinct().Select(b => UploadBlobAsync(b, cancellationToken))).ConfigureAwait(false);
        if (results.Any(r => !r))
        {
            return false;
        }

        using var json = new MemoryStream();
        ActionEntryJson.Write(entry, json, _session.Options.Signer?.Sign(entry));
        var (ok, _) = await _session.TryAsync(
            async token =>
            {
                json.Position = 0;
                await _session.Store.PutAsync(RemoteObjectKey.Entry(entry.Key), json, json.Length, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (ok)
        {
            _session.CountEntryUploaded();
        }

        return ok;
    }

    private async Task<bool> UploadBlobAsync(ContentDigest digest, CancellationToken cancellationToken)
    {
        var path = _store.ObjectPath(digest);
        return File.Exists(path) && (await RemoteBlobUpload.TryAsync(_session, digest, path, cancellationToken).ConfigureAwait(false)).Ok;
    }
}
