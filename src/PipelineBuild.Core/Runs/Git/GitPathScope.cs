using System.Text;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>Repository paths a check covers: files by name, folders by prefix (with a trailing <c>/</c>); "." is everything.</summary>
public sealed class GitPathScope
{
    private readonly byte[][] _files;
    private readonly byte[][] _folders;
    private readonly bool _everything;

    public GitPathScope(IEnumerable<string> files, IEnumerable<string> folders)
    {
        Files = files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Folders = folders.Select(f => f.TrimEnd('/')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _everything = Folders.Any(f => f.Length == 0 || f == ".");
        _files = Files.Select(Encoding.UTF8.GetBytes).ToArray();
        Array.Sort(_files, (a, b) => a.AsSpan().SequenceCompareTo(b));
        _folders = Folders.Select(f => Encoding.UTF8.GetBytes(f + "/")).ToArray();
    }

    public IReadOnlyList<string> Files { get; }

    /// <summary>Folders, without a trailing <c>/</c>.</summary>
    public IReadOnlyList<string> Folders { get; }

    public bool IsEmpty => Files.Count == 0 && Folders.Count == 0;

    public bool Contains(ReadOnlySpan<byte> path)
    {
        if (_everything)
        {
            return true;
        }

        foreach (var folder in _folders)
        {
            if (path.StartsWith(folder))
            {
                return true;
            }
        }

        var low = 0;
        var high = _files.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = path.SequenceCompareTo(_files[middle]);
            if (order == 0)
            {
                return true;
            }

            if (order < 0)
            {
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        return false;
    }

    /// <summary>Literal pathspecs for git's command line (no glob magic).</summary>
    public IEnumerable<string> ToPathspecs() =>
        _everything ? [":(literal)."] : Files.Select(f => ":(literal)" + f).Concat(Folders.Select(f => ":(literal)" + f + "/"));
}
