using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Caching;

/// <summary>
/// The packs of an action cache (<c>ac/packs/*.pack</c>, <see cref="ActionPackFormat"/>): read whole into one index,
/// merged when there are many, and unpacked into entry files for <c>cache gc</c>. A pack is taken (merged or unpacked,
/// then removed) only when no process holds it open for writing and it is older than <see cref="SettleAge"/>; whatever
/// goes wrong on the way leaves a duplicate or loses an entry, which is a miss, never a wrong restore.
/// </summary>
public static class ActionPacks
{
    public const string FolderName = "packs";
    public const string Extension = ".pack";

    /// <summary>Past this many packs, a run that wrote one merges the finished ones into one (one read per pack per lookup run otherwise).</summary>
    public const int MergeAbove = 16;

    /// <summary>The longest pack read: a larger one is ignored (its steps run again).</summary>
    public const long MaxPackBytes = 256L << 20;

    /// <summary>A pack this young is never taken: its writer may have created it and not yet locked it.</summary>
    public static readonly TimeSpan SettleAge = TimeSpan.FromMinutes(1);

    public static string FolderOf(string actionFolder) => Path.Combine(actionFolder, FolderName);

    /// <summary>Every trusted record of every pack; a later record of a key replaces an earlier one (they stand for the same step).</summary>
    internal static Dictionary<ActionKey, PackedEntry> Load(string actionFolder, Action<string> warn)
    {
        var index = new Dictionary<ActionKey, PackedEntry>();
        foreach (var pack in PacksIn(actionFolder))
        {
            foreach (var entry in Read(pack, warn))
            {
                index[entry.Key] = entry;
            }
        }

        return index;
    }

    /// <summary>Merges the finished packs into one when there are more than <see cref="MergeAbove"/>. Returns how many packs were merged.</summary>
    public static int MergeIfMany(string actionFolder, DateTime nowUtc)
    {
        var packs = PacksIn(actionFolder);
        if (packs.Count <= MergeAbove)
        {
            return 0;
        }

        var taken = TakeFinished(packs, nowUtc);
        try
        {
            if (taken.Count < 2)
            {
                return 0;
            }

            var merged = new Dictionary<ActionKey, PackedEntry>();
            foreach (var pack in taken)
            {
                foreach (var entry in Read(pack.Path, _ => { }))
                {
                    merged[entry.Key] = entry;
                }
            }

            var target = Path.Combine(FolderOf(actionFolder), $"{Environment.ProcessId}.{Guid.NewGuid():N}{Extension}");
            AtomicFile.Write(target, stream =>
            {
                stream.Write(ActionPackFormat.Header);
                foreach (var entry in merged.Values)
                {
                    stream.Write(ActionPackFormat.Record(entry.Key, entry.Json));
                }
            });

            // The merged pack is as recently used as the newest it holds (cache gc ages entries by their pack).
            File.SetLastWriteTimeUtc(target, taken.Max(t => t.LastWriteUtc));
            foreach (var pack in taken)
            {
                pack.Remove();
            }

            return taken.Count;
        }
        finally
        {
            Release(taken);
        }
    }

    /// <summary>
    /// For <c>cache gc</c>: writes each entry of every finished pack as an entry file (unless one is there), dated as its
    /// pack, and removes the pack, so entries can be collected one by one. Returns the packs unpacked.
    /// </summary>
    public static int Unpack(string actionFolder, DateTime nowUtc)
    {
        var taken = TakeFinished(PacksIn(actionFolder), nowUtc);
        try
        {
            var actions = new ActionCache(actionFolder, _ => { });
            foreach (var pack in taken)
            {
                foreach (var entry in Read(pack.Path, _ => { }))
                {
                    var target = actions.EntryPath(entry.Key);
                    if (entry.TryParse() is not { } parsed || FileKinds.Of(target) != FileKind.Missing)
                    {
                        continue;
                    }

                    actions.Put(parsed);
                    File.SetLastWriteTimeUtc(target, pack.LastWriteUtc);
                }

                pack.Remove();
            }

            return taken.Count;
        }
        finally
        {
            Release(taken);
        }
    }

    /// <summary>The entries of the packs as they are (for <c>cache gc --dry-run</c> and for what gc leaves packed), each with its pack's date.</summary>
    internal static IEnumerable<(PackedEntry Entry, DateTime LastWriteUtc)> Entries(string actionFolder)
    {
        foreach (var pack in PacksIn(actionFolder))
        {
            var lastWrite = File.GetLastWriteTimeUtc(pack);
            foreach (var entry in Read(pack, _ => { }))
            {
                yield return (entry, lastWrite);
            }
        }
    }

    /// <summary>The regular files named <c>*.pack</c> directly in the packs folder (a link in the folder's place, or in a pack's, is not read).</summary>
    private static List<string> PacksIn(string actionFolder)
    {
        var folder = FolderOf(actionFolder);
        if (FileKinds.Of(folder) != FileKind.Directory)
        {
            return [];
        }

        try
        {
            return [.. Directory.EnumerateFiles(folder, "*" + Extension).Where(p => FileKinds.Of(p) == FileKind.RegularFile).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static List<PackedEntry> Read(string path, Action<string> warn)
    {
        byte[]? bytes;
        try
        {
            bytes = RegularFile.TryReadAllBytes(path, MaxPackBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bytes = null;
        }

        if (bytes is null)
        {
            warn($"warning {CacheCodes.DamagedEntry}: ignoring cache pack {path}: it cannot be read, is not a regular file or is larger than {MaxPackBytes >> 20} MiB; the steps it recorded will run instead");
            return [];
        }

        var (records, untrusted) = ActionPackFormat.Read(bytes, ActionCache.MaxEntryBytes);
        if (untrusted > 0)
        {
            warn($"warning {CacheCodes.DamagedEntry}: ignoring the last {untrusted} bytes of cache pack {path} (cut short or damaged); the steps they recorded will run instead");
        }

        return [.. records.Select(r => new PackedEntry(r.Key, path, bytes, r.Offset, r.Length))];
    }

    /// <summary>
    /// The packs no process writes (an exclusive lock is granted, kept until the pack is removed) and that are older
    /// than <see cref="SettleAge"/>.
    /// </summary>
    private static List<TakenPack> TakeFinished(List<string> packs, DateTime nowUtc)
    {
        var taken = new List<TakenPack>();
        foreach (var path in packs)
        {
            try
            {
                var lastWrite = File.GetLastWriteTimeUtc(path);
                if (nowUtc - lastWrite >= SettleAge)
                {
                    taken.Add(new TakenPack(path, lastWrite, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 0)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Being written (or gone): left as it is.
            }
        }

        return taken;
    }

    private static void Release(List<TakenPack> taken)
    {
        foreach (var pack in taken)
        {
            pack.Lock.Dispose();
        }
    }

    /// <summary>A pack taken for merging or unpacking; its lock is let go before it is removed (Windows removes no open file).</summary>
    private sealed record TakenPack(string Path, DateTime LastWriteUtc, FileStream Lock)
    {
        public void Remove()
        {
            Lock.Dispose();
            AtomicFile.TryDelete(Path);
        }
    }
}

/// <summary>One trusted record of a pack: its key and its JSON, still to be parsed and bound to the key.</summary>
internal sealed record PackedEntry(ActionKey Key, string PackPath, byte[] Pack, int Offset, int Length)
{
    public ReadOnlySpan<byte> Json => Pack.AsSpan(Offset, Length);

    public ActionEntry? TryParse()
    {
        try
        {
            return ActionEntryJson.Parse(Json, Key).Entry;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
