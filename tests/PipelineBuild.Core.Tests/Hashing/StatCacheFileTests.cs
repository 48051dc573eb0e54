using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Hashing;

/// <summary>The stat cache file (format 3, by folder, with folder listings): what it keeps across saves, and every damaged or hostile file read as absent.</summary>
public sealed class StatCacheFileTests : IDisposable
{
    private static readonly FileStat OldStat = new(5, 1_000_000_000L, 1_000_000_000L, 42);
    private readonly TestWorkspace _ws = TestWorkspace.Create();

    public StatCacheFileTests() => Directory.CreateDirectory(_ws.PathOf(".pipeline/cache"));

    public void Dispose() => _ws.Dispose();

    private string CachePath => _ws.PathOf(".pipeline/cache/stat");

    [Fact]
    public void Should_keep_every_entry_across_saves_when_one_file_changes_and_files_are_added()
    {
        // Given a saved cache of three folders and a root file
        var first = new StatCache();
        var paths = new[] { "a.txt", "data/d000/f0001.txt", "data/d000/f0002.txt", "data/d001/f0001.txt", "data/é/ü.txt" };
        foreach (var path in paths)
        {
            first.Set(path, StatOf(path), ContentDigest.Of(Encoding.UTF8.GetBytes(path)));
        }

        StatCacheFile.Save(first, CachePath);

        // When a later run changes one file, adds one to a loaded folder and one in a new folder, and saves
        var second = StatCacheFile.Load(CachePath);
        var changed = StatOf("data/d000/f0002.txt") with { Size = 99 };
        second.Set("data/d000/f0002.txt", changed, ContentDigest.Of("new"u8));
        second.Set("data/d000/f0000.txt", StatOf("data/d000/f0000.txt"), ContentDigest.Of("added"u8));
        second.Set("other/x.txt", StatOf("other/x.txt"), ContentDigest.Of("x"u8));
        StatCacheFile.Save(second, CachePath);
        var third = StatCacheFile.Load(CachePath);

        // Then the third run finds each file under its latest stat, and the changed one not under its old stat
        Assert.Equal(7, third.Count);
        foreach (var path in paths.Where(p => p != "data/d000/f0002.txt"))
        {
            Assert.True(third.TryGet(path, StatOf(path), out var digest), path);
            Assert.Equal(ContentDigest.Of(Encoding.UTF8.GetBytes(path)), digest);
        }

        Assert.True(third.TryGet("data/d000/f0002.txt", changed, out var changedDigest));
        Assert.Equal(ContentDigest.Of("new"u8), changedDigest);
        Assert.False(third.TryGet("data/d000/f0002.txt", StatOf("data/d000/f0002.txt"), out _));
        Assert.True(third.TryGet("data/d000/f0000.txt", StatOf("data/d000/f0000.txt"), out _));
        Assert.True(third.TryGet("other/x.txt", StatOf("other/x.txt"), out _));
        Assert.False(third.TryGet("data/d000", StatOf("data/d000"), out _));
    }

    [Fact]
    public void Should_find_every_file_of_many_folders_learned_in_any_order_after_a_save_and_a_merge()
    {
        // Given names whose UTF-8 byte order differs from their UTF-16 order (U+FB01 before U+1F600 in UTF-8, after
        // it in UTF-16), learned from several threads in random order, in folders whose names differ the same way
        var random = new Random(7);
        string[] parts = ["a", "B", "é", "\uFB01", "\U0001F600", "-", "0", "z.txt"];
        string Name() => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => parts[random.Next(parts.Length)]));
        var paths = Enumerable.Range(0, 3_000).Select(i => i % 10 == 0 ? Name() : $"{Name()}/{Name()}/{Name()}").Distinct().ToArray();
        var first = new StatCache();
        Parallel.ForEach(paths.OrderBy(_ => random.Next()).ToArray(), path => first.Set(path, StatOf(path), ContentDigest.Of(Encoding.UTF8.GetBytes(path))));
        StatCacheFile.Save(first, CachePath);

        // When a second run changes a third of them, learns new ones, and saves again
        var second = StatCacheFile.Load(CachePath);
        var changed = paths.Where((_, i) => i % 3 == 0).ToHashSet();
        foreach (var path in changed)
        {
            second.Set(path, StatOf(path) with { Size = 1 }, ContentDigest.Of("changed"u8));
        }

        var added = Enumerable.Range(0, 500).Select(_ => $"{Name()}/new-{Name()}").Distinct().ToArray();
        foreach (var path in added)
        {
            second.Set(path, StatOf(path), ContentDigest.Of(Encoding.UTF8.GetBytes(path)));
        }

        StatCacheFile.Save(second, CachePath);
        var third = StatCacheFile.Load(CachePath);

        // Then every file is found under its latest stat (a file out of order would have made the whole cache unreadable)
        Assert.Equal(paths.Length + added.Length, third.Count);
        foreach (var path in paths)
        {
            var expected = changed.Contains(path) ? StatOf(path) with { Size = 1 } : StatOf(path);
            Assert.True(third.TryGet(path, expected, out var digest), path);
            Assert.Equal(changed.Contains(path) ? ContentDigest.Of("changed"u8) : ContentDigest.Of(Encoding.UTF8.GetBytes(path)), digest);
        }

        Assert.All(added, path => Assert.True(third.TryGet(path, StatOf(path), out _), path));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Should_leave_out_a_path_the_file_could_not_hold_and_keep_the_others(int which)
    {
        string[] oddPaths = ["data/a\\b.txt", "data/\uD800.txt", "a\\b/c.txt"];
        var odd = oddPaths[which];

        // Given a run that learned a path the loader refuses as a name (a backslash, a lone surrogate)
        var cache = new StatCache();
        cache.Set("data/a.txt", StatOf("data/a.txt"), ContentDigest.Of("a"u8));
        cache.Set(odd, StatOf(odd), ContentDigest.Of("odd"u8));
        cache.Set("data/b.txt", StatOf("data/b.txt"), ContentDigest.Of("b"u8));

        // When it is saved and loaded
        StatCacheFile.Save(cache, CachePath);
        var loaded = StatCacheFile.Load(CachePath);

        // Then the other files are still known (before, the one odd name made the whole file unreadable)
        Assert.Equal(2, loaded.Count);
        Assert.True(loaded.TryGet("data/a.txt", StatOf("data/a.txt"), out _));
        Assert.True(loaded.TryGet("data/b.txt", StatOf("data/b.txt"), out _));
        Assert.False(loaded.TryGet(odd, StatOf(odd), out _));
    }

    [Fact]
    public void Should_say_which_loaded_files_this_run_looked_at_and_no_others()
    {
        // Given a loaded cache of two files
        var saved = new StatCache();
        saved.Set("data/a.txt", StatOf("data/a.txt"), ContentDigest.Of("a"u8));
        saved.Set("data/b.txt", StatOf("data/b.txt"), ContentDigest.Of("b"u8));
        StatCacheFile.Save(saved, CachePath);
        var loaded = StatCacheFile.Load(CachePath);

        // When the run looks at one of them
        Assert.True(loaded.TryGet("data/a.txt", StatOf("data/a.txt"), out _));

        // Then only that one was seen, by string and by UTF-8 path alike
        Assert.Equal(StatOf("data/a.txt"), loaded.SeenThisRun("data/a.txt"));
        Assert.Equal(StatOf("data/a.txt"), loaded.SeenThisRunUtf8("data/a.txt"u8));
        Assert.Null(loaded.SeenThisRun("data/b.txt"));
        Assert.Null(loaded.SeenThisRunUtf8("data/missing.txt"u8));
    }

    [Fact]
    public void Should_not_save_a_loaded_entry_a_racy_one_replaced()
    {
        // Given a loaded entry, then the file rewritten and hashed within the racy window
        var saved = new StatCache();
        saved.Set("data/a.txt", OldStat, ContentDigest.Of("old"u8));
        StatCacheFile.Save(saved, CachePath);
        var now = DateTimeOffset.UtcNow;
        var racyStat = new FileStat(6, now.ToUnixTimeMilliseconds() * 1_000_000L, now.ToUnixTimeMilliseconds() * 1_000_000L, 42);
        var loaded = new StatCache(StatCacheSnapshot.TryParse(File.ReadAllBytes(CachePath))!, new FixedClock(now));
        loaded.Set("data/a.txt", racyStat, ContentDigest.Of("new"u8));

        // When it is saved and loaded again
        StatCacheFile.Save(loaded, CachePath);
        var next = StatCacheFile.Load(CachePath);

        // Then neither the old entry nor the racy one outlives the run
        Assert.False(next.TryGet("data/a.txt", OldStat, out _));
        Assert.False(next.TryGet("data/a.txt", racyStat, out _));
        Assert.Equal(0, next.Count);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("digest-flipped")]
    [InlineData("empty")]
    [InlineData("header-only")]
    [InlineData("one-byte-more")]
    public void Should_ignore_a_damaged_file(string damage)
    {
        // Given a valid saved cache, damaged
        var bytes = ValidFile();
        bytes = damage switch
        {
            "truncated" => bytes[..^1],
            "digest-flipped" => Flip(bytes, StatCacheSnapshot.HeaderLength + (2 * StatCacheSnapshot.FolderLength) + 40), // two folders, then the first entry
            "empty" => [],
            "header-only" => bytes[..StatCacheSnapshot.HeaderLength],
            _ => [.. bytes, 0],
        };
        File.WriteAllBytes(CachePath, bytes);

        // When / Then: nothing is trusted
        var loaded = StatCacheFile.Load(CachePath);
        Assert.Equal(0, loaded.Count);
        Assert.False(loaded.TryGet("data/a.txt", OldStat, out _));
    }

    [Fact]
    public async Task Should_read_a_fifo_planted_in_the_files_place_as_absent_without_blocking()
    {
        // Given a FIFO where the stat cache file belongs (no writer will ever open it)
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [CachePath]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // When it is loaded
        var loading = Task.Run(() => StatCacheFile.Load(CachePath));

        // Then the load does not wait for a writer, and nothing is trusted
        var loaded = await loading.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, loaded.Count);
    }

    [Fact]
    public void Should_ignore_a_file_of_the_older_format()
    {
        // Given a file as the previous version wrote it ("PSC1", a path and stat per entry)
        using (var writer = new BinaryWriter(File.Create(CachePath)))
        {
            writer.Write(0x31435350);
            writer.Write(1);
            writer.Write("data/a.txt");
            writer.Write(OldStat.Size);
            writer.Write(OldStat.ModifiedNanoseconds);
            writer.Write(OldStat.ChangedNanoseconds);
            writer.Write(OldStat.Inode);
            writer.Write(new byte[32]);
        }

        // When / Then
        Assert.Equal(0, StatCacheFile.Load(CachePath).Count);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("data/../..")]
    [InlineData("/etc")]
    [InlineData("data//twice")]
    [InlineData("data/./here")]
    [InlineData("back\\slash")]
    public void Should_ignore_a_file_naming_a_folder_outside_the_workspace_even_with_a_valid_checksum(string folder)
    {
        // Given a file whose checksum is right, written by someone who named a folder that is no workspace folder
        var hostile = new StatCache();
        hostile.Set(folder + "/a.txt", OldStat, ContentDigest.Of("planted"u8));
        File.WriteAllBytes(CachePath, StatCacheFile.Serialize(hostile));

        // When / Then: the whole file is refused
        var loaded = StatCacheFile.Load(CachePath);
        Assert.Equal(0, loaded.Count);
        Assert.False(loaded.TryGet(folder + "/a.txt", OldStat, out _));
    }

    [Fact]
    public void Should_ignore_a_file_whose_names_are_out_of_order_even_with_a_valid_checksum()
    {
        // Given two names of one folder swapped (a binary search would miss entries), checksum made anew
        var cache = new StatCache();
        cache.Set("data/a.txt", OldStat, ContentDigest.Of("a"u8));
        cache.Set("data/b.txt", OldStat with { Inode = 43 }, ContentDigest.Of("b"u8));
        var bytes = StatCacheFile.Serialize(cache);
        var entries = StatCacheSnapshot.HeaderLength + StatCacheSnapshot.FolderLength;
        var first = bytes.AsSpan(entries, StatCacheSnapshot.EntryLength).ToArray();
        bytes.AsSpan(entries + StatCacheSnapshot.EntryLength, StatCacheSnapshot.EntryLength).CopyTo(bytes.AsSpan(entries));
        first.CopyTo(bytes.AsSpan(entries + StatCacheSnapshot.EntryLength));
        File.WriteAllBytes(CachePath, Resealed(bytes));

        // When / Then
        Assert.Equal(0, StatCacheFile.Load(CachePath).Count);
    }

    [Fact]
    public void Should_never_throw_on_a_file_damaged_anywhere_even_with_a_valid_checksum()
    {
        // Given a valid file with one byte changed at every position in turn, the checksum made anew each time
        var valid = ValidFile();
        for (var position = 0; position < valid.Length - StatCacheSnapshot.ChecksumLength; position++)
        {
            foreach (var value in new byte[] { 0x00, 0x7f, 0xff })
            {
                var bytes = (byte[])valid.Clone();
                bytes[position] = value;
                File.WriteAllBytes(CachePath, Resealed(bytes));

                // When / Then: it loads or is ignored, and a look-up never throws
                var loaded = StatCacheFile.Load(CachePath);
                loaded.TryGet("data/a.txt", OldStat, out _);
                loaded.TryGet("data/sub/b.txt", OldStat, out _);
                ((IFolderListings)loaded).TryReplay("data", FolderStatOfData, "data/", []);
            }
        }
    }

    [Fact]
    public void Should_keep_a_folder_listing_across_saves_and_give_it_only_for_the_same_stat()
    {
        // Given a saved cache with a listing of data, loaded, and saved again after another file was learned
        var loaded = StatCacheFile.Load(Saved(ValidFile()));
        loaded.Set("data/c.txt", OldStat, ContentDigest.Of("c"u8));
        var again = StatCacheFile.Load(Saved(StatCacheFile.Serialize(loaded)));

        // When / Then: the entries come back in name order with their kinds, only under the folder's exact stat
        var entries = new List<FolderEntry>();
        Assert.True(((IFolderListings)again).TryReplay("data", FolderStatOfData, "data/", entries));
        Assert.Equal([new("data/a.txt", FileKind.RegularFile), new("data/link", FileKind.SymbolicLink), new("data/sub", FileKind.Directory)], entries);
        Assert.False(((IFolderListings)again).TryReplay("data", FolderStatOfData with { ChangedNanoseconds = 3_000_000_001L }, "data/", []));
        Assert.False(((IFolderListings)again).TryReplay("data", FolderStatOfData with { Inode = 8 }, "data/", []));
        Assert.False(((IFolderListings)again).TryReplay("other", FolderStatOfData, "other/", []));
    }

    [Fact]
    public void Should_keep_a_folder_listing_whose_names_sort_differently_as_utf16_and_as_utf8()
    {
        // Given names whose UTF-16 code units sort one way and their UTF-8 bytes the other (a surrogate pair before
        // U+FF21 as code units, after it as bytes), listed in the order a folder might give them
        var cache = new StatCache(new FixedClock(DateTimeOffset.UnixEpoch.AddSeconds(100)));
        IFolderListings listings = cache;
        listings.Record("data", FolderStatOfData, listings.Now(), [new("data/\U0001F600.txt", FileKind.RegularFile), new("data/b", FileKind.RegularFile), new("data/\uFF21", FileKind.RegularFile)], "data/".Length);

        // When it is saved and loaded
        var loaded = StatCacheFile.Load(Saved(StatCacheFile.Serialize(cache)));

        // Then the listing is kept, its names in UTF-8 byte order
        var entries = new List<FolderEntry>();
        Assert.True(((IFolderListings)loaded).TryReplay("data", FolderStatOfData, "data/", entries));
        Assert.Equal(["data/b", "data/\uFF21", "data/\U0001F600.txt"], entries.Select(e => e.Relative));
    }

    [Theory]
    [InlineData("dot-dot name")]
    [InlineData("slash in a name")]
    [InlineData("unknown kind")]
    [InlineData("names out of order")]
    [InlineData("count past the end")]
    [InlineData("folder outside")]
    public void Should_ignore_a_file_with_a_damaged_folder_listing_even_with_a_valid_checksum(string damage)
    {
        // Given a valid file whose listing of "data" (entries "a.txt", "link", "sub") is changed, checksum made anew
        var bytes = ValidFile();
        var text = Encoding.Latin1.GetString(bytes); // a character per byte
        int At(string s) => text.LastIndexOf(s, StringComparison.Ordinal);
        switch (damage)
        {
            case "dot-dot name":
                "..b"u8.CopyTo(bytes.AsSpan(At("sub"))); // "sub" becomes "..", its length 2
                bytes[At("sub") - 1] = 2;
                break;
            case "slash in a name":
                bytes[At("link") + 1] = (byte)'/';
                break;
            case "unknown kind":
                bytes[At("link") - 2] = 9;
                break;
            case "names out of order":
                "zzzzz"u8.CopyTo(bytes.AsSpan(At("a.txt")));
                break;
            case "count past the end":
                bytes[At("a.txt") - 6] = 4;
                break;
            default:
                "../x"u8.CopyTo(bytes.AsSpan(At("data\u0001"))); // the listing's folder path
                break;
        }

        // When / Then: the whole file is refused, listing and digests alike
        var loaded = StatCacheFile.Load(Saved(Resealed(bytes)));
        Assert.Equal(0, loaded.Count);
        Assert.False(((IFolderListings)loaded).TryReplay("data", FolderStatOfData, "data/", []));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("digest flipped")]
    [InlineData("listing damaged")]
    [InlineData("names out of order")]
    [InlineData("truncated")]
    public void Should_check_every_part_of_a_file_of_many_files(string damage)
    {
        // Given a saved cache of 15,000 files (over 1 MB) and a listing, damaged in one part (checksum made anew but for a flip)
        var bytes = ValidFile(bulkFiles: 15_000);
        Assert.True(bytes.Length >= 1 << 20);
        var entriesAt = StatCacheSnapshot.HeaderLength + (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) * StatCacheSnapshot.FolderLength);
        switch (damage)
        {
            case "digest flipped":
                bytes = Flip(bytes, entriesAt + 40);
                break;
            case "listing damaged":
                bytes[Encoding.Latin1.GetString(bytes).LastIndexOf("link", StringComparison.Ordinal) - 2] = 9; // an unknown kind
                bytes = Resealed(bytes);
                break;
            case "names out of order":
                var first = bytes.AsSpan(entriesAt, StatCacheSnapshot.EntryLength).ToArray();
                bytes.AsSpan(entriesAt + StatCacheSnapshot.EntryLength, StatCacheSnapshot.EntryLength).CopyTo(bytes.AsSpan(entriesAt));
                first.CopyTo(bytes.AsSpan(entriesAt + StatCacheSnapshot.EntryLength));
                bytes = Resealed(bytes);
                break;
            case "truncated":
                bytes = bytes[..^1];
                break;
        }

        // When
        var loaded = StatCacheFile.Load(Saved(bytes));

        // Then an undamaged file gives every entry and the listing; a damaged one nothing
        var whole = damage == "none";
        Assert.Equal(whole ? 15_002 : 0, loaded.Count);
        Assert.Equal(whole, loaded.TryGet("bulk/f14999.txt", StatOf("bulk/f14999.txt"), out var digest) && digest == ContentDigest.Of(BitConverter.GetBytes(14_999)));
        Assert.Equal(whole, ((IFolderListings)loaded).TryReplay("data", FolderStatOfData, "data/", []));
    }

    private static readonly FolderStat FolderStatOfData = new(1, 7, 2_000_000_000L, 3_000_000_000L);

    private string Saved(byte[] bytes)
    {
        File.WriteAllBytes(CachePath, bytes);
        return CachePath;
    }

    private static byte[] ValidFile(int bulkFiles = 0)
    {
        var cache = new StatCache(new FixedClock(DateTimeOffset.UnixEpoch.AddSeconds(100)));
        for (var i = 0; i < bulkFiles; i++)
        {
            cache.Set($"bulk/f{i:00000}.txt", StatOf($"bulk/f{i:00000}.txt"), ContentDigest.Of(BitConverter.GetBytes(i)));
        }

        cache.Set("data/a.txt", OldStat, ContentDigest.Of("a"u8));
        cache.Set("data/sub/b.txt", OldStat, ContentDigest.Of("b"u8));
        IFolderListings listings = cache;
        listings.Record("data", FolderStatOfData, listings.Now(), [new("data/sub", FileKind.Directory), new("data/a.txt", FileKind.RegularFile), new("data/link", FileKind.SymbolicLink)], "data/".Length);
        return StatCacheFile.Serialize(cache);
    }

    /// <summary>A stat for a path, different per path, far enough in the past not to be racy.</summary>
    private static FileStat StatOf(string path) =>
        new(path.Length, 1_000_000_000L + path.Sum(c => (long)c), 2_000_000_000L, (ulong)path.Length * 7);

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static byte[] Resealed(byte[] bytes)
    {
        var body = bytes.AsSpan(0, bytes.Length - StatCacheSnapshot.ChecksumLength);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(body.Length), XxHash3.HashToUInt64(body));
        return bytes;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
