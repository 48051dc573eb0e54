using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Hashing;

/// <summary>Stats taken ahead for a plan: the digests one stat at a time gives, and fresh stats once the scope ends.</summary>
public sealed class StatAheadTests
{
    [Fact]
    public void Should_give_the_digests_that_one_stat_at_a_time_gives()
    {
        // Given 600 files in folders taken in turn, a missing file, a folder and a link to a file in the workspace
        using var ws = TestWorkspace.Create();
        var paths = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            paths.Add($"in/f{i:000}.txt");
            paths.Add($"out/d{i % 3}/f{i:000}.txt");
        }

        foreach (var path in paths)
        {
            ws.Write(path, "content of " + path);
        }

        paths.AddRange(["in/missing.txt", "out", "top.txt", "linked.txt"]);
        ws.Write("top.txt", "top");
        File.CreateSymbolicLink(ws.PathOf("linked.txt"), ws.PathOf("in/f001.txt"));
        var layout = new WorkspaceLayout(ws.Root);
        var ahead = new FileDigests(layout, new StatCache(), parallelism: 2);

        // When every path is stat'ed ahead, then looked up
        ContentDigest?[] withStatsAhead;
        using (ahead.StatAhead(paths))
        {
            withStatsAhead = paths.Select(ahead.TryGet).ToArray();
        }

        // Then each is what a fresh look, one stat at a time, gives
        var fresh = new FileDigests(layout, new StatCache(), parallelism: 2);
        Assert.Equal(paths.Select(fresh.TryGet).ToArray(), withStatsAhead);
        Assert.Equal(ContentDigest.Of(Encoding.UTF8.GetBytes("content of out/d2/f299.txt")), withStatsAhead[599]);
        Assert.Equal([null, null], withStatsAhead[600..602]);
        Assert.Equal(ContentDigest.Of(Encoding.UTF8.GetBytes("content of in/f001.txt")), withStatsAhead[^1]);
    }

    [Fact]
    public void Should_stat_again_once_the_scope_ends()
    {
        // Given a file whose digest is in the stat cache, and another not there yet, both stat'ed ahead
        using var ws = TestWorkspace.Create();
        ws.Write("a.txt", "one");
        var digests = new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), parallelism: 1);
        var before = digests.TryGet("a.txt");
        using (digests.StatAhead(["a.txt", "b.txt"]))
        {
            Assert.Equal(before, digests.TryGet("a.txt"));
            Assert.Null(digests.TryGet("b.txt"));
        }

        // When both change after the scope: a rewritten with the same size, b created
        ws.Write("a.txt", "two");
        File.SetLastWriteTimeUtc(ws.PathOf("a.txt"), DateTime.UtcNow.AddMinutes(1));
        ws.Write("b.txt", "bee");

        // Then both are seen as they are now
        Assert.Equal(ContentDigest.Of("two"u8.ToArray()), digests.TryGet("a.txt"));
        Assert.Equal(ContentDigest.Of("bee"u8.ToArray()), digests.TryGet("b.txt"));
    }

    [Fact]
    public void Should_never_remember_a_file_changed_after_its_stat_was_taken_ahead()
    {
        // Given a file stat'ed ahead, then rewritten within the scope
        using var ws = TestWorkspace.Create();
        ws.Write("a.txt", "one");
        var cache = new StatCache();
        var digests = new FileDigests(new WorkspaceLayout(ws.Root), cache, parallelism: 1);
        using var scope = digests.StatAhead(["a.txt"]);
        ws.Write("a.txt", "changed");

        // When it is looked up within the scope
        var digest = digests.TryGet("a.txt");

        // Then its bytes are hashed as they are, and the stat cache keeps no digest under the stat taken ahead
        Assert.Equal(ContentDigest.Of("changed"u8.ToArray()), digest);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Should_stat_a_path_that_was_not_taken_ahead()
    {
        // Given a scope over one file
        using var ws = TestWorkspace.Create();
        ws.Write("a.txt", "one");
        var digests = new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), parallelism: 2);
        using var scope = digests.StatAhead(["a.txt"]);

        // When another file is created and looked up within it
        ws.Write("c/d.txt", "dee");

        // Then it is stat'ed as usual
        Assert.Equal(ContentDigest.Of("dee"u8.ToArray()), digests.TryGet("c/d.txt"));
    }
}
