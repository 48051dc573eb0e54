using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

/// <summary>A store object or action entry that is not a regular file is a miss, is never read through, and is repaired.</summary>
public sealed class StoreDamageTests
{
    [Fact]
    public void Should_treat_a_fifo_in_place_of_an_object_as_a_miss_without_blocking_and_store_it_again()
    {
        // Given an object replaced by a FIFO nobody writes to
        using var ws = TestWorkspace.Create();
        var store = new ContentStore(ws.PathOf(".pipeline/cache/cas"));
        var digest = store.Ingest(ws.Write("model.bin", "weights"));
        SpecialFiles.Replace(store.ObjectPath(digest), SpecialFiles.Fifo);

        // When
        var copied = SpecialFiles.WithoutHanging(() => store.TryCopyVerified(digest, ws.PathOf("restored.bin")));
        var text = SpecialFiles.WithoutHanging(() => store.TryReadText(digest));
        var again = store.Ingest(ws.PathOf("model.bin"));

        // Then
        Assert.False(copied);
        Assert.Null(text);
        Assert.Equal(digest, again);
        Assert.Equal(FileKind.RegularFile, FileKinds.Of(store.ObjectPath(digest)));
        Assert.True(store.TryCopyVerified(digest, ws.PathOf("restored.bin")));
    }

    [Fact]
    public void Should_repair_a_folder_in_place_of_an_object_instead_of_failing_every_later_store()
    {
        // Given an object replaced by a folder (today: IO_FileExists_Name on every later run)
        using var ws = TestWorkspace.Create();
        var store = new ContentStore(ws.PathOf(".pipeline/cache/cas"));
        var digest = store.Ingest(ws.Write("model.bin", "weights"));
        SpecialFiles.Replace(store.ObjectPath(digest), p => Directory.CreateDirectory(Path.Combine(p, "inner")));

        // When
        var contained = store.Contains(digest);
        var again = store.Ingest(ws.PathOf("model.bin"));
        var listing = store.PutText("listing");
        SpecialFiles.Replace(store.ObjectPath(listing), p => Directory.CreateDirectory(p));
        var listingAgain = store.PutText("listing");

        // Then
        Assert.False(contained);
        Assert.Equal(digest, again);
        Assert.True(store.TryCopyVerified(digest, ws.PathOf("restored.bin")));
        Assert.Equal("listing", store.TryReadText(listingAgain));
    }

    [Fact]
    public void Should_not_read_an_object_through_a_symlink_even_to_the_right_bytes()
    {
        // Given an object replaced by a link to a file outside the store with the very same bytes
        using var ws = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        var store = new ContentStore(ws.PathOf(".pipeline/cache/cas"));
        var digest = store.Ingest(ws.Write("model.bin", "weights"));
        outside.Write("weights.bin", "weights");
        SpecialFiles.Replace(store.ObjectPath(digest), p => File.CreateSymbolicLink(p, outside.PathOf("weights.bin")));

        // When
        var copied = store.TryCopyVerified(digest, ws.PathOf("restored.bin"));

        // Then the link is a miss and is gone; the outside file is untouched
        Assert.False(copied);
        Assert.Equal(FileKind.Missing, FileKinds.Of(store.ObjectPath(digest)));
        Assert.Equal("weights", outside.Read("weights.bin"));
    }

    [Fact]
    public void Should_treat_a_symlinked_shard_folder_as_a_miss_and_repair_it()
    {
        using var ws = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        var store = new ContentStore(ws.PathOf(".pipeline/cache/cas"));
        var digest = store.Ingest(ws.Write("model.bin", "weights"));
        var shard = Path.GetDirectoryName(store.ObjectPath(digest))!;
        Directory.Move(shard, Path.Combine(outside.Root, "shard"));
        Directory.CreateSymbolicLink(shard, Path.Combine(outside.Root, "shard"));

        Assert.False(store.Contains(digest));
        store.Ingest(ws.PathOf("model.bin"));

        Assert.Equal(FileKind.Directory, FileKinds.Of(shard));
        Assert.True(store.Contains(digest));
    }

    [Fact]
    public void Should_treat_a_fifo_or_folder_in_place_of_an_action_entry_as_a_miss_and_replace_it()
    {
        foreach (var damage in new Action<string>[] { SpecialFiles.Fifo, p => Directory.CreateDirectory(Path.Combine(p, "x")) })
        {
            // Given an entry replaced by a FIFO or a folder
            using var ws = TestWorkspace.Create();
            var warnings = new List<string>();
            var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), warnings.Add);
            var key = new ActionKey(ContentDigest.Of("fp"u8));
            var entry = new ActionEntry(key, [new OutputRecord("out.txt", false, ContentDigest.Of("o"u8))]);
            actions.Put(entry);
            SpecialFiles.Replace(actions.EntryPath(key), damage);

            // When
            var found = SpecialFiles.WithoutHanging(() => actions.TryGet(key));
            SpecialFiles.Replace(actions.EntryPath(key), damage);
            actions.Put(entry);

            // Then
            Assert.Null(found);
            Assert.Contains(warnings, w => w.Contains("PB4001", StringComparison.Ordinal));
            Assert.Equal("out.txt", Assert.Single(actions.TryGet(key)!.Outputs).Key);
        }
    }
}
