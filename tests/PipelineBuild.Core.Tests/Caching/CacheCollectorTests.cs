using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Collection;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

public sealed class CacheCollectorTests
{
    private static readonly DateTime Now = DateTime.UtcNow;
    private static readonly CacheLimits ThirtyDays = new(TimeSpan.FromDays(30), null);

    [Fact]
    public void Should_remove_entries_unused_for_longer_than_the_keep_age_and_the_objects_only_they_name()
    {
        // Given an entry last used 40 days ago and one used yesterday, sharing one object
        using var cache = new TestCache();
        var shared = cache.Object("shared bytes", daysAgo: 40);
        var onlyOld = cache.Object("old bytes", daysAgo: 40);
        var onlyNew = cache.Object("new bytes", daysAgo: 1);
        var old = cache.Entry(40, ("a.txt", shared), ("b.txt", onlyOld));
        var recent = cache.Entry(1, ("a.txt", shared), ("c.txt", onlyNew));
        var oldEntryBytes = cache.EntryBytes(old);

        // When
        var result = cache.Collect(ThirtyDays);

        // Then the old entry and its own object went; the shared object stays with the recent entry
        Assert.Equal((1, 1), (result.EntriesRemoved, result.ObjectsRemoved));
        Assert.False(cache.HasEntry(old));
        Assert.True(cache.HasEntry(recent));
        Assert.True(cache.Store.Contains(shared));
        Assert.False(cache.Store.Contains(onlyOld));
        Assert.True(cache.Store.Contains(onlyNew));
        Assert.Equal("old bytes".Length + oldEntryBytes, result.BytesFreed);
    }

    [Fact]
    public void Should_never_remove_what_the_lock_file_needs_even_when_old_and_beyond_the_size_limit()
    {
        // Given an old entry with a folder output that the lock file names, and a size limit of one byte
        using var cache = new TestCache();
        var part = cache.Object("part one", daysAgo: 90);
        var listing = cache.Listing(90, new FileDigest("out/parts/p1", part));
        var pinned = cache.Entry(90, ("out/parts/", listing));
        var other = cache.Entry(90, ("x.txt", cache.Object("unneeded", daysAgo: 90)));
        var pins = CachePins.Of([pinned], [new("out/parts/", listing)], cache.Store);

        // When
        var result = cache.Collect(new CacheLimits(TimeSpan.FromDays(30), 1), pins);

        // Then the lock file's entry, listing and listed file stay; only the other entry went
        Assert.True(cache.HasEntry(pinned));
        Assert.False(cache.HasEntry(other));
        Assert.True(cache.Store.Contains(listing));
        Assert.True(cache.Store.Contains(part));
        Assert.Equal(result.BytesKept, result.PinnedBytes + cache.EntryBytes(pinned));
    }

    [Fact]
    public void Should_remove_the_least_recently_used_entries_first_until_the_cache_fits()
    {
        // Given three entries of 1000 bytes each, used 3, 2 and 1 days ago
        using var cache = new TestCache();
        var entries = new[] { 3, 2, 1 }.Select(days => cache.Entry(days, ("out.bin", cache.Object(new string((char)('a' + days), 1000), days)))).ToList();
        var oneEntry = 1000 + cache.EntryBytes(entries[0]);

        // When the limit leaves room for two of them
        var result = cache.Collect(new CacheLimits(TimeSpan.FromDays(30), (2 * oneEntry) + 10));

        // Then the oldest went, the two more recent stay
        Assert.Equal((1, 1), (result.EntriesRemoved, result.ObjectsRemoved));
        Assert.False(cache.HasEntry(entries[0]));
        Assert.True(cache.HasEntry(entries[1]));
        Assert.True(cache.HasEntry(entries[2]));
        Assert.True(result.BytesKept <= (2 * oneEntry) + 10);
    }

    [Fact]
    public void Should_keep_a_folder_outputs_files_while_its_entry_is_kept_and_remove_unnamed_old_objects()
    {
        // Given a recent folder entry (listing + file) and an old object no entry names (a pulled blob, a folder input's listing)
        using var cache = new TestCache();
        var part = cache.Object("part", daysAgo: 50);
        var listing = cache.Listing(50, new FileDigest("out/p", part));
        var entry = cache.Entry(2, ("out/", listing));
        var stray = cache.Object("stray", daysAgo: 50);
        var freshStray = cache.Object("fresh stray", daysAgo: 2);

        // When
        var result = cache.Collect(ThirtyDays);

        // Then
        Assert.True(cache.HasEntry(entry));
        Assert.True(cache.Store.Contains(listing));
        Assert.True(cache.Store.Contains(part));
        Assert.False(cache.Store.Contains(stray));
        Assert.True(cache.Store.Contains(freshStray));
        Assert.Equal((0, 1), (result.EntriesRemoved, result.ObjectsRemoved));
    }

    [Fact]
    public void Should_count_the_same_but_remove_nothing_on_a_dry_run()
    {
        using var cache = new TestCache();
        var old = cache.Entry(40, ("a.txt", cache.Object("old", daysAgo: 40)));

        var dry = cache.Collect(ThirtyDays, dryRun: true);
        Assert.True(cache.HasEntry(old));
        var real = cache.Collect(ThirtyDays);

        Assert.Equal(dry, real);
        Assert.False(cache.HasEntry(old));
    }

    [Fact]
    public void Should_remove_a_damaged_entry_and_keep_nothing_for_it()
    {
        using var cache = new TestCache();
        var entry = cache.Entry(1, ("a.txt", cache.Object("content", daysAgo: 1)));
        File.WriteAllText(cache.Actions.EntryPath(entry), "{ not json");

        var result = cache.Collect(ThirtyDays);

        Assert.Equal(1, result.DamagedEntries);
        Assert.False(cache.HasEntry(entry));
    }

    [Fact]
    public void Should_mark_an_entry_used_when_a_run_reads_it_so_that_it_is_kept()
    {
        // Given an entry written 40 days ago that a run hits today
        using var cache = new TestCache();
        var entry = cache.Entry(40, ("a.txt", cache.Object("content", daysAgo: 40)));
        Assert.NotNull(cache.Actions.TryGet(entry));

        // When
        var result = cache.Collect(ThirtyDays);

        // Then
        Assert.Equal(0, result.EntriesRemoved);
        Assert.True(cache.HasEntry(entry));
    }

    [Fact]
    public void Should_collect_through_an_experiment_copys_links_to_the_shared_cache()
    {
        // Given an experiment copy whose cas/ and ac/ are links to the workspace's cache
        using var cache = new TestCache();
        var old = cache.Entry(40, ("a.txt", cache.Object("old", daysAgo: 40)));
        var copy = cache.Workspace.PathOf(".pipeline/exp/e1/.pipeline/cache");
        Directory.CreateDirectory(copy);
        Directory.CreateSymbolicLink(Path.Combine(copy, "cas"), cache.Workspace.PathOf(".pipeline/cache/cas"));
        Directory.CreateSymbolicLink(Path.Combine(copy, "ac"), cache.Workspace.PathOf(".pipeline/cache/ac"));

        // When collecting through the copy's links
        var result = new CacheCollector(Path.Combine(copy, "cas"), Path.Combine(copy, "ac")).Collect(ThirtyDays, CachePins.Of([], [], cache.Store), Now);

        // Then the shared cache was collected, the links still lead to it
        Assert.Equal((1, 1), (result.EntriesRemoved, result.ObjectsRemoved));
        Assert.False(cache.HasEntry(old));
        Assert.True(Directory.Exists(Path.Combine(copy, "cas")));
    }

    [Fact]
    public void Should_never_follow_a_link_in_a_shards_place_out_of_the_cache()
    {
        // Given a shard folder of the store replaced by a link to a folder outside the cache
        using var cache = new TestCache();
        using var outside = TestWorkspace.Create();
        var victim = outside.Write(new string('a', 64), "not the cache's");
        File.SetLastWriteTimeUtc(victim, Now.AddDays(-100));
        Directory.CreateDirectory(cache.Workspace.PathOf(".pipeline/cache/cas"));
        Directory.CreateSymbolicLink(cache.Workspace.PathOf(".pipeline/cache/cas/aa"), outside.Root);

        // When
        var result = cache.Collect(new CacheLimits(TimeSpan.Zero, 0));

        // Then nothing outside was touched
        Assert.True(File.Exists(victim));
        Assert.Equal(0, result.ObjectsRemoved);
    }

    /// <summary>A workspace's cache whose entries and objects carry chosen ages.</summary>
    private sealed class TestCache : IDisposable
    {
        public TestCache()
        {
            Workspace = TestWorkspace.Create();
            Store = new ContentStore(Workspace.PathOf(".pipeline/cache/cas"));
            Actions = new ActionCache(Workspace.PathOf(".pipeline/cache/ac"), message => Assert.Fail(message));
        }

        public TestWorkspace Workspace { get; }

        public ContentStore Store { get; }

        public ActionCache Actions { get; }

        public ContentDigest Object(string content, int daysAgo)
        {
            var path = Workspace.Write($"src/{Guid.NewGuid():N}", content);
            var digest = Store.Ingest(path);
            File.SetLastWriteTimeUtc(Store.ObjectPath(digest), Now.AddDays(-daysAgo));
            return digest;
        }

        public ContentDigest Listing(int daysAgo, params FileDigest[] files)
        {
            var digest = Store.PutText(new TreeListing(files).Text);
            File.SetLastWriteTimeUtc(Store.ObjectPath(digest), Now.AddDays(-daysAgo));
            return digest;
        }

        public ActionKey Entry(int daysAgo, params (string Key, ContentDigest Digest)[] outputs)
        {
            var key = new ActionKey(ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())));
            Actions.Put(new ActionEntry(key, outputs.Select(o => OutputRecord.FromKey(o.Key, o.Digest)).ToList()));
            File.SetLastWriteTimeUtc(Actions.EntryPath(key), Now.AddDays(-daysAgo));
            return key;
        }

        public bool HasEntry(ActionKey key) => File.Exists(Actions.EntryPath(key));

        public long EntryBytes(ActionKey key) => new FileInfo(Actions.EntryPath(key)).Length;

        public CacheCollection Collect(CacheLimits limits, CachePins? pins = null, bool dryRun = false) =>
            new CacheCollector(Workspace.PathOf(".pipeline/cache/cas"), Workspace.PathOf(".pipeline/cache/ac"))
                .Collect(limits, pins ?? CachePins.Of([], [], Store), Now, dryRun);

        public void Dispose() => Workspace.Dispose();
    }
}
