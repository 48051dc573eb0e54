using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Hashing;

/// <summary>
/// Looking up listed files in order with one hint (a merge with the saved folders) finds exactly what a look-up of
/// each file alone finds, whatever was added, removed or renamed since the cache was saved.
/// </summary>
public sealed class StatCacheMergeTests : IDisposable
{
    private readonly TestWorkspace _ws = TestWorkspace.Create();

    public StatCacheMergeTests() => Directory.CreateDirectory(_ws.PathOf(".pipeline/cache"));

    public void Dispose() => _ws.Dispose();

    private string CachePath => _ws.PathOf(".pipeline/cache/stat");

    [Fact]
    public void Should_find_in_order_what_a_lone_look_up_finds_when_files_and_folders_were_added_removed_or_renamed()
    {
        // Given a cache saved over folders with non-ASCII names (UTF-16 and UTF-8 orders differ for some of them)
        string[] saved =
        [
            "a.txt", "data/d000/f0000.txt", "data/d000/f0001.txt", "data/d000/f0002.txt", "data/d001/f0000.txt",
            "data/d001/f0001.txt", "data/gone/x.txt", "data/é/ü.txt", "data/é/\uE000.txt", "data/é/\U0001F600.txt",
            "data/é/z.txt", "data/\U0001F600/a.txt", "data/\uFFFD/a.txt",
        ];
        var first = new StatCache();
        foreach (var path in saved)
        {
            first.Set(path, StatOf(path), DigestOf(path));
        }

        StatCacheFile.Save(first, CachePath);
        var cache = StatCacheFile.Load(CachePath);

        // When today's listing (ordinal order) drops a file and a folder, adds files before, between and after the
        // saved ones, renames one and adds a folder
        string[] listed =
        [
            "a.txt", "b.txt", "data/d000/e.txt", "data/d000/f0000.txt", "data/d000/f0001b.txt", "data/d000/f0002.txt",
            "data/d000/g.txt", "data/d001/f0001.txt", "data/new/f0000.txt", "data/é/ü.txt", "data/é/z.txt",
            "data/é/\U0001F600.txt", "data/é/\uE000.txt", "data/\U0001F600/a.txt", "data/\uFFFD/a.txt", "zz/last.txt",
        ];
        Array.Sort(listed, StringComparer.Ordinal);
        var hint = default(FindHint);
        var inOrder = listed.Select(path => (cache.TryGet(path, StatOf(path), out var digest, ref hint), digest)).ToArray();

        // Then each is found exactly when it was saved, with its own digest, as a look-up alone finds it
        for (var i = 0; i < listed.Length; i++)
        {
            var path = listed[i];
            var alone = cache.TryGet(path, StatOf(path), out var digest);
            Assert.Equal(saved.Contains(path), alone);
            Assert.Equal((alone, digest), inOrder[i]);
            if (alone)
            {
                Assert.Equal(DigestOf(path), digest);
            }
        }
    }

    [Fact]
    public void Should_not_take_the_next_entry_for_a_file_whose_stat_changed()
    {
        // Given a saved folder of consecutive files
        var first = new StatCache();
        foreach (var path in new[] { "d/a", "d/b", "d/c" })
        {
            first.Set(path, StatOf(path), DigestOf(path));
        }

        StatCacheFile.Save(first, CachePath);
        var cache = StatCacheFile.Load(CachePath);

        // When they are looked up in order and the middle one has changed
        var hint = default(FindHint);
        Assert.True(cache.TryGet("d/a", StatOf("d/a"), out _, ref hint));
        var missed = cache.TryGet("d/b", StatOf("d/b") with { Size = 1234 }, out _, ref hint);
        var last = cache.TryGet("d/c", StatOf("d/c"), out var digest, ref hint);

        // Then the changed one misses and the next is still found under its own name
        Assert.False(missed);
        Assert.True(last);
        Assert.Equal(DigestOf("d/c"), digest);
    }

    [Fact]
    public void Should_say_in_order_by_UTF8_bytes_what_a_lone_look_up_says_of_each_index_path()
    {
        // Given a loaded cache of which this run looked at some files
        string[] saved = ["a.txt", "data/d0/f0.txt", "data/d0/f1.txt", "data/d0/f2.txt", "data/d1/f0.txt", "data/é/ü.txt", "data/é/\uE000", "data/é/\U0001F600"];
        var first = new StatCache();
        foreach (var path in saved)
        {
            first.Set(path, StatOf(path), DigestOf(path));
        }

        StatCacheFile.Save(first, CachePath);
        var cache = StatCacheFile.Load(CachePath);
        foreach (var path in saved.Where(p => p != "data/d0/f1.txt"))
        {
            Assert.True(cache.TryGet(path, StatOf(path), out _));
        }

        // When git's index paths (sorted by their bytes, one not valid UTF-8) are looked up in order
        var paths = new[] { "a.txt", "b.txt", "data/d0/f0.txt", "data/d0/f1.txt", "data/d0/f2.txt", "data/d0/f3.txt", "data/d1/f0.txt", "data/d2/f0.txt", "data/é/ü.txt", "data/é/\uE000", "data/é/\U0001F600" }
            .Select(p => Encoding.UTF8.GetBytes(p))
            .Append([.. "data/d0/"u8, 0xFF])
            .Order(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .ToArray();
        var inOrder = cache.SeenThisRunInOrder();
        var seen = paths.Select(p => inOrder(p)).ToArray();

        // Then each answer is the stat of the file this run saw, as a lone look-up says, and null for the others
        for (var i = 0; i < paths.Length; i++)
        {
            var path = Encoding.UTF8.GetString(paths[i]);
            var expected = saved.Contains(path) && path != "data/d0/f1.txt" ? StatOf(path) : (FileStat?)null;
            Assert.Equal(expected, seen[i]);
            Assert.Equal(cache.SeenThisRunUtf8(paths[i]), seen[i]);
        }
    }

    private static ContentDigest DigestOf(string path) => ContentDigest.Of(Encoding.UTF8.GetBytes(path));

    /// <summary>A stat for a path, different per path, far enough in the past not to be racy.</summary>
    private static FileStat StatOf(string path) =>
        new(path.Length, 1_000_000_000L + path.Sum(c => (long)c), 2_000_000_000L, (ulong)path.Length * 7);
}
