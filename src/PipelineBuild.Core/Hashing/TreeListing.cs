using System.Buffers;
using System.Runtime.InteropServices;
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
    /// <summary>A line's bytes besides its path: the digest's hex, two spaces, the line break.</summary>
    private const int LineOverhead = ContentDigest.HexLength + 3;

    private string? _text;

    public TreeListing(IReadOnlyList<FileDigest> files)
    {
        Files = IsSorted(files) ? files : files.OrderBy(f => f.Path, StringComparer.Ordinal).ToArray();
        (Digest, IsUnambiguous) = HashLines(Files);
    }

    /// <summary>The files, sorted by path (ordinal).</summary>
    public IReadOnlyList<FileDigest> Files { get; }

    /// <summary>The listing's text; built only when it is shown (a no-op needs only the digest, the store <see cref="ToUtf8"/>).</summary>
    public string Text => _text ??= Render(Files);

    public ContentDigest Digest { get; }

    /// <summary>
    /// No path holds a line break, so the text, and <see cref="Digest"/>, stand for exactly one list of paths and digests
    /// (a file named <c>a\n&lt;digest&gt;  b</c> could otherwise pass for two files).
    /// </summary>
    public bool IsUnambiguous { get; }

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

    /// <summary>
    /// The first path where this listing differs from an earlier one's text: the first of its files (in order) that the
    /// earlier one lacks or has with another digest, else the first file the earlier one had and this one has not; null
    /// when they list the same, or when the text, as far as it was read, is not a listing (a line not <c>digest␠␠path</c>,
    /// paths out of order). One pass over both up to the difference, without a string or an object per line (a listing
    /// of 10⁵ files is megabytes). The text comes from the content store, verified against its digest.
    /// </summary>
    public string? FirstChangeFrom(ReadOnlySpan<byte> earlierText)
    {
        var files = AsSpan(Files);
        var next = 0;
        string? firstRemoved = null;
        var previous = new char[256];
        var previousLength = -1;
        var current = new char[256];
        foreach (var line in earlierText.Split((byte)'\n'))
        {
            var text = earlierText[line];
            if (text.IsEmpty)
            {
                continue;
            }

            if (text.Length < ContentDigest.HexLength + 3 || !text.Slice(ContentDigest.HexLength, 2).SequenceEqual("  "u8)
                || !ContentDigest.TryParseUtf8(text[..ContentDigest.HexLength], out var digest))
            {
                return null;
            }

            var pathBytes = text[(ContentDigest.HexLength + 2)..];
            if (current.Length < Encoding.UTF8.GetMaxCharCount(pathBytes.Length))
            {
                current = new char[Encoding.UTF8.GetMaxCharCount(pathBytes.Length)];
            }

            var path = current.AsSpan(0, Encoding.UTF8.GetChars(pathBytes, current));
            if (previousLength >= 0 && previous.AsSpan(0, previousLength).SequenceCompareTo(path) >= 0)
            {
                return null; // not a listing this tool wrote: its paths are strictly in order
            }

            // This listing's files before the earlier path are not in the earlier listing.
            if (next < files.Length && files[next].Path.AsSpan().SequenceCompareTo(path) < 0)
            {
                return files[next].Path;
            }

            if (next < files.Length && files[next].Path.AsSpan().SequenceEqual(path))
            {
                if (files[next].Digest != digest)
                {
                    return files[next].Path;
                }

                next++;
            }
            else
            {
                firstRemoved ??= path.ToString();
            }

            (previous, current) = (current, previous);
            previousLength = path.Length;
        }

        return next < files.Length ? files[next].Path : firstRemoved;
    }

    /// <summary>
    /// The listing's text as UTF-8: exactly the bytes <see cref="Digest"/> is the SHA-256 of (both are written by
    /// <see cref="WriteLine"/>), so it can be stored under that digest without hashing it again.
    /// </summary>
    public byte[] ToUtf8()
    {
        var files = AsSpan(Files);
        var length = 0L;
        foreach (var file in files)
        {
            length += LineOverhead + Encoding.UTF8.GetByteCount(file.Path);
        }

        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
        var used = 0;
        foreach (var file in files)
        {
            used += WriteLine(file, bytes.AsSpan(used));
        }

        return bytes;
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

    /// <summary>One <c>digest␠␠path\n</c> line as UTF-8; the bytes written (<see cref="LineOverhead"/> and the path's).</summary>
    private static int WriteLine(in FileDigest file, Span<byte> destination)
    {
        file.Digest.WriteHexUtf8(destination);
        destination[ContentDigest.HexLength] = (byte)' ';
        destination[ContentDigest.HexLength + 1] = (byte)' ';
        var pathBytes = Encoding.UTF8.GetBytes(file.Path, destination[(ContentDigest.HexLength + 2)..]);
        destination[ContentDigest.HexLength + 2 + pathBytes] = (byte)'\n';
        return LineOverhead + pathBytes;
    }

    /// <summary>SHA-256 of the UTF-8 of <see cref="Render"/>'s text, line by line through one pooled buffer.</summary>
    private static (ContentDigest Digest, bool Unambiguous) HashLines(IReadOnlyList<FileDigest> files)
    {
        var unambiguous = true;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var used = 0;
            // Through a span: the interface enumerator of a list of 100,000 files cost as much as the hashing's loop itself.
            foreach (var file in AsSpan(files))
            {
                var needed = LineOverhead + Encoding.UTF8.GetMaxByteCount(file.Path.Length);
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

                var written = WriteLine(file, buffer.AsSpan(used));
                unambiguous &= !buffer.AsSpan(used + ContentDigest.HexLength + 2, written - LineOverhead).Contains((byte)'\n');
                used += written;
            }

            hash.AppendData(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (ContentDigest.FromHash(hash.GetHashAndReset()), unambiguous);
    }

    private static ReadOnlySpan<FileDigest> AsSpan(IReadOnlyList<FileDigest> files) => files switch
    {
        FileDigest[] array => array,
        List<FileDigest> list => CollectionsMarshal.AsSpan(list),
        _ => files.ToArray(),
    };

    private static bool IsSorted(IReadOnlyList<FileDigest> files)
    {
        var span = AsSpan(files);
        for (var i = 1; i < span.Length; i++)
        {
            if (string.CompareOrdinal(span[i - 1].Path, span[i].Path) > 0)
            {
                return false;
            }
        }

        return true;
    }
}
