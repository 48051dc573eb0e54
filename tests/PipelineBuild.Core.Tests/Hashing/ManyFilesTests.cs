using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Hashing;

/// <summary>Folders of many files: parallel stats and hashing give what one file at a time gives.</summary>
public sealed class ManyFilesTests
{
    [Fact]
    public void Should_give_each_file_its_own_digest_when_many_are_looked_at_and_hashed_in_parallel()
    {
        // Given 600 small files and one larger than the small-file buffer
        using var ws = TestWorkspace.Create();
        var paths = Enumerable.Range(0, 600).Select(i => $"data/d{i / 100}/f{i:0000}.txt").ToList();
        foreach (var path in paths)
        {
            ws.Write(path, "content of " + path + "\n");
        }

        var large = new string('x', 40_000);
        ws.Write("data/large.txt", large);
        paths.Add("data/large.txt");
        var cache = new StatCache();
        var digests = new FileDigests(new WorkspaceLayout(ws.Root), cache, parallelism: 2);

        // When
        var cold = digests.GetAll(paths);
        var warm = digests.GetAll(paths);

        // Then every digest is the file's, in order, and the second look came from the stat cache
        for (var i = 0; i < 600; i++)
        {
            Assert.Equal(ContentDigest.Of(Encoding.UTF8.GetBytes("content of " + paths[i] + "\n")), cold[i]);
        }

        Assert.Equal(ContentDigest.Of(Encoding.UTF8.GetBytes(large)), cold[600]);
        Assert.Equal(cold, warm);
        Assert.Equal(601, cache.Count);
        Assert.NotNull(cache.SeenThisRun("data/d3/f0333.txt"));
        Assert.Null(cache.SeenThisRun("data/never.txt"));
    }

    [Fact]
    public void Should_report_a_missing_file_itself_when_many_are_looked_at_in_parallel()
    {
        // Given
        using var ws = TestWorkspace.Create();
        var paths = Enumerable.Range(0, 400).Select(i => $"f{i:000}.txt").ToList();
        foreach (var path in paths.Skip(1))
        {
            ws.Write(path, path);
        }

        var digests = new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), parallelism: 2);

        // When / Then: the caller's FileNotFoundException, not a wrapper
        var error = Assert.Throws<FileNotFoundException>(() => digests.GetAll(paths));
        Assert.Contains("f000.txt", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Should_see_a_file_changed_in_a_nested_folder_after_the_others_came_from_the_stat_cache(int parallelism)
    {
        // Given files in nested folders, looked at once
        using var ws = TestWorkspace.Create();
        var paths = Enumerable.Range(0, 900).Select(i => $"data/d{i / 300}/e{i / 30 % 10}/f{i:0000}.txt").ToList();
        paths.Add("top.txt");
        paths.Sort(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            ws.Write(path, path);
        }

        var digests = new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), parallelism);
        var before = digests.GetAll(paths);

        // When one deep file is rewritten
        ws.Write("data/d2/e5/f0765.txt", "changed");
        var after = digests.GetAll(paths);

        // Then only its digest changed
        var changed = paths.IndexOf("data/d2/e5/f0765.txt");
        Assert.Equal(ContentDigest.Of("changed"u8), after[changed]);
        Assert.Equal(before.Where((_, i) => i != changed), after.Where((_, i) => i != changed));
        Assert.Equal(ContentDigest.Of("top.txt"u8), after[paths.IndexOf("top.txt")]);
    }

    [Theory]
    [InlineData(1, "gone/f.txt")]
    [InlineData(2, "gone/f.txt")]
    [InlineData(1, "a/file.txt/f.txt")]
    [InlineData(2, "a/file.txt/f.txt")]
    [InlineData(2, "a/sub")]
    public void Should_report_a_file_missing_when_its_folder_is_missing_or_not_a_folder(int parallelism, string missing)
    {
        // Given many files, and one whose folder does not exist, is a file, or that is itself a folder
        using var ws = TestWorkspace.Create();
        var paths = Enumerable.Range(0, 300).Select(i => $"a/f{i:000}.txt").ToList();
        foreach (var path in paths)
        {
            ws.Write(path, path);
        }

        ws.Write("a/file.txt", "not a folder");
        ws.Write("a/sub/x.txt", "x");
        paths.Add(missing);
        paths.Sort(StringComparer.Ordinal);
        var digests = new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), parallelism);

        // When / Then
        var error = Assert.Throws<FileNotFoundException>(() => digests.GetAll(paths));
        Assert.Equal($"'{missing}' does not exist or is not a file.", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Should_follow_links_inside_the_workspace_on_the_way_to_a_file_and_for_the_file_itself(int parallelism)
    {
        // Given a folder reached through a link, and a file that is a link
        using var ws = TestWorkspace.Create();
        var paths = Enumerable.Range(0, 300).Select(i => $"real/f{i:000}.txt").ToList();
        foreach (var path in paths)
        {
            ws.Write(path, path);
        }

        Directory.CreateSymbolicLink(ws.PathOf("alias"), "real");
        File.CreateSymbolicLink(ws.PathOf("real/link.txt"), "f007.txt");
        paths.AddRange(["alias/f001.txt", "alias/link.txt", "real/link.txt"]);
        paths.Sort(StringComparer.Ordinal);
        var digests = new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), parallelism);

        // When
        var all = digests.GetAll(paths);

        // Then each is the digest of the file the link leads to
        Assert.Equal(ContentDigest.Of("real/f001.txt"u8), all[paths.IndexOf("alias/f001.txt")]);
        Assert.Equal(ContentDigest.Of("real/f007.txt"u8), all[paths.IndexOf("alias/link.txt")]);
        Assert.Equal(ContentDigest.Of("real/f007.txt"u8), all[paths.IndexOf("real/link.txt")]);
    }

    [Fact]
    public void Should_digest_a_listing_as_the_text_it_renders_sorted_by_path()
    {
        // Given files out of order, with a non-ASCII name and a path longer than the hashing buffer
        var files = new List<FileDigest>
        {
            new("b/zeta.txt", ContentDigest.Of("z"u8)),
            new("a/ünïcödé.txt", ContentDigest.Of("u"u8)),
            new("a/" + new string('p', 70_000), ContentDigest.Of("p"u8)),
        };
        files.AddRange(Enumerable.Range(0, 2000).Select(i => new FileDigest($"c/{i:0000}", ContentDigest.Of(BitConverter.GetBytes(i)))));

        // When
        var listing = new TreeListing(files);

        // Then
        var expected = string.Concat(files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => $"{f.Digest.Hex}  {f.Path}\n"));
        Assert.Equal(expected, listing.Text);
        Assert.Equal(ContentDigest.Of(Encoding.UTF8.GetBytes(expected)), listing.Digest);
        Assert.Equal(listing.Digest, TreeListing.TryParse(listing.Text)!.Digest);
    }
}
