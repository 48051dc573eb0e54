using System.Buffers.Binary;
using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// The last answer of the run record's dirty check (<see cref="GitInputsCheck"/>), so that a run whose git state and
/// inputs did not change gives it without reading the index. It is taken only under the same key — HEAD's commit,
/// the index file (inode, size, mtime and ctime, and its own hash over its content), the scope, and the stat cache file
/// the run's stats came from — when this run saw (at least) every stat cache entry the run that computed it saw, and
/// the few in-scope files that run stat'ed afresh still have the stat that proved them unchanged (or, for a difference
/// git confirmed, the differing files and the <c>.gitattributes</c> over them still have the stat they had, and git's
/// settings files theirs). Written only for an answer that rests on nothing else (<see cref="GitInputsAnswer.ProvenByStat"/>).
/// The file is read as hostile: one that is malformed, damaged or written for another key is ignored.
/// </summary>
/// <remarks>
/// Layout: "PGDM" 2, the index's stat (size, mtime, ctime, inode) and hash, the key (SHA-256), the answer (0/1), whether
/// it rests on git's settings (0/1) and their identity (SHA-256, zeros if not), the count of stat proofs, each as its
/// path's length, path (UTF-8), whether it exists (0/1) and stat (size, mtime, ctime, inode; zeros if not), the length
/// and bits of the entries seen, then a SHA-256 of all before it.
/// </remarks>
public sealed class GitDirtyMemo
{
    private const int ChecksumLength = 32;
    private const int MaxProofs = 1024;
    private const long MaxBytes = 16L << 20;
    private static ReadOnlySpan<byte> Magic => "PGDM\u0002"u8;

    private readonly string _path;
    private readonly StatCacheSeen? _seen;

    /// <param name="path">The memo file (<see cref="WorkspaceLayout.GitDirtyMemoFile"/>).</param>
    /// <param name="seen">What this run saw of its stat cache; null: nothing is remembered or recalled.</param>
    public GitDirtyMemo(string path, StatCacheSeen? seen)
    {
        _path = path;
        _seen = seen;
    }

    /// <summary>
    /// Whether the memo was written for the index <paramref name="repository"/> has now: then it is likely taken, and
    /// reading the index early (<see cref="GitIndexPreload"/>) would likely be wasted.
    /// </summary>
    public bool RemembersIndexOf(GitRepositoryLocation repository) =>
        GitIndexIdentity.Read(IndexPath(repository)) is { } index && Load() is { } memo && memo.Index == index;

    /// <summary>The key for this run's check, or null when there is none to trust (no stat cache left unchanged, no readable index, an index without its hash).</summary>
    public GitDirtyKey? KeyOf(GitRepositoryLocation repository, GitHead head, GitPathScope scope) =>
        _seen is { } seen && GitIndexIdentity.Read(IndexPath(repository)) is { } index
            ? new GitDirtyKey(repository, Digest(repository, head, scope, index, seen.File), index)
            : null;

    /// <summary>The remembered answer under <paramref name="key"/>, if this run may take it; null otherwise.</summary>
    public bool? Recall(GitDirtyKey key)
    {
        if (_seen is not { } seen || Load() is not { } memo || !memo.Key.AsSpan().SequenceEqual(key.Digest) || !seen.SawAll(memo.SeenEntries))
        {
            return null;
        }

        foreach (var proof in memo.Proofs)
        {
            if (FileStat.Read(Path.Combine(key.Repository.WorkTree, proof.Path)) != proof.Stat)
            {
                return null;
            }
        }

        if (memo.ConversionSettings is { } settings && !settings.AsSpan().SequenceEqual(GitConversionSettings.Identify(key.Repository)))
        {
            return null;
        }

        return memo.Dirty;
    }

    /// <summary>
    /// Remembers <paramref name="answer"/> under <paramref name="key"/> (taken before the check) when it rests on nothing
    /// but what the key and the seen entries hold, and was computed from the index the key names, still in place; a
    /// failed write is no error.
    /// </summary>
    public void Remember(GitDirtyKey key, GitInputsAnswer answer)
    {
        if (_seen is not { } seen || answer is not { Dirty: { } dirty, ProvenByStat: { Count: <= MaxProofs } proofs }
            || !answer.IndexChecksum.AsSpan().SequenceEqual(key.Index.Checksum) || GitIndexIdentity.Read(IndexPath(key.Repository)) != key.Index)
        {
            return;
        }

        using var buffer = new MemoryStream();
        buffer.Write(Magic);
        WriteStat(buffer, key.Index.Stat);
        buffer.Write(key.Index.Checksum);
        buffer.Write(key.Digest);
        buffer.WriteByte(dirty ? (byte)1 : (byte)0);
        buffer.WriteByte(answer.ConversionSettings is null ? (byte)0 : (byte)1);
        buffer.Write(answer.ConversionSettings ?? new byte[ChecksumLength]);
        WriteInt32(buffer, proofs.Count);
        foreach (var proof in proofs)
        {
            var path = Encoding.UTF8.GetBytes(proof.Path);
            WriteInt32(buffer, path.Length);
            buffer.Write(path);
            buffer.WriteByte(proof.Stat is null ? (byte)0 : (byte)1);
            WriteStat(buffer, proof.Stat ?? default);
        }

        WriteInt32(buffer, seen.SeenEntries.Length);
        buffer.Write(seen.SeenEntries);
        var content = buffer.ToArray();
        try
        {
            AtomicFile.Write(_path, stream =>
            {
                stream.Write(content);
                stream.Write(SmallSha256.HashData(content));
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next run computes the answer again.
        }
    }

    private static string IndexPath(GitRepositoryLocation repository) => Path.Combine(repository.GitDirectory, "index");

    /// <summary>The key: the repository, HEAD's commit, the index's identity and hash, the scope and the stat cache file, hashed together.</summary>
    private static byte[] Digest(GitRepositoryLocation repository, GitHead head, GitPathScope scope, GitIndexIdentity index, FileStat statCache)
    {
        using var key = new MemoryStream();
        void Text(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            WriteInt32(key, bytes.Length);
            key.Write(bytes);
        }

        Text(repository.WorkTree);
        Text(repository.GitDirectory);
        Text(head.Commit);
        WriteStat(key, index.Stat);
        key.Write(index.Checksum);
        WriteInt32(key, scope.Files.Count);
        foreach (var file in scope.Files)
        {
            Text(file);
        }

        WriteInt32(key, scope.Folders.Count);
        foreach (var folder in scope.Folders)
        {
            Text(folder);
        }

        WriteStat(key, statCache);
        return SmallSha256.HashData(key.ToArray());
    }

    private Memo? Load()
    {
        try
        {
            if (RegularFile.TryReadAllBytes(_path, MaxBytes) is not { Length: > ChecksumLength } data)
            {
                return null;
            }

            var content = data.AsSpan(0, data.Length - ChecksumLength);
            if (!SmallSha256.HashData(content).AsSpan().SequenceEqual(data.AsSpan(content.Length)) || !content.StartsWith(Magic))
            {
                return null;
            }

            var reader = new Reader(content[Magic.Length..]);
            var index = new GitIndexIdentity(reader.Stat(), reader.Bytes(GitIndexIdentity.ChecksumLength).ToArray());
            var key = reader.Bytes(ChecksumLength).ToArray();
            var dirty = reader.Flag();
            var hasSettings = reader.Flag();
            var settings = reader.Bytes(ChecksumLength).ToArray();
            var count = reader.Int32();
            if (count is < 0 or > MaxProofs)
            {
                return null;
            }

            var proofs = new GitStatProof[count];
            for (var i = 0; i < count; i++)
            {
                var path = Encoding.UTF8.GetString(reader.Bytes(reader.Int32()));
                if (!IsRepositoryPath(path))
                {
                    return null;
                }

                var exists = reader.Flag();
                var stat = reader.Stat();
                proofs[i] = new GitStatProof(path, exists ? stat : null);
            }

            var seen = reader.Bytes(reader.Int32()).ToArray();
            // Only a difference git confirmed rests on its settings.
            return reader.AtEnd && (!hasSettings || dirty) ? new Memo(index, key, dirty, hasSettings ? settings : null, proofs, seen) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException or FormatException or DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A relative, <c>/</c>-separated path that stays in the work tree, as the index holds them.</summary>
    private static bool IsRepositoryPath(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\0', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment is not ("" or "." or ".."));

    private static void WriteInt32(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteStat(Stream stream, FileStat stat)
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, stat.Size);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], stat.ModifiedNanoseconds);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], stat.ChangedNanoseconds);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], stat.Inode);
        stream.Write(bytes);
    }

    private sealed record Memo(GitIndexIdentity Index, byte[] Key, bool Dirty, byte[]? ConversionSettings, GitStatProof[] Proofs, byte[] SeenEntries);

    /// <summary>Reads a memo's fields in order; past the end throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public readonly bool AtEnd => _rest.IsEmpty;

        public ReadOnlySpan<byte> Bytes(int length)
        {
            var bytes = _rest[..length];
            _rest = _rest[length..];
            return bytes;
        }

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(4));

        public bool Flag() => Bytes(1)[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new FormatException("not a flag"),
        };

        public FileStat Stat()
        {
            var bytes = Bytes(32);
            return new FileStat(
                BinaryPrimitives.ReadInt64LittleEndian(bytes),
                BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
        }
    }
}

/// <summary>What a dirty answer is remembered under (<see cref="GitDirtyMemo.KeyOf"/>), and the index it names.</summary>
public sealed record GitDirtyKey(GitRepositoryLocation Repository, byte[] Digest, GitIndexIdentity Index);
