using System.Text;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// The content of a folder (or the files a glob matched) as sorted <c>digest  path</c> lines,
/// the format of <c>sha256sum</c>. Its own digest names the whole tree, and it is stored in the
/// content store so a later run can say which file of a folder changed.
/// </summary>
public sealed class TreeListing
{
    public TreeListing(IReadOnlyList<FileDigest> files)
    {
        Files = files;
        Text = Render(files);
        Digest = ContentDigest.Of(Encoding.UTF8.GetBytes(Text));
    }

    public IReadOnlyList<FileDigest> Files { get; }

    public string Text { get; }

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
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            builder.Append(file.Digest.Hex).Append("  ").Append(file.Path).Append('\n');
        }

        return builder.ToString();
    }
}
