using System.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Workspace;

/// <summary>
/// Folder listings remembered in the stat cache (Linux): a folder whose own stat is unchanged is not read again, and
/// any change to its entries, a racy folder, or a remembered entry that is no longer what is on disk is still seen.
/// </summary>
public sealed class FolderListingsTests : IDisposable
{
    private readonly TestWorkspace _ws = TestWorkspace.Create();
    private readonly WorkspaceLayout _layout;

    public FolderListingsTests()
    {
        _layout = new WorkspaceLayout(_ws.Root);
        _ws.Write("data/a/one.txt", "1");
        _ws.Write("data/a/two.txt", "2");
        _ws.Write("data/b/three.txt", "3");
        _ws.Write("data/sub/four.txt", "4");
        _ws.Write("data/top.txt", "t");
    }

    public void Dispose() => _ws.Dispose();

    /// <summary>A stat cache whose "now" is an hour ahead: no folder made by a test is racy for it.</summary>
    private static StatCache Later() => new(new FixedClock(DateTimeOffset.UtcNow.AddHours(1)));

    [FolderEntriesFact]
    public void Should_take_an_unchanged_folders_entries_from_what_was_recorded_also_after_a_save()
    {
        // Given a tree listed once
        var cache = new Counting(Later());
        var first = WorkspaceFiles.UnderFolder(_layout, "data", null, cache);
        Assert.Equal(4, cache.Recorded);

        // When it is listed again, by the same cache and by one saved and loaded
        var again = WorkspaceFiles.UnderFolder(_layout, "data", null, cache);
        var loaded = new Counting(Reloaded(cache.Inner));
        var afterLoad = WorkspaceFiles.UnderFolder(_layout, "data", null, loaded);

        // Then no folder is read again, and the files are the same
        Assert.Equal(["data/a/one.txt", "data/a/two.txt", "data/b/three.txt", "data/sub/four.txt", "data/top.txt"], first);
        Assert.Equal(first, again);
        Assert.Equal(first, afterLoad);
        Assert.Equal((4, 4), (cache.Replayed, cache.Recorded));
        Assert.Equal((4, 0), (loaded.Replayed, loaded.Recorded));
    }

    [FolderEntriesTheory]
    [InlineData("added")]
    [InlineData("removed")]
    [InlineData("renamed")]
    public void Should_see_an_entry_change_in_a_folder_whose_mtime_was_put_back(string change)
    {
        // Given a tree listed and remembered
        var cache = Reloaded(ListedBy(Later()));
        var folder = _ws.PathOf("data/a");
        Assert.True(LinuxStat.TryReadFolder(folder, followLinks: true, out var before));
        Touch("-r", folder, _ws.PathOf("reference"));

        // When an entry changes and the folder's mtime is put back where it was (only its ctime tells)
        switch (change)
        {
            case "added":
                _ws.Write("data/a/new.txt", "n");
                break;
            case "removed":
                File.Delete(_ws.PathOf("data/a/two.txt"));
                break;
            default:
                File.Move(_ws.PathOf("data/a/two.txt"), _ws.PathOf("data/a/zwei.txt"));
                break;
        }

        Touch("-m", "-r", _ws.PathOf("reference"), folder);
        Assert.True(LinuxStat.TryReadFolder(folder, followLinks: true, out var after));
        Assert.Equal(before.ModifiedNanoseconds, after.ModifiedNanoseconds);
        Assert.NotEqual(before.ChangedNanoseconds, after.ChangedNanoseconds);
        var files = WorkspaceFiles.UnderFolder(_layout, "data", null, cache);

        // Then the folder is read again
        string[] expected = change switch
        {
            "added" => ["data/a/new.txt", "data/a/one.txt", "data/a/two.txt"],
            "removed" => ["data/a/one.txt"],
            _ => ["data/a/one.txt", "data/a/zwei.txt"],
        };
        Assert.Equal(expected, files.Where(f => f.StartsWith("data/a/", StringComparison.Ordinal)));
    }

    [FolderEntriesFact]
    public void Should_not_remember_a_folder_changed_within_the_racy_window_of_its_listing()
    {
        // Given folders whose last change is 50 ms before the listing's "now", and others 150 ms before
        Assert.True(LinuxStat.TryReadFolder(_ws.PathOf("data/a"), followLinks: true, out var stat));
        var changed = DateTimeOffset.UnixEpoch.AddTicks(Math.Max(stat.ModifiedNanoseconds, stat.ChangedNanoseconds) / 100);
        var racy = new Counting(new StatCache(new FixedClock(changed.AddMilliseconds(50))));
        var settled = new Counting(new StatCache(new FixedClock(changed.AddMilliseconds(150 + 1000))));

        // When each lists the tree twice
        WorkspaceFiles.UnderFolder(_layout, "data/a", null, racy);
        WorkspaceFiles.UnderFolder(_layout, "data/a", null, racy);
        WorkspaceFiles.UnderFolder(_layout, "data/a", null, settled);
        WorkspaceFiles.UnderFolder(_layout, "data/a", null, settled);

        // Then the racy listing is neither remembered nor saved, and the folder is read each time
        Assert.Equal(0, racy.Replayed);
        Assert.False(racy.Inner.IsDirty);
        Assert.Equal(1, settled.Replayed);
        Assert.True(settled.Inner.IsDirty);
    }

    [FolderEntriesTheory]
    [InlineData("file")]
    [InlineData("link inside")]
    [InlineData("link outside")]
    public void Should_see_a_subfolder_replaced_by_a_file_or_a_link(string replacement)
    {
        // Given a tree listed and remembered, then data/sub replaced
        using var outside = TestWorkspace.Create();
        outside.Write("secret.txt", "outside");
        var cache = Reloaded(ListedBy(Later()));
        Directory.Delete(_ws.PathOf("data/sub"), recursive: true);
        switch (replacement)
        {
            case "file":
                _ws.Write("data/sub", "now a file");
                break;
            case "link inside":
                Directory.CreateSymbolicLink(_ws.PathOf("data/sub"), "b");
                break;
            default:
                Directory.CreateSymbolicLink(_ws.PathOf("data/sub"), outside.Root);
                break;
        }

        // When / Then
        if (replacement == "link outside")
        {
            Assert.Throws<LinkOutsideWorkspaceException>(() => WorkspaceFiles.UnderFolder(_layout, "data", null, cache));
            return;
        }

        var files = WorkspaceFiles.UnderFolder(_layout, "data", null, cache);
        Assert.Equal(replacement == "file" ? ["data/sub"] : ["data/sub/three.txt"], files.Where(f => f.StartsWith("data/sub", StringComparison.Ordinal)));
    }

    [FolderEntriesFact]
    public void Should_not_follow_a_link_that_a_remembered_listing_calls_a_folder()
    {
        // Given a listing of data that names sub a folder, recorded under data's stat of now, where sub is a link
        // leading outside (a planted listing, or one the disk changed under within a run)
        using var outside = TestWorkspace.Create();
        outside.Write("secret.txt", "outside");
        var cache = ListingOfDataTakenBefore(() =>
        {
            Directory.Delete(_ws.PathOf("data/sub"), recursive: true);
            Directory.CreateSymbolicLink(_ws.PathOf("data/sub"), outside.Root);
        });

        // When / Then: the link is found and checked as in a listing read from disk
        Assert.Throws<LinkOutsideWorkspaceException>(() => WorkspaceFiles.UnderFolder(_layout, "data", null, cache));
    }

    [FolderEntriesFact]
    public void Should_not_read_a_file_outside_through_a_link_that_a_remembered_listing_calls_a_file()
    {
        // Given a listing of data that names top.txt a file, recorded under data's stat of now, where top.txt is a
        // link to a file outside
        using var outside = TestWorkspace.Create();
        outside.Write("secret.txt", "outside");
        var cache = ListingOfDataTakenBefore(() =>
        {
            File.Delete(_ws.PathOf("data/top.txt"));
            File.CreateSymbolicLink(_ws.PathOf("data/top.txt"), outside.PathOf("secret.txt"));
        });
        var files = WorkspaceFiles.UnderFolder(_layout, "data", null, cache);
        Assert.Contains("data/top.txt", files);

        // When its files are digested / Then the link is checked before it is followed, and refused
        var digests = new FileDigests(_layout, new StatCache(), parallelism: 2);
        Assert.Throws<LinkOutsideWorkspaceException>(() => digests.GetAll(files));
    }

    /// <summary>
    /// A stat cache, saved and loaded, holding the entries data had before <paramref name="change"/> under data's stat
    /// after it: what a planted listing, or one the disk changed under within a run, would say.
    /// </summary>
    private StatCache ListingOfDataTakenBefore(Action change)
    {
        var cache = Later();
        var entries = new List<FolderEntry>();
        LinuxFolderEntries.Read(_ws.PathOf("data"), "data/", entries);
        change();
        Assert.True(LinuxStat.TryReadFolder(_ws.PathOf("data"), followLinks: true, out var now));
        IFolderListings listings = cache;
        listings.Record("data", now, listings.Now(), entries, "data/".Length);
        return Reloaded(cache);
    }

    private StatCache ListedBy(StatCache cache)
    {
        WorkspaceFiles.UnderFolder(_layout, "data", null, cache);
        return cache;
    }

    private static StatCache Reloaded(StatCache cache) =>
        new(StatCacheSnapshot.TryParse(StatCacheFile.Serialize(cache)) ?? throw new InvalidOperationException("not loaded"), new FixedClock(DateTimeOffset.UtcNow.AddHours(1)));

    private static void Touch(params string[] arguments)
    {
        using var touch = Process.Start("touch", arguments);
        touch.WaitForExit();
        Assert.Equal(0, touch.ExitCode);
    }

    private sealed class Counting(StatCache inner) : IFolderListings
    {
        private int _replayed;
        private int _recorded;

        public StatCache Inner => inner;

        public int Replayed => _replayed;

        /// <summary>Folders read from disk (and offered to be remembered).</summary>
        public int Recorded => _recorded;

        public long Now() => ((IFolderListings)inner).Now();

        public bool TryReplay(string relativeFolder, FolderStat stat, string prefix, List<FolderEntry> entries)
        {
            var replayed = ((IFolderListings)inner).TryReplay(relativeFolder, stat, prefix, entries);
            if (replayed)
            {
                Interlocked.Increment(ref _replayed);
            }

            return replayed;
        }

        public void Record(string relativeFolder, FolderStat stat, long listedAt, List<FolderEntry> entries, int prefixLength)
        {
            Interlocked.Increment(ref _recorded);
            ((IFolderListings)inner).Record(relativeFolder, stat, listedAt, entries, prefixLength);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
