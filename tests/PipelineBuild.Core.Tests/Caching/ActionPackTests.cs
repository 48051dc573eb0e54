using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Collection;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

/// <summary>
/// A run's action entries go to one pack of its own: read back by later runs, a torn or damaged tail ignored (never
/// trusted), a hostile record a miss, packs merged only when no one writes them, and <c>cache gc</c> still ages entries.
/// </summary>
public sealed class ActionPackTests
{
    private static readonly ContentDigest Made = ContentDigest.Of("made\n"u8);

    [Fact]
    public void Should_store_a_runs_entries_in_one_pack_that_a_later_run_reads()
    {
        // Given a run that stored three entries
        using var ws = TestWorkspace.Create();
        var keys = Keys(3);
        using (var run = Packing(ws))
        {
            foreach (var key in keys)
            {
                run.Put(Entry(key));
            }

            Assert.Equal(Entry(keys[1]), run.TryGet(keys[1], ["out.txt"]), EntryComparer.Instance);
        }

        // Then one file holds them, and a later run finds each for the step that declares its outputs
        Assert.Single(Directory.GetFiles(ws.PathOf(".pipeline/cache/ac"), "*", SearchOption.AllDirectories));
        var warnings = new List<string>();
        var later = new ActionCache(ws.PathOf(".pipeline/cache/ac"), warnings.Add);
        foreach (var key in keys)
        {
            Assert.Null(later.TryGet(key, ["other.txt"]));
            Assert.Equal(Entry(key), later.TryGet(key, ["out.txt"]), EntryComparer.Instance);
        }

        Assert.Equal(3, warnings.Count(w => w.Contains("not the ones the step declares", StringComparison.Ordinal)));

        Assert.Equal(keys.Select(k => k.Hex).Order(), later.Keys().Select(k => k.Hex).Order());
    }

    [Fact]
    public void Should_write_no_pack_for_a_run_that_stores_nothing()
    {
        using var ws = TestWorkspace.Create();
        using (var run = Packing(ws))
        {
            Assert.Null(run.TryGet(Keys(1)[0]));
        }

        Assert.False(Directory.Exists(ws.PathOf(".pipeline/cache/ac")));
    }

    [Fact]
    public void Should_trust_only_whole_records_when_a_pack_is_cut_anywhere()
    {
        // Given a pack of three entries (a run killed with SIGKILL, or a power loss, leaves a prefix of it)
        using var ws = TestWorkspace.Create();
        var keys = Keys(3);
        var pack = WritePack(ws, keys);
        var whole = File.ReadAllBytes(pack);
        var ends = RecordEnds(whole);

        for (var cut = 0; cut <= whole.Length; cut++)
        {
            // When it is cut at every length
            File.WriteAllBytes(pack, whole[..cut]);
            var warnings = new List<string>();
            var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), warnings.Add);

            // Then every record whole before the cut is found as written, the rest are misses, and a cut record is reported
            for (var i = 0; i < keys.Length; i++)
            {
                var found = actions.TryGet(keys[i], ["out.txt"]);
                if (ends[i] <= cut)
                {
                    Assert.Equal(Entry(keys[i]), found, EntryComparer.Instance);
                }
                else
                {
                    Assert.Null(found);
                }
            }

            Assert.Equal(!ends.Prepend(ActionPackFormat.Header.Length).Contains(cut) && cut != 0, warnings.Count > 0);
        }
    }

    [Fact]
    public void Should_trust_nothing_after_a_damaged_record()
    {
        // Given a pack whose second record has one byte flipped
        using var ws = TestWorkspace.Create();
        var keys = Keys(3);
        var pack = WritePack(ws, keys);
        var bytes = File.ReadAllBytes(pack);
        var ends = RecordEnds(bytes);
        bytes[ends[0] + 40] ^= 0x20;
        File.WriteAllBytes(pack, bytes);

        // Then the first is found; the damaged one and the one after it are misses, with a warning
        var warnings = new List<string>();
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), warnings.Add);
        Assert.NotNull(actions.TryGet(keys[0], ["out.txt"]));
        Assert.Null(actions.TryGet(keys[1], ["out.txt"]));
        Assert.Null(actions.TryGet(keys[2], ["out.txt"]));
        Assert.Contains(warnings, w => w.Contains("PB4001", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    [InlineData(1 << 27)]
    public void Should_ignore_a_record_whose_length_is_hostile(int length)
    {
        using var ws = TestWorkspace.Create();
        var key = Keys(1)[0];
        var pack = WritePack(ws, [key]);
        using (var stream = new FileStream(pack, FileMode.Append))
        {
            stream.Write(BitConverter.GetBytes(length));
            stream.Write(new byte[100]);
        }

        var warnings = new List<string>();
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), warnings.Add);
        Assert.NotNull(actions.TryGet(key, ["out.txt"]));
        Assert.Single(warnings);
    }

    [Fact]
    public void Should_miss_a_well_formed_record_that_lies_about_its_key_or_outputs()
    {
        // Given a pack written by hand: a record filed under one key holding another key's entry, and one naming ../x
        using var ws = TestWorkspace.Create();
        var (liar, other, escaping) = (Keys(3)[0], Keys(3)[1], Keys(3)[2]);
        var folder = ws.PathOf(".pipeline/cache/ac/packs");
        Directory.CreateDirectory(folder);
        using (var pack = File.Create(Path.Combine(folder, "1.hostile.pack")))
        {
            pack.Write(ActionPackFormat.Header);
            pack.Write(ActionPackFormat.Record(liar, Json(Entry(other))));
            pack.Write(ActionPackFormat.Record(escaping, Json(new ActionEntry(escaping, [new OutputRecord("../x", false, Made)]))));
        }

        // Then both are misses with a warning, and nothing is restored
        var warnings = new List<string>();
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), warnings.Add);
        Assert.Null(actions.TryGet(liar, ["out.txt"]));
        Assert.Null(actions.TryGet(escaping));
        Assert.Equal(2, warnings.Count(w => w.Contains("PB4001", StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_not_read_a_pack_that_is_a_link_or_a_fifo_nor_write_through_a_linked_packs_folder()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Given a link to another workspace's pack, a FIFO named like a pack, and then the packs folder a link outside
        using var ws = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        var key = Keys(1)[0];
        var foreign = WritePack(outside, [key]);
        var folder = ws.PathOf(".pipeline/cache/ac/packs");
        Directory.CreateDirectory(folder);
        File.CreateSymbolicLink(Path.Combine(folder, "1.link.pack"), foreign);
        SpecialFiles.Fifo(Path.Combine(folder, "2.fifo.pack"));

        // Then neither is read (and the FIFO does not block)
        Assert.Null(SpecialFiles.WithoutHanging(() => new ActionCache(ws.PathOf(".pipeline/cache/ac"), _ => { }).TryGet(key, ["out.txt"])));

        // And a run whose packs folder is a link replaces it by a folder instead of writing through it
        Directory.Delete(folder, recursive: true);
        Directory.CreateSymbolicLink(folder, outside.PathOf("."));
        using (var run = Packing(ws))
        {
            run.Put(Entry(key));
        }

        Assert.Equal(FileKind.Directory, FileKinds.Of(folder));
        Assert.Empty(Directory.GetFiles(outside.PathOf("."), "*.pack"));
    }

    [Fact]
    public void Should_merge_many_finished_packs_into_one_and_keep_every_entry()
    {
        // Given more finished packs than the limit, each a minute old or more
        using var ws = TestWorkspace.Create();
        var keys = Keys(ActionPacks.MergeAbove + 2);
        foreach (var key in keys[..^1])
        {
            File.SetLastWriteTimeUtc(WritePack(ws, [key]), DateTime.UtcNow.AddHours(-2));
        }

        // When a run that stored an entry ends
        using (var run = Packing(ws))
        {
            run.Put(Entry(keys[^1]));
        }

        // Then the finished packs are one (the run's own, too young, is left), and every entry is still found
        Assert.Equal(2, Directory.GetFiles(ws.PathOf(".pipeline/cache/ac/packs")).Length);
        var later = new ActionCache(ws.PathOf(".pipeline/cache/ac"), message => Assert.Fail(message));
        Assert.All(keys, key => Assert.NotNull(later.TryGet(key, ["out.txt"])));
    }

    [Fact]
    public void Should_never_merge_a_pack_its_writer_still_holds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Given a run still writing its pack (made to look old) among many finished ones
        using var ws = TestWorkspace.Create();
        var keys = Keys(ActionPacks.MergeAbove + 2);
        foreach (var key in keys[..^2])
        {
            File.SetLastWriteTimeUtc(WritePack(ws, [key]), DateTime.UtcNow.AddHours(-2));
        }

        var finished = Directory.GetFiles(ws.PathOf(".pipeline/cache/ac/packs"));
        using var live = Packing(ws);
        live.Put(Entry(keys[^2]));
        var livePack = Directory.GetFiles(ws.PathOf(".pipeline/cache/ac/packs")).Except(finished).Single();
        File.SetLastWriteTimeUtc(livePack, DateTime.UtcNow.AddHours(-2));

        // When packs are merged, and gc unpacks, while it writes
        ActionPacks.MergeIfMany(ws.PathOf(".pipeline/cache/ac"), DateTime.UtcNow);
        ActionPacks.Unpack(ws.PathOf(".pipeline/cache/ac"), DateTime.UtcNow);

        // Then its pack is still there, and what it writes next is found
        Assert.True(File.Exists(livePack));
        live.Put(Entry(keys[^1]));
        var later = new ActionCache(ws.PathOf(".pipeline/cache/ac"), message => Assert.Fail(message));
        Assert.All(keys, key => Assert.NotNull(later.TryGet(key, ["out.txt"])));
    }

    [Fact]
    public void Should_let_cache_gc_age_packed_entries_by_their_pack()
    {
        // Given an old pack and a recent one, each naming its own object
        using var ws = TestWorkspace.Create();
        var store = new ContentStore(ws.PathOf(".pipeline/cache/cas"));
        var oldObject = store.PutText("old\n");
        var newObject = store.PutText("new\n");
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(store.ObjectPath(oldObject), now.AddDays(-60));
        File.SetLastWriteTimeUtc(store.ObjectPath(newObject), now.AddDays(-60));
        var (oldKey, newKey) = (Keys(2)[0], Keys(2)[1]);
        File.SetLastWriteTimeUtc(WritePack(ws, [oldKey], oldObject), now.AddDays(-60));
        File.SetLastWriteTimeUtc(WritePack(ws, [newKey], newObject), now.AddDays(-1));
        var collector = new CacheCollector(ws.PathOf(".pipeline/cache/cas"), ws.PathOf(".pipeline/cache/ac"));
        var limits = new CacheLimits(TimeSpan.FromDays(30), null);

        // When a dry run, then a real one, collects what is older than 30 days
        var dry = collector.Collect(limits, CachePins.Of([], [], store), now, dryRun: true);
        var real = collector.Collect(limits, CachePins.Of([], [], store), now);

        // Then both count the old entry and its object; the real one removed them and kept the recent ones
        Assert.Equal((1, 1), (dry.EntriesRemoved, dry.ObjectsRemoved));
        Assert.Equal((1, 1), (real.EntriesRemoved, real.ObjectsRemoved));
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), message => Assert.Fail(message));
        Assert.Null(actions.TryGet(oldKey));
        Assert.NotNull(actions.TryGet(newKey));
        Assert.True(store.Contains(newObject));
        Assert.False(store.Contains(oldObject));
        Assert.Empty(Directory.GetFiles(ws.PathOf(".pipeline/cache/ac/packs")));
    }

    [Fact]
    public void Should_mark_a_pack_used_when_one_of_its_entries_is_restored_so_cache_gc_keeps_it()
    {
        // Given a pack of two entries last used 60 days ago
        using var ws = TestWorkspace.Create();
        var keys = Keys(2);
        var pack = WritePack(ws, keys);
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(pack, now.AddDays(-60));

        // When a run restores one of its entries
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), message => Assert.Fail(message));
        Assert.NotNull(actions.TryGet(keys[0], ["out.txt"]));

        // Then the pack counts as used now, and cache gc of what is older than 30 days keeps both entries
        Assert.True(now - File.GetLastWriteTimeUtc(pack) < TimeSpan.FromMinutes(5));
        var collector = new CacheCollector(ws.PathOf(".pipeline/cache/cas"), ws.PathOf(".pipeline/cache/ac"));
        var store = new ContentStore(ws.PathOf(".pipeline/cache/cas"));
        var result = collector.Collect(new CacheLimits(TimeSpan.FromDays(30), null), CachePins.Of([], [], store), now);
        Assert.Equal(0, result.EntriesRemoved);
        var later = new ActionCache(ws.PathOf(".pipeline/cache/ac"), message => Assert.Fail(message));
        Assert.All(keys, key => Assert.NotNull(later.TryGet(key, ["out.txt"])));
    }

    private static ActionCache Packing(TestWorkspace ws) => new(ws.PathOf(".pipeline/cache/ac"), message => Assert.Fail(message), packEntries: true);

    private static ActionKey[] Keys(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ActionKey(ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes($"fingerprint {i}"))))];

    private static ActionEntry Entry(ActionKey key, ContentDigest? output = null) => new(key, [new OutputRecord("out.txt", false, output ?? Made)]);

    private static byte[] Json(ActionEntry entry)
    {
        using var stream = new MemoryStream();
        ActionEntryJson.Write(entry, stream, indented: false);
        return stream.ToArray();
    }

    /// <summary>A finished pack of one run holding an entry for each key, written as a run writes it; returns its path.</summary>
    private static string WritePack(TestWorkspace ws, ActionKey[] keys, ContentDigest? output = null)
    {
        var folder = ws.PathOf(".pipeline/cache/ac/packs");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"1.{Guid.NewGuid():N}.pack");
        using var pack = File.Create(path);
        pack.Write(ActionPackFormat.Header);
        foreach (var key in keys)
        {
            pack.Write(ActionPackFormat.Record(key, Json(Entry(key, output))));
        }

        return path;
    }

    /// <summary>Where each record of a pack ends.</summary>
    private static List<int> RecordEnds(byte[] pack)
    {
        var (records, _) = ActionPackFormat.Read(pack, ActionCache.MaxEntryBytes);
        return [.. records.Select(r => r.Offset + r.Length + ContentDigest.ByteLength)];
    }

    private sealed class EntryComparer : IEqualityComparer<ActionEntry?>
    {
        public static readonly EntryComparer Instance = new();

        public bool Equals(ActionEntry? x, ActionEntry? y) =>
            x is not null && y is not null && x.Key == y.Key && x.Outputs.SequenceEqual(y.Outputs);

        public int GetHashCode(ActionEntry? obj) => 0;
    }
}
