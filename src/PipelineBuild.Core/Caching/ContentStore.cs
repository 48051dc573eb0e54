using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// Content-addressed files under <c>.pipeline/cache/cas/ab/abcdef…</c>. Objects are written once,
/// atomically, and made read-only; every read verifies the digest, so a damaged object is a miss.
/// Restores copy (never hard-link) so a step that later writes its output in place cannot corrupt the store.
/// </summary>
public sealed class ContentStore
{
    private readonly string _root;

    public ContentStore(string root)
    {
        _root = root;
    }

    public string ObjectPath(ContentDigest digest) => Path.Combine(_root, digest.Hex[..2], digest.Hex);

    public bool Contains(ContentDigest digest) => File.Exists(ObjectPath(digest));

    /// <summary>Copies a file into the store while hashing it: each byte is read once.</summary>
    public ContentDigest Ingest(string fullPath)
    {
        var staging = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(staging);
        var temp = Path.Combine(staging, $"{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            ContentDigest digest;
            using (var source = FileHasher.OpenSequential(fullPath))
            using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                digest = FileHasher.Hash(source, target);
            }

            Commit(temp, digest);
            return digest;
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    /// <summary>Stores a file whose digest is already known (from the stat cache), copying only when the store lacks it.</summary>
    public void Ingest(string fullPath, ContentDigest knownDigest)
    {
        if (!Contains(knownDigest) && Ingest(fullPath) != knownDigest)
        {
            throw new IOException($"'{fullPath}' changed while it was being stored in the cache.");
        }
    }

    /// <summary>
    /// Stores what <paramref name="source"/> yields (a download) when its SHA-256, computed while it
    /// streams in, is <paramref name="expected"/>. Returns the bytes read, or null (nothing stored) on a mismatch.
    /// </summary>
    public async Task<long?> TryIngestAsync(Stream source, ContentDigest expected, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(staging);
        var temp = Path.Combine(staging, $"{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            (ContentDigest Digest, long Length) copied;
            var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
            await using (target.ConfigureAwait(false))
            {
                copied = await FileHasher.HashAsync(source, target, cancellationToken).ConfigureAwait(false);
            }

            if (copied.Digest != expected)
            {
                return null;
            }

            Commit(temp, expected);
            return copied.Length;
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    public ContentDigest PutText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var digest = ContentDigest.Of(bytes);
        if (!Contains(digest))
        {
            var target = ObjectPath(digest);
            AtomicFile.Write(target, stream => stream.Write(bytes));
            MakeReadOnly(target);
        }

        return digest;
    }

    /// <summary>The text of an object, or null when it is missing or does not match its digest.</summary>
    public string? TryReadText(ContentDigest digest)
    {
        var path = ObjectPath(digest);
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (ContentDigest.Of(bytes) == digest)
            {
                return Encoding.UTF8.GetString(bytes);
            }

            Discard(digest);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies an object to <paramref name="tempTarget"/> while verifying it. A mismatch removes the
    /// damaged object and returns false; the caller then runs the step instead.
    /// </summary>
    public bool TryCopyVerified(ContentDigest digest, string tempTarget)
    {
        try
        {
            ContentDigest actual;
            using (var source = FileHasher.OpenSequential(ObjectPath(digest)))
            using (var target = new FileStream(tempTarget, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                actual = FileHasher.Hash(source, target);
            }

            if (actual == digest)
            {
                return true;
            }

            Discard(digest);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        AtomicFile.TryDelete(tempTarget);
        return false;
    }

    /// <summary>Re-hashes every object; those that do not match their name are removed. Returns the count checked, bytes and the digests dropped.</summary>
    public (int Checked, long Bytes, IReadOnlyList<string> Dropped) VerifyAll()
    {
        var dropped = new List<string>();
        var count = 0;
        long bytes = 0;
        if (!Directory.Exists(_root))
        {
            return (0, 0, dropped);
        }

        foreach (var folder in Directory.EnumerateDirectories(_root).Where(f => Path.GetFileName(f).Length == 2))
        {
            foreach (var path in Directory.EnumerateFiles(folder))
            {
                count++;
                var name = Path.GetFileName(path);
                try
                {
                    bytes += new FileInfo(path).Length;
                    if (ContentDigest.TryParse(name, out var digest) && FileHasher.Hash(path) == digest)
                    {
                        continue;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }

                AtomicFile.TryDelete(path);
                dropped.Add(name);
            }
        }

        return (count, bytes, dropped);
    }

    private void Commit(string temp, ContentDigest digest)
    {
        var target = ObjectPath(digest);
        if (File.Exists(target))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        MakeReadOnly(temp);
        try
        {
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another run stored the same content first: identical bytes, nothing to do.
        }
    }

    private void Discard(ContentDigest digest) => AtomicFile.TryDelete(ObjectPath(digest));

    private static void MakeReadOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }
}
