using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// Which index file a repository has, without reading it: its stat (inode, size, mtime, ctime: git writes a new index
/// by renaming a new file over it) and the hash over its content that ends it, both read through one open handle.
/// </summary>
public sealed record GitIndexIdentity(FileStat Stat, byte[] Checksum)
{
    internal const int ChecksumLength = 20;

    /// <summary>The identity of the index at <paramref name="path"/>; null when missing, unreadable, off Linux, or without its hash (<c>index.skipHash</c>).</summary>
    public static GitIndexIdentity? Read(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (!LinuxStat.TryReadHandle((int)handle.DangerousGetHandle(), out var size, out var modified, out var changed, out var inode) || size < ChecksumLength)
            {
                return null;
            }

            var checksum = new byte[ChecksumLength];
            return RandomAccess.Read(handle, checksum, size - ChecksumLength) == ChecksumLength && IsContentHash(checksum)
                ? new GitIndexIdentity(new FileStat(size, modified, changed, inode), checksum)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A SHA-1 the index ends with; all zeros is git's "not computed" (<c>index.skipHash</c>), which proves nothing.</summary>
    public static bool IsContentHash(ReadOnlySpan<byte> checksum) => checksum.Length == ChecksumLength && checksum.ContainsAnyExcept((byte)0);

    public bool Equals(GitIndexIdentity? other) => other is not null && Stat == other.Stat && Checksum.AsSpan().SequenceEqual(other.Checksum);

    public override int GetHashCode() => Stat.GetHashCode();
}
