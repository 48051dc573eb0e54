using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

public sealed class ContentStoreTests
{
    [Fact]
    public void Should_store_a_file_under_its_digest_read_only()
    {
        using var ws = TestWorkspace.Create();
        var store = new ContentStore(ws.PathOf(".pipeline/cache/cas"));
        ws.Write("model.bin", "weights");

        var digest = store.Ingest(ws.PathOf("model.bin"));

        Assert.Equal(ContentDigest.Of("weights"u8), digest);
        Assert.Equal("weights", File.ReadAllText(store.ObjectPath(digest)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.False(File.GetUnixFileMode(store.ObjectPath(digest)).HasFlag(UnixFileMode.UserWrite));
        }
    }

    [Fact]
    public void Should_make_the_shard_and_staging_folders_again_when_they_were_removed_while_the_store_was_open()
    {
        // Given a store that made its folders for a first object, then lost the whole content folder (another process)
        using var ws = TestWorkspace.Create();
        var store = new ContentStore(ws.PathOf(".pipeline/cache/cas"));
        ws.Write("a.txt", "first");
        var digest = store.Ingest(ws.PathOf("a.txt"));
        Directory.Delete(ws.PathOf(".pipeline/cache/cas"), recursive: true);

        // When the same content and another are stored again
        Assert.False(store.Contains(digest));
        var again = store.Ingest(ws.PathOf("a.txt"));
        ws.Write("b.txt", "second");
        var other = store.Ingest(ws.PathOf("b.txt"));

        // Then both are stored whole
        Assert.Equal(digest, again);
        Assert.True(store.Contains(digest));
        Assert.Equal("first", File.ReadAllText(store.ObjectPath(digest)));
        Assert.Equal("second", File.ReadAllText(store.ObjectPath(other)));
    }

    [Fact]
    public void Should_store_an_action_entry_when_its_shard_folder_was_removed_after_an_earlier_entry()
    {
        // Given an action cache that made a shard for an entry, then lost its folder
        using var ws = TestWorkspace.Create();
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), _ => { });
        var key = new ActionKey(ContentDigest.Of("key"u8));
        var entry = new ActionEntry(key, [new OutputRecord("out.txt", false, ContentDigest.Of("out"u8))]);
        actions.Put(entry);
        Directory.Delete(ws.PathOf(".pipeline/cache/ac"), recursive: true);

        // When the entry is stored again
        actions.Put(entry);

        // Then it is there
        Assert.Equal(entry.Outputs, actions.TryGet(key)!.Outputs);
    }

    [Fact]
    public void Should_refuse_and_discard_an_object_whose_bytes_no_longer_match_its_digest()
    {
        // Given an object damaged on disk
        using var ws = TestWorkspace.Create();
        var store = new ContentStore(ws.PathOf(".pipeline/cache/cas"));
        ws.Write("a.txt", "original");
        var digest = store.Ingest(ws.PathOf("a.txt"));
        File.SetUnixFileMode(store.ObjectPath(digest), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(store.ObjectPath(digest), "tampered");

        // When
        var copied = store.TryCopyVerified(digest, ws.PathOf("restored.txt"));

        // Then nothing is restored and the damaged object is gone
        Assert.False(copied);
        Assert.False(File.Exists(ws.PathOf("restored.txt")));
        Assert.False(store.Contains(digest));
    }

    [Fact]
    public void Should_treat_a_damaged_action_entry_as_a_miss_with_a_warning()
    {
        using var ws = TestWorkspace.Create();
        var warnings = new List<string>();
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), warnings.Add);
        var key = new ActionKey(ContentDigest.Of("fp"u8));
        actions.Put(new ActionEntry(key, [new OutputRecord("out.txt", false, ContentDigest.Of("o"u8))]));
        File.WriteAllText(actions.EntryPath(key), "{ \"schema\": 1, \"fingerp");

        var entry = actions.TryGet(key);

        Assert.Null(entry);
        Assert.Contains(warnings, w => w.Contains("PB4001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_restore_nothing_when_one_object_of_an_entry_is_missing()
    {
        // Given an entry of two outputs, one of whose objects was removed from the store
        using var ws = TestWorkspace.Create();
        var layout = new WorkspaceLayout(ws.Root);
        var store = new ContentStore(layout.ContentFolder);
        ws.Write("a.txt", "A");
        ws.Write("b.txt", "B");
        var a = store.Ingest(ws.PathOf("a.txt"));
        var b = store.Ingest(ws.PathOf("b.txt"));
        File.Delete(store.ObjectPath(b));
        ws.Delete("a.txt");
        ws.Delete("b.txt");
        var restorer = new CacheRestorer(layout, new FileDigests(layout, new StatCache(), 1), store);

        // When
        var restored = await restorer.TryRestoreAsync(new ActionEntry(new ActionKey(a), [new OutputRecord("a.txt", false, a), new OutputRecord("b.txt", false, b)]));

        // Then no half-restored output appears
        Assert.False(restored);
        Assert.False(ws.Exists("a.txt"));
        Assert.False(ws.Exists("b.txt"));
    }

    [Fact]
    public async Task Should_restore_a_folder_output_exactly_removing_stray_files()
    {
        using var ws = TestWorkspace.Create();
        var layout = new WorkspaceLayout(ws.Root);
        var store = new ContentStore(layout.ContentFolder);
        var digests = new FileDigests(layout, new StatCache(), 1);
        ws.Write("out/x.txt", "x");
        ws.Write("out/sub/y.txt", "y");
        var step = StepWithOutput("out", isFolder: true);
        var records = new OutputRecorder(layout, digests, store).Record(step, store: true);
        ws.Delete("out/x.txt");
        ws.Write("out/stray.txt", "s");

        var restored = await new CacheRestorer(layout, digests, store).TryRestoreAsync(new ActionEntry(new ActionKey(records[0].Digest), records));

        Assert.True(restored);
        Assert.Equal("x", ws.Read("out/x.txt"));
        Assert.Equal("y", ws.Read("out/sub/y.txt"));
        Assert.False(ws.Exists("out/stray.txt"));
    }

    [Fact]
    public void Should_store_an_output_and_give_the_stat_cache_its_digest_without_reading_it_again()
    {
        // Given a step's file output
        using var ws = TestWorkspace.Create();
        var layout = new WorkspaceLayout(ws.Root);
        var store = new ContentStore(layout.ContentFolder);
        var statCache = new StatCache();
        ws.Write("out/model.bin", "weights");
        var step = StepWithOutput("out/model.bin", isFolder: false);

        // When it is recorded into the store
        var records = new OutputRecorder(layout, new FileDigests(layout, statCache, 1), store).Record(step, store: true);

        // Then the store has its bytes under their digest, and the stat cache the same digest for the file as it is
        var expected = ContentDigest.Of("weights"u8);
        Assert.Equal(expected, records.Single().Digest);
        Assert.Equal("weights", File.ReadAllText(store.ObjectPath(expected)));
        Assert.True(statCache.TryGet("out/model.bin", FileStat.Read(ws.PathOf("out/model.bin"))!.Value, out var cached));
        Assert.Equal(expected, cached);
    }

    [Fact]
    public void Should_not_give_the_stat_cache_a_digest_for_a_file_that_changed_after_the_stat_it_was_read_at()
    {
        // Given a file's stat, then new bytes in the file (a leftover writer)
        using var ws = TestWorkspace.Create();
        var layout = new WorkspaceLayout(ws.Root);
        var statCache = new StatCache();
        var digests = new FileDigests(layout, statCache, 1);
        ws.Write("out.txt", "old");
        var before = FileStat.Read(ws.PathOf("out.txt"))!.Value;
        ws.Write("out.txt", "newer bytes");

        // When the digest of the old bytes is remembered for the stat taken before
        digests.Remember("out.txt", before, ContentDigest.Of("old"u8));

        // Then neither stat gets it
        Assert.False(statCache.TryGet("out.txt", before, out _));
        Assert.False(statCache.TryGet("out.txt", FileStat.Read(ws.PathOf("out.txt"))!.Value, out _));
    }

    private static Model.StepDefinition StepWithOutput(string path, bool isFolder) => new()
    {
        Id = "s.t",
        Stage = "s",
        Name = "t",
        Kind = Model.StepKind.Host,
        Location = default,
        Outputs = [new Model.OutputSpec(path, isFolder, default)],
    };
}
