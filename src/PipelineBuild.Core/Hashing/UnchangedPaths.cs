using PipelineBuild.Core.Workspace.Watching;

namespace PipelineBuild.Core.Hashing;

/// <summary>
/// What a change journal vouched for since the stat cache was saved: every path under <c>roots</c> except those under
/// a changed path. A folder's listing also needs no changed entry of its own. Used only while a plan is made
/// (<see cref="StatCache.TrustUnchanged"/>): nothing the run writes afterwards is in the journal's answer.
/// </summary>
internal sealed class UnchangedPaths
{
    private readonly string[] _roots;
    private readonly HashSet<string> _changed;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _changedBySpan;
    private readonly HashSet<string> _changedParents;

    public UnchangedPaths(IEnumerable<string> roots, IEnumerable<string> changed)
    {
        _roots = [.. roots];
        _changed = new HashSet<string>(changed, StringComparer.Ordinal);
        _changedBySpan = _changed.GetAlternateLookup<ReadOnlySpan<char>>();
        _changedParents = new HashSet<string>(_changed.Select(p => p.LastIndexOf('/') is var slash and >= 0 ? p[..slash] : string.Empty), StringComparer.Ordinal);
    }

    /// <summary>Whether a file's content and stat are as the stat cache holds them (if it holds the file).</summary>
    public bool IsFileUnchanged(ReadOnlySpan<char> path) => IsUnderRoot(path) && !IsUnderChange(path);

    /// <summary>Whether a folder's entries are as its remembered listing holds them.</summary>
    public bool IsListingUnchanged(string folder) => IsUnderRoot(folder) && !IsUnderChange(folder) && !_changedParents.Contains(folder);

    private bool IsUnderRoot(ReadOnlySpan<char> path)
    {
        foreach (var root in _roots)
        {
            if (root.Length == 0 || (path.StartsWith(root, StringComparison.Ordinal) && (path.Length == root.Length || path[root.Length] == '/')))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The path itself or a folder above it changed.</summary>
    private bool IsUnderChange(ReadOnlySpan<char> path)
    {
        if (_changed.Count == 0)
        {
            return false;
        }

        if (_changedBySpan.Contains(path))
        {
            return true;
        }

        for (var slash = path.IndexOf('/'); slash >= 0; slash = path[(slash + 1)..].IndexOf('/') is var next and >= 0 ? slash + 1 + next : -1)
        {
            if (_changedBySpan.Contains(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Only for the roots' names: whether a folder input can be a root the journal watches.</summary>
    internal static bool CanBeRoot(string path) => path.Length > 0 && ChangeJournal.IsRootPath(path) && !path.Contains('\n', StringComparison.Ordinal);
}
