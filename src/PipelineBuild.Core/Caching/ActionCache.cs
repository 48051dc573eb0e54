using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// Action entries under <c>.pipeline/cache/ac/</c>: fingerprint → outputs. An entry is written only
/// after all its outputs are in the content store, atomically; a damaged entry is a miss with a warning.
/// An entry is bound to what was asked: it must record the very key it is read for and name exactly the
/// outputs the step declares, each a confined relative path; anything else is a miss, never a restore.
/// An entry that is not a regular file (a folder, a symlink, a FIFO) is a miss and is removed.
/// </summary>
public sealed class ActionCache
{
    public const long MaxEntryBytes = 64L << 20;

    /// <summary>A hit re-marks its entry as used (its modification time) at most this often, for <c>cache gc</c>.</summary>
    private static readonly TimeSpan UseMarkInterval = TimeSpan.FromHours(1);
    private readonly string _root;
    private readonly Action<string> _warn;

    public ActionCache(string root, Action<string> warn)
    {
        _root = root;
        _warn = warn;
    }

    public string EntryPath(ActionKey key) => Path.Combine(_root, key.Hex[..2], key.Hex + ".json");

    /// <param name="key">The action key asked for.</param>
    /// <param name="declaredOutputKeys">The output keys the step declares (folders end with <c>/</c>); null skips that check.</param>
    public ActionEntry? TryGet(ActionKey key, IReadOnlyCollection<string>? declaredOutputKeys = null)
    {
        var path = EntryPath(key);
        switch (FileKinds.Of(path))
        {
            case FileKind.Missing:
                return null;
            case FileKind.RegularFile:
                break;
            default:
                _warn($"warning {CacheCodes.DamagedEntry}: ignoring cache entry {path}: it is not a regular file; it is removed and the step will run instead");
                TryRemove(path);
                return null;
        }

        try
        {
            var bytes = RegularFile.TryReadAllBytes(path, MaxEntryBytes) ?? throw new FormatException("it is not a regular file or is too large");
            var entry = ActionEntryJson.Parse(bytes, key).Entry;
            if (declaredOutputKeys is not null && !SameKeys(entry.Outputs, declaredOutputKeys))
            {
                throw new FormatException("its outputs are not the ones the step declares");
            }

            MarkUsed(path);
            return entry;
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            _warn(PipelineDiagnostic.Warning(CacheCodes.DamagedEntry, SourceLocation.Nowhere, $"ignoring damaged cache entry {path} ({e.Message})", "the step will run instead").ToString());
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
        var path = EntryPath(entry.Key);
        try
        {
            ShardFolders.Ensure(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not a folder and not removable: the write below fails and says why.
        }

        if (FileKinds.Of(path) is not (FileKind.Missing or FileKind.RegularFile))
        {
            TryRemove(path);
        }

        AtomicFile.Write(path, stream => ActionEntryJson.Write(entry, stream));
    }

    private static void MarkUsed(string path)
    {
        try
        {
            var now = DateTime.UtcNow;
            if (now - File.GetLastWriteTimeUtc(path) > UseMarkInterval)
            {
                File.SetLastWriteTimeUtc(path, now);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only cache gc's view of its age: the entry itself is fine.
        }
    }

    private static bool SameKeys(IReadOnlyList<OutputRecord> outputs, IReadOnlyCollection<string> declared) =>
        outputs.Count == declared.Count && outputs.Select(o => o.Key).ToHashSet(StringComparer.Ordinal).SetEquals(declared);

    private static void TryRemove(string path)
    {
        try
        {
            FileKinds.Remove(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still a miss on every read; the next Put tries again.
        }
    }
}
