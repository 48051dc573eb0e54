using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// Content-addressed files under <c>.pipeline/cache/cas/ab/abcdef…</c>. Objects are written once,
/// atomically, and made read-only; every read verifies the digest, so a damaged object is a miss.
/// Restores copy (never hard-link) so a step that later writes its output in place cannot corrupt the store.
/// Only a regular file counts as an object: a folder, symlink or FIFO in an object's place is a miss that
/// is never read through (a FIFO would block forever) and is removed so the next store repairs it.
/// </summary>
public sealed class ContentStore : IBlobSource
{
    private readonly string _root;

    public ContentStore(string root)
    {
        _root = root;
    }

    public string ObjectPath(ContentDigest digest) => Path.Combine(_root, digest.Hex[..2], digest.Hex);

    /// <summary>The longest object read whole into memory (tree listings, small texts); larger ones are a miss.</summary>
    public const long MaxTextBytes = 256L << 20;

    public bool Contains(ContentDigest digest) =>
        FileKinds.Of(Path.Combine(_root, digest.Hex[..2])) == FileKind.Directory && FileKinds.Of(ObjectPath(digest)) == FileKind.RegularFile;

    /// <summary>Copies a file into the store while hashing it: each byte is read once.</summary>
    public ContentDigest Ingest(string fullPath) => Ingest(fullPath, sizeHint: null).Digest;

    /// <summary>
    /// Copies a file into the store while hashing it: each byte is read once. A small file (by <paramref name="sizeHint"/>,
    /// or of unknown size) is read and written through plain descriptors on Linux, and <c>StatAfter</c> is then the
    /// stat of the file its bytes were read from, taken through the same descriptor once read (else null).
    /// </summary>
    /// <exception cref="NotRegularFileException">The path names a FIFO, a socket or a device (it is never opened for a blocking read).</exception>
    public (ContentDigest Digest, FileStat? StatAfter) Ingest(string fullPath, long? sizeHint)
    {
        var temp = TempPath();
        var moved = false;
        try
        {
            var small = sizeHint is null or <= FileHasher.SmallFileBytes ? TryIngestSmall(fullPath, temp) : null;
            var (digest, statAfter) = small ?? (IngestStreamed(fullPath, temp), (FileStat?)null);
            moved = Commit(temp, digest, readOnlyAlready: small is not null);
            return (digest, statAfter);
        }
        finally
        {
            if (!moved)
            {
                AtomicFile.TryDelete(temp);
            }
        }
    }

    private static ContentDigest IngestStreamed(string fullPath, string temp)
    {
        using var source = FileHasher.OpenSequential(fullPath);
        using var target = CreateTemp(temp);
        return FileHasher.Hash(source, target);
    }

    /// <summary>
    /// Linux: a small file read in one read onto the stack, hashed in one shot and written to <paramref name="temp"/>
    /// through plain descriptors: no stream, handle or hash object per output (a cold run of many small steps made four
    /// finalizable objects a step here). Null when it is not small or cannot be read this way (the streamed copy follows).
    /// </summary>
    private static (ContentDigest Digest, FileStat? StatAfter)? TryIngestSmall(string fullPath, string temp)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[FileHasher.SmallFileBytes + 1];
        switch (LinuxSmallFile.Read(fullPath, buffer, out var length, out var statAfter))
        {
            case LinuxSmallFile.Outcome.Read:
                var content = buffer[..length];
                RegularFile.WriteNew(temp, content, readOnly: true);
                return (ContentDigest.Of(content), statAfter);

            // Not handed to the streamed copy: its open would wait for a FIFO's writer.
            case LinuxSmallFile.Outcome.NotRegular:
                throw new NotRegularFileException(fullPath);
            default:
                return null;
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
        var temp = TempPath();
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        try
        {
            var length = await VerifiedDownload.TryWriteAsync(source, expected, temp, cancellationToken).ConfigureAwait(false);
            if (length is not null)
            {
                Commit(temp, expected);
            }

            return length;
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
            Write(digest, bytes);
        }

        return digest;
    }

    /// <summary>A tree listing under its digest, which was taken over these very bytes as the listing was made: not hashed again.</summary>
    public ContentDigest PutListing(TreeListing listing)
    {
        if (!Contains(listing.Digest))
        {
            Write(listing.Digest, listing.ToUtf8());
        }

        return listing.Digest;
    }

    private void Write(ContentDigest digest, byte[] bytes)
    {
        var target = ObjectPath(digest);
        RemoveDamaged(target);
        AtomicFile.Write(target, stream => stream.Write(bytes));
        MakeReadOnly(target);
    }

    /// <summary>The text of an object, or null when it is missing or does not match its digest.</summary>
    public string? TryReadText(ContentDigest digest) => TryReadTextBytes(digest) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The UTF-8 bytes of a text object, or null when it is missing, too large for one or does not match its digest.</summary>
    public byte[]? TryReadTextBytes(ContentDigest digest)
    {
        var path = ObjectPath(digest);
        try
        {
            var bytes = Contains(digest) ? RegularFile.TryReadAllBytes(path, MaxTextBytes) : null;
            if (bytes is null)
            {
                RemoveDamaged(path);
                return null;
            }

            if (ContentDigest.Of(bytes) == digest)
            {
                return bytes;
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
            using (var source = Contains(digest) ? RegularFile.TryOpenRead(ObjectPath(digest)) : null)
            {
                if (source is null)
                {
                    RemoveDamaged(ObjectPath(digest));
                    return false;
                }

                using var target = new FileStream(tempTarget, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
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

    public Task<bool> TryStageAsync(ContentDigest digest, string tempTarget, CancellationToken cancellationToken) =>
        Task.FromResult(TryCopyVerified(digest, tempTarget));

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

    /// <summary>Moves the staging file into the store as the object of <paramref name="digest"/>; true when it was moved (the staging file is gone).</summary>
    private bool Commit(string temp, ContentDigest digest, bool readOnlyAlready = false)
    {
        // Two lstat calls when the shard is there (most objects), where Contains, RemoveDamaged and CreateDirectory made six.
        var target = ObjectPath(digest);
        var shard = Path.GetDirectoryName(target)!;
        if (FileKinds.Of(shard) == FileKind.Directory)
        {
            switch (FileKinds.Of(target))
            {
                case FileKind.RegularFile:
                    return false;
                case FileKind.Missing:
                    break;
                default:
                    RemoveDamaged(target);
                    break;
            }
        }
        else
        {
            ShardFolders.Ensure(shard);
        }

        if (!readOnlyAlready)
        {
            MakeReadOnly(temp);
        }

        // One renameat2 on Linux, where File.Move makes three lstat calls and a rename; whatever it refuses (the object
        // is there now, no such call) goes the portable way, which tells the two apart.
        if (RegularFile.TryRenameNew(temp, target))
        {
            return true;
        }

        try
        {
            File.Move(temp, target, overwrite: false);
            return true;
        }
        catch (IOException) when (Contains(digest))
        {
            // Another run stored the same content first: identical bytes, nothing to do.
            return false;
        }
    }

    private string TempPath() => Path.Combine(_root, "tmp", $"{Environment.ProcessId}.{Guid.NewGuid():N}");

    /// <summary>A new staging file; the staging folder is made only when it is missing (the first object of a store), not per object.</summary>
    private static FileStream CreateTemp(string path)
    {
        try
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        }
        catch (IOException e) when (OpenFailure.FolderWasMissing(e))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        }
    }

    private void Discard(ContentDigest digest) => AtomicFile.TryDelete(ObjectPath(digest));

    /// <summary>Whatever is not a regular file in an object's place goes (a folder, a link, a FIFO), so the store mends itself.</summary>
    private static void RemoveDamaged(string path)
    {
        var shard = Path.GetDirectoryName(path)!;
        var damaged = FileKinds.Of(shard) is not (FileKind.Missing or FileKind.Directory) ? shard
            : FileKinds.Of(path) is not (FileKind.Missing or FileKind.RegularFile) ? path
            : null;
        if (damaged is not null)
        {
            try
            {
                FileKinds.Remove(damaged);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left as it is: every read still treats it as a miss.
            }
        }
    }

    private static void MakeReadOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }
}
