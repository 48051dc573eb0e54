using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Hashing;

public sealed class StatCacheTests
{
    [Fact]
    public void Should_reuse_a_digest_from_the_stat_cache_for_an_unchanged_file()
    {
        // Given a file hashed once, and a stat cache entry deliberately pointing at another digest
        using var ws = TestWorkspace.Create();
        ws.Write("data.csv", "a,b\n1,2\n");
        var layout = new WorkspaceLayout(ws.Root);
        var cache = new StatCache();
        var stat = FileStat.Read(ws.PathOf("data.csv"))!.Value;
        var planted = ContentDigest.Of("planted"u8);
        cache.Set("data.csv", stat, planted);
        var digests = new FileDigests(layout, cache, 2);

        // When
        var digest = digests.TryGet("data.csv");

        // Then the file was not read again: the cached digest came back
        Assert.Equal(planted, digest);
    }

    [Fact]
    public void Should_tell_which_loaded_entries_a_run_saw_only_while_it_left_the_cache_as_loaded()
    {
        // Given a saved cache of three files, loaded again
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf("stat");
        var saved = new StatCache(new FixedClock(DateTimeOffset.UtcNow.AddHours(1)));
        var stats = new[] { new FileStat(1, 10, 10, 1), new FileStat(2, 20, 20, 2), new FileStat(3, 30, 30, 3) };
        for (var i = 0; i < 3; i++)
        {
            saved.Set($"f{i}", stats[i], ContentDigest.Of([(byte)i]));
        }

        var file = StatCacheFile.Save(saved, path)!.Value;
        var loaded = StatCacheFile.Load(path);
        Assert.Equal(new byte[] { 0 }, loaded.SeenUnchanged()!.SeenEntries);

        // When a run sees two of them unchanged
        Assert.True(loaded.TryGet("f0", stats[0], out _));
        Assert.True(loaded.TryGet("f2", stats[2], out _));

        // Then those two are the ones seen, in the file it was loaded from; and once it learns something, nothing is told
        var seen = loaded.SeenUnchanged()!;
        Assert.Equal(file, seen.File);
        Assert.Equal(new byte[] { 0b101 }, seen.SeenEntries);
        Assert.True(seen.SawAll([0b001]));
        Assert.False(seen.SawAll([0b010]));
        Assert.False(seen.SawAll([0b001, 0]));
        loaded.Set("f1", stats[1] with { Size = 5 }, ContentDigest.Of("changed"u8));
        Assert.Null(loaded.SeenUnchanged());
        Assert.Null(new StatCache().SeenUnchanged());
    }

    [Fact]
    public void Should_hash_again_when_the_content_changes_even_if_the_size_stays()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("data.csv", "aaaa");
        var digests = new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), 2);
        var before = digests.TryGet("data.csv");

        ws.Write("data.csv", "bbbb");
        var after = digests.TryGet("data.csv");

        Assert.Equal(ContentDigest.Of("bbbb"u8), after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Should_round_trip_the_stat_cache_file_and_ignore_a_damaged_one()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("x.txt", "x");
        var stat = FileStat.Read(ws.PathOf("x.txt"))!.Value;
        var cache = new StatCache(new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(stat.ModifiedNanoseconds / 1_000_000L) + (StatCache.RacyWindow * 2)));
        cache.Set("x.txt", stat, ContentDigest.Of("x"u8));
        var path = ws.PathOf(".pipeline/cache/stat");

        StatCacheFile.Save(cache, path);
        var loaded = StatCacheFile.Load(path);
        File.WriteAllText(path, "garbage");
        var damaged = StatCacheFile.Load(path);

        Assert.True(loaded.TryGet("x.txt", stat, out var digest));
        Assert.Equal(ContentDigest.Of("x"u8), digest);
        Assert.Equal(0, damaged.Count);
    }

    [Fact]
    public void Should_hash_many_large_files_in_parallel_with_the_same_digests_as_one_by_one()
    {
        using var ws = TestWorkspace.Create();
        var random = new Random(7);
        var paths = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var bytes = new byte[1 << 20];
            random.NextBytes(bytes);
            Directory.CreateDirectory(ws.PathOf("big"));
            File.WriteAllBytes(ws.PathOf($"big/{i}.bin"), bytes);
            paths.Add($"big/{i}.bin");
        }

        var parallel = new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), 4).GetAll(paths);

        Assert.Equal(paths.Select(p => FileHasher.Hash(ws.PathOf(p))), parallel);
    }

    [Fact]
    public void Should_not_save_the_digest_of_a_file_changed_within_the_racy_window()
    {
        // Given a file hashed right after it was written: a second write in the same clock tick
        // would not change its stat, so its digest must not outlive this run
        using var ws = TestWorkspace.Create();
        ws.Write("fresh.txt", "x");
        var stat = FileStat.Read(ws.PathOf("fresh.txt"))!.Value;
        var cache = new StatCache(new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(stat.ModifiedNanoseconds / 1_000_000L)));
        cache.Set("fresh.txt", stat, ContentDigest.Of("x"u8));
        var path = ws.PathOf(".pipeline/cache/stat");

        // When
        StatCacheFile.Save(cache, path);

        // Then the run itself may use it, the next run may not
        Assert.True(cache.TryGet("fresh.txt", stat, out _));
        Assert.False(StatCacheFile.Load(path).TryGet("fresh.txt", stat, out _));
    }

    /// <summary>"Now" pinned to the moment the file was written, however long the machine took to get here.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
