using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>The few object computations a run record needs, without git: a file's blob id and a loose commit's tree.</summary>
public static class GitObjects
{
    private const int MaxCommitHeaderBytes = 256;

    /// <summary>The id git gives <paramref name="content"/> as a blob: SHA-1 of "blob SIZE\0" and the bytes.</summary>
    public static byte[] BlobId(Stream content, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Encoding.ASCII.GetBytes($"blob {length}\0"));
        Span<byte> buffer = stackalloc byte[8192];
        int read;
        long total = 0;
        while ((read = content.Read(buffer)) > 0)
        {
            hash.AppendData(buffer[..read]);
            total += read;
        }

        // A file that grew or shrank while it was read has no single id: say so by an impossible one.
        return total == length ? hash.GetHashAndReset() : new byte[20];
    }

    /// <summary>The blob id of a symbolic link: its target's bytes.</summary>
    public static byte[] LinkBlobId(string target)
    {
        var bytes = Encoding.UTF8.GetBytes(target);
        using var stream = new MemoryStream(bytes);
        return BlobId(stream, bytes.Length);
    }

    /// <summary>The tree of commit <paramref name="commit"/> when it is a loose object; null when packed or unreadable.</summary>
    public static string? TreeOfLooseCommit(GitRepositoryLocation repository, string commit)
    {
        if (!GitHead.IsObjectId(commit) || commit.Length != 40)
        {
            return null;
        }

        var path = Path.Combine(repository.CommonDirectory, "objects", commit[..2], commit[2..]);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            using var inflated = new ZLibStream(file, CompressionMode.Decompress);
            Span<byte> header = stackalloc byte[MaxCommitHeaderBytes];
            var length = inflated.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            var text = Encoding.ASCII.GetString(header[..length]);

            // "commit SIZE\0tree HEX\n..."
            const string Start = "commit ";
            const string Tree = "tree ";
            var nul = text.IndexOf('\0', StringComparison.Ordinal);
            if (!text.StartsWith(Start, StringComparison.Ordinal) || nul < 0 || string.CompareOrdinal(text, nul + 1, Tree, 0, Tree.Length) != 0 || text.Length < nul + 1 + Tree.Length + 40)
            {
                return null;
            }

            var tree = text.Substring(nul + 1 + Tree.Length, 40);
            return GitHead.IsObjectId(tree) ? tree : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }
}
