using PipelineBuild.Core.Caching.Remote;

namespace PipelineBuild.RemoteCache;

/// <summary>
/// A shared folder (<c>file:///mnt/share/cache</c>): <c>ac/</c> and <c>cas/</c> files, each written to a
/// unique temp name in <c>tmp/</c> and renamed into place, so several writers at once never expose a
/// part. Anything but a regular file at an object's path is a miss (a symlink is never followed).
/// </summary>
internal sealed class FileRemoteStore : IRemoteStore
{
    private readonly string _root;

    public FileRemoteStore(string root)
    {
        _root = root;
        DisplayUrl = new Uri(root).AbsoluteUri;
    }

    public string DisplayUrl { get; }

    public Task<bool> ExistsAsync(RemoteObjectKey key, CancellationToken cancellationToken) =>
        Task.FromResult(IsRegularFile(PathOf(key)));

    public Task<long?> LengthAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult<long?>(IsRegularFile(info) ? info.Length : null);
    }

    public Task<Stream?> OpenReadAsync(RemoteObjectKey key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!IsRegularFile(path))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan | FileOptions.Asynchronous));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RemoteStoreException(e.Message, e);
        }
    }

    public async Task PutAsync(RemoteObjectKey key, Stream content, long length, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        var temp = Path.Combine(_root, "tmp", $"{Environment.MachineName}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await content.CopyToAsync(stream, 1 << 20, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            // rename(2) replaces atomically: a reader sees the old object or the new one.
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RemoteStoreException($"could not write {key}: {e.Message}", e);
        }
        finally
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    public void Dispose()
    {
    }

    /// <summary>The object's path; an absent root (a share not mounted) makes the remote unavailable, not empty.</summary>
    private string PathOf(RemoteObjectKey key) =>
        Directory.Exists(_root) ? Path.Combine(_root, key.RelativePath) : throw new RemoteStoreException($"the folder {_root} does not exist (create it, or mount the share)");

    private static bool IsRegularFile(string path) => IsRegularFile(new FileInfo(path));

    private static bool IsRegularFile(FileInfo info) => info.Exists && info.LinkTarget is null && (info.Attributes & (FileAttributes.Directory | FileAttributes.Device | FileAttributes.ReparsePoint)) == 0;
}
