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
/// A run's cache appends its entries to a pack of its own instead (<see cref="ActionPacks"/>): one new file a run
/// rather than one a step. Lookups read entry files first, then the packs; both are held to the same checks.
/// </summary>
public sealed class ActionCache : IDisposable
{
    public const long MaxEntryBytes = 64L << 20;

    /// <summary>A hit re-marks its entry as used (its modification time) at most this often, for <c>cache gc</c>.</summary>
    private static readonly TimeSpan UseMarkInterval = TimeSpan.FromHours(1);
    private readonly string _root;
    private readonly Action<string> _warn;
    private readonly ActionPackWriter? _pack;
    private readonly Lazy<Dictionary<ActionKey, PackedEntry>> _packed;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ActionKey, ActionEntry> _written = new();

    /// <summary>Packs already marked as used by this cache: one mark a pack, not one a hit.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _markedPacks = new(StringComparer.Ordinal);

    /// <param name="root">The action cache folder.</param>
    /// <param name="warn">Where damaged entries are reported.</param>
    /// <param name="packEntries">Entries written go to this process's pack (a run); false writes a file per entry (one-off writers).</param>
    public ActionCache(string root, Action<string> warn, bool packEntries = false)
    {
        _root = root;
        _warn = warn;
        _pack = packEntries ? new ActionPackWriter(ActionPacks.FolderOf(root)) : null;
        _packed = new(() => ActionPacks.Load(root, warn));
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
                return TryGetPacked(key, declaredOutputKeys);
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

    /// <summary>The keys of every entry in the cache, in files and packs (for <c>cache push --all</c>).</summary>
    public IEnumerable<ActionKey> Keys() =>
        (Directory.Exists(_root)
            ? Directory.EnumerateFiles(_root, "*.json", SearchOption.AllDirectories)
                .Select(p => ContentDigest.TryParse(Path.GetFileNameWithoutExtension(p), out var digest) ? new ActionKey(digest) : (ActionKey?)null)
                .OfType<ActionKey>()
            : [])
        .Concat(Packed.Keys)
        .Concat(_written.Keys)
        .Distinct();

    public void Put(ActionEntry entry)
    {
        if (_pack is not null)
        {
            using var json = new MemoryStream();
            ActionEntryJson.Write(entry, json, indented: false);
            _pack.Append(entry.Key, json.GetBuffer().AsSpan(0, (int)json.Length));
            _written[entry.Key] = entry;
            return;
        }

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

    /// <summary>Closes this run's pack, then merges the finished packs when there are many.</summary>
    public void Dispose()
    {
        if (_pack is null)
        {
            return;
        }

        var wrote = _pack.Path is not null;
        _pack.Dispose();
        if (wrote)
        {
            try
            {
                ActionPacks.MergeIfMany(_root, DateTime.UtcNow);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left as they are: every pack is still read.
            }
        }
    }

    /// <summary>Every pack's trusted records, read at the first lookup that finds no entry file (read-only after that).</summary>
    private Dictionary<ActionKey, PackedEntry> Packed => _packed.Value;

    /// <summary>An entry this process wrote to its pack, or a trusted record of a pack, held to the same checks as an entry file.</summary>
    private ActionEntry? TryGetPacked(ActionKey key, IReadOnlyCollection<string>? declaredOutputKeys)
    {
        if (_written.TryGetValue(key, out var own))
        {
            return declaredOutputKeys is null || SameKeys(own.Outputs, declaredOutputKeys) ? own : null;
        }

        if (!Packed.TryGetValue(key, out var packed))
        {
            return null;
        }

        try
        {
            var entry = ActionEntryJson.Parse(packed.Json, key).Entry;
            if (declaredOutputKeys is not null && !SameKeys(entry.Outputs, declaredOutputKeys))
            {
                throw new FormatException("its outputs are not the ones the step declares");
            }

            if (_markedPacks.TryAdd(packed.PackPath, true))
            {
                MarkUsed(packed.PackPath);
            }

            return entry;
        }
        catch (FormatException e)
        {
            _warn(PipelineDiagnostic.Warning(CacheCodes.DamagedEntry, SourceLocation.Nowhere, $"ignoring damaged cache entry {key.Hex} in {packed.PackPath} ({e.Message})", "the step will run instead").ToString());
            return null;
        }
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
