using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Caching.Collection;

/// <summary>
/// What lock files still need from the cache: their steps' action entries and every object their
/// outputs and inputs name (paths as lock files key them: a folder's ends with <c>/</c>, and its tree
/// listing and the files it lists are needed).
/// </summary>
public sealed class CachePins
{
    private CachePins(HashSet<ActionKey> entries, HashSet<ContentDigest> objects)
    {
        Entries = entries;
        Objects = objects;
    }

    public IReadOnlySet<ActionKey> Entries { get; }

    public IReadOnlySet<ContentDigest> Objects { get; }

    /// <param name="entries">The action keys of the lock files' steps.</param>
    /// <param name="paths">Their outputs and inputs: path key and digest.</param>
    /// <param name="store">The content store, to read folder listings.</param>
    public static CachePins Of(IEnumerable<ActionKey> entries, IEnumerable<KeyValuePair<string, ContentDigest>> paths, ContentStore store)
    {
        var objects = new HashSet<ContentDigest>();
        foreach (var (key, digest) in paths)
        {
            objects.Add(digest);
            if (key.EndsWith('/'))
            {
                objects.UnionWith(ListedFiles(store, digest));
            }
        }

        return new CachePins(entries.ToHashSet(), objects);
    }

    /// <summary>The files a tree listing in the store names; none when it is missing or damaged.</summary>
    public static IEnumerable<ContentDigest> ListedFiles(ContentStore store, ContentDigest listing) =>
        store.TryReadText(listing) is { } text && TreeListing.TryParse(text) is { } parsed ? parsed.Files.Select(f => f.Digest) : [];
}
