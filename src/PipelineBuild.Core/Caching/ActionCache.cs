using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// Action entries under <c>.pipeline/cache/ac/</c>: fingerprint → outputs. An entry is written only
/// after all its outputs are in the content store, atomically; a damaged entry is a miss with a warning.
/// </summary>
public sealed class ActionCache
{
    private readonly string _root;
    private readonly Action<string> _warn;

    public ActionCache(string root, Action<string> warn)
    {
        _root = root;
        _warn = warn;
    }

    public string EntryPath(ActionKey key) => Path.Combine(_root, key.Hex[..2], key.Hex + ".json");

    public ActionEntry? TryGet(ActionKey key)
    {
        var path = EntryPath(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return ActionEntryJson.Parse(File.ReadAllBytes(path), key).Entry;
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            _warn($"warning PB4001: ignoring damaged cache entry {path} ({e.Message}); the step will run instead");
            return null;
        }
    }

    /// <summary>The keys of every entry in the cache (for <c>cache push --all</c>).</summary>
    public IEnumerable<ActionKey> Keys() =>
        Directory.Exists(_root)
            ? Directory.EnumerateFiles(_root, "*.json", SearchOption.AllDirectories)
                .Select(p => ContentDigest.TryParse(Path.GetFileNameWithoutExtension(p), out var digest) ? new ActionKey(digest) : (ActionKey?)null)
                .OfType<ActionKey>()
            : [];

    public void Put(ActionEntry entry)
    {
        AtomicFile.Write(EntryPath(entry.Key), stream => ActionEntryJson.Write(entry, stream));
    }
}
