using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// The content of a folder (or the files a glob matched) as sorted <c>digest  path</c> lines,
/// the format of <c>sha256sum</c>. Its own digest names the whole tree, and it is stored in the
/// content store so a later run can say which file of a folder changed.
/// </summary>
public sealed class TreeListing
{
    private string? _text;

    public TreeListing(IReadOnlyList<FileDigest> files)
    {
        Files = IsSorted(files) ? files : files.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        Digest = HashLines(Files);
    }

    /// <summary>The files, sorted by path (ordinal).</summary>
    public IReadOnlyList<FileDigest> Files { get; }

    /// <summary>The listing's text; built only when it is stored or shown (a no-op needs only the digest).</summary>
    public string Text => _text ??= Render(Files);

    public ContentDigest Digest { get; }

    public static TreeListing? TryParse(string text)
    {
        var files = new List<FileDigest>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length < ContentDigest.HexLength + 3 || !ContentDigest.TryParse(line[..ContentDigest.HexLength], out var digest))
            {
                return null;
            }

            files.Add(new FileDigest(line[(ContentDigest.HexLength + 2)..], digest));
        }

        return new TreeListing(files);
    }

    private static string Render(IReadOnlyList<FileDigest> files)
    {
        var builder = new StringBuilder(files.Count * 100);
        foreach (var file in files)
        {
            builder.Append(file.Digest.Hex).Append("  ").Append(file.Path).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>SHA-256 of the UTF-8 of <see cref="Render"/>'s text, line by line through one pooled buffer.</summary>
    private static ContentDigest HashLines(IReadOnlyList<FileDigest> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            Span<byte> digest = stackalloc byte[ContentDigest.ByteLength];
            var used = 0;
            foreach (var file in files)
            {
                var needed = ContentDigest.HexLength + 3 + Encoding.UTF8.GetMaxByteCount(file.Path.Length);
                if (buffer.Length - used < needed)
                {
                    hash.AppendData(buffer, 0, used);
                    used = 0;
                    if (buffer.Length < needed)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(needed);
                    }
                }

                file.Digest.CopyTo(digest);
                used += WriteHex(digest, buffer.AsSpan(used));
                buffer[used++] = (byte)' ';
                buffer[used++] = (byte)' ';
                used += Encoding.UTF8.GetBytes(file.Path, buffer.AsSpan(used));
                buffer[used++] = (byte)'\n';
            }

            hash.AppendData(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ContentDigest.FromHash(hash.GetHashAndReset());
    }

    /// <summary>
    /// Lower-case hex by table: the Native AOT build targets CPUs without SSSE3, where .NET's vectorised hex encoder
    /// falls back to an emulated shuffle that cost more than all the rest of a line (profile of the 100,000-file no-op).
    /// </summary>
    private static int WriteHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
        destination = destination[..(bytes.Length * 2)];
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = digits[bytes[i] >> 4];
            destination[(2 * i) + 1] = digits[bytes[i] & 0xF];
        }

        return bytes.Length * 2;
    }

    private static bool IsSorted(IReadOnlyList<FileDigest> files)
    {
        for (var i = 1; i < files.Count; i++)
        {
            if (string.CompareOrdinal(files[i - 1].Path, files[i].Path) > 0)
            {
                return false;
            }
        }

        return true;
    }
}
