using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Workspace;

/// <summary>A folder listed as an input: every file under it once, sorted, links checked and followed when inside.</summary>
public sealed class WorkspaceFilesTests
{
    [Fact]
    public void Should_list_every_file_of_a_tree_sorted_without_the_tools_state_or_exclusions()
    {
        // Given folders on several levels, the tool's state and .git, and an excluded file
        using var ws = TestWorkspace.Create();
        var expected = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            expected.Add(ws.RelativeWrite($"d{i % 7}/e{i % 3}/f{i:00}.txt"));
        }

        expected.Add(ws.RelativeWrite("top.txt"));
        expected.Add(ws.RelativeWrite("ünï/çødé.txt"));
        ws.Write(".pipeline/cache/x", "state");
        ws.Write(".git/HEAD", "ref");
        ws.Write("d1/skip.log", "excluded");
        Directory.CreateDirectory(ws.PathOf("empty/inner"));

        // When
        var all = WorkspaceFiles.UnderFolder(new WorkspaceLayout(ws.Root), ".", ["**/*.log"]);
        var one = WorkspaceFiles.UnderFolder(new WorkspaceLayout(ws.Root), "d3");

        // Then
        Assert.Equal(expected.Order(StringComparer.Ordinal), all);
        Assert.Equal(expected.Where(p => p.StartsWith("d3/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), one);
    }

    [Fact]
    public void Should_list_in_ordinal_order_when_files_and_folders_of_several_levels_interleave()
    {
        // Given names whose ordinal order interleaves levels ("b.txt" < "b/" < "b0") and non-ASCII names whose
        // UTF-16 order differs from their UTF-8 order (U+E000 after a surrogate pair in UTF-16, before it in UTF-8)
        using var ws = TestWorkspace.Create();
        string[] written =
        [
            "data/b.txt", "data/b/c.txt", "data/b/c/d.txt", "data/b-x", "data/b0", "data/a/z.txt", "data/\uE000.txt",
            "data/\U0001F600.txt", "data/é/\uE000", "data/é/\U0001F600", "data/é.txt", "data/z/\u00FF/\u0100.txt",
        ];
        foreach (var path in written)
        {
            ws.Write(path, path);
        }

        // When
        var files = WorkspaceFiles.UnderFolder(new WorkspaceLayout(ws.Root), "data");

        // Then the paths come in ordinal (UTF-16) order, as before
        Assert.Equal(written.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void Should_list_the_folders_of_one_level_in_order_with_each_folders_files_sorted()
    {
        // Given many folders of one level with files written out of order
        using var ws = TestWorkspace.Create();
        var expected = new List<string>();
        for (var f = 29; f >= 0; f--)
        {
            for (var i = 40; i >= 0; i -= 3)
            {
                expected.Add(ws.RelativeWrite($"data/d{f:000}/f{i:0000}.txt"));
            }
        }

        // When
        var files = WorkspaceFiles.UnderFolder(new WorkspaceLayout(ws.Root), "data");

        // Then
        Assert.Equal(expected.Order(StringComparer.Ordinal), files);
    }

    [Fact]
    public void Should_follow_links_that_stay_inside_the_workspace_under_their_own_names()
    {
        // Given a link to a file and a link to a folder, both inside
        using var ws = TestWorkspace.Create();
        ws.Write("real/a.txt", "a");
        ws.Write("real/sub/b.txt", "b");
        ws.Write("data/own.txt", "own");
        File.CreateSymbolicLink(ws.PathOf("data/file-link.txt"), "../real/a.txt");
        Directory.CreateSymbolicLink(ws.PathOf("data/folder-link"), "../real");

        // When
        var files = WorkspaceFiles.UnderFolder(new WorkspaceLayout(ws.Root), "data");

        // Then
        Assert.Equal(["data/file-link.txt", "data/folder-link/a.txt", "data/folder-link/sub/b.txt", "data/own.txt"], files);
    }

    [Theory]
    [InlineData("data/link.txt", false)]
    [InlineData("data/deep/er/link", true)]
    public void Should_refuse_a_link_that_leads_outside_the_workspace(string link, bool isFolder)
    {
        // Given
        using var ws = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        outside.Write("secret.txt", "secret");
        for (var i = 0; i < 20; i++)
        {
            ws.Write($"data/d{i}/f.txt", "f");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ws.PathOf(link))!);
        if (isFolder)
        {
            Directory.CreateSymbolicLink(ws.PathOf(link), outside.Root);
        }
        else
        {
            File.CreateSymbolicLink(ws.PathOf(link), outside.PathOf("secret.txt"));
        }

        // When / Then
        var error = Assert.Throws<LinkOutsideWorkspaceException>(() => WorkspaceFiles.UnderFolder(new WorkspaceLayout(ws.Root), "data"));
        Assert.Contains(link, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_check_a_folder_replaced_by_a_link_to_outside()
    {
        // Given a folder listed once, then replaced by a link leading outside
        using var ws = TestWorkspace.Create();
        using var outside = TestWorkspace.Create();
        outside.Write("f.txt", "outside");
        ws.Write("data/sub/f.txt", "inside");
        var layout = new WorkspaceLayout(ws.Root);
        Assert.Equal(["data/sub/f.txt"], WorkspaceFiles.UnderFolder(layout, "data"));
        Directory.Delete(ws.PathOf("data/sub"), recursive: true);
        Directory.CreateSymbolicLink(ws.PathOf("data/sub"), outside.Root);

        // When / Then
        Assert.Throws<LinkOutsideWorkspaceException>(() => WorkspaceFiles.UnderFolder(layout, "data"));
    }

    [Fact]
    public void Should_refuse_a_link_loop_instead_of_following_it_forever()
    {
        // Given a link to its own folder
        using var ws = TestWorkspace.Create();
        ws.Write("data/f.txt", "f");
        Directory.CreateSymbolicLink(ws.PathOf("data/loop"), ".");

        // When / Then: followed until the path no longer resolves (too many links), which the guard refuses
        var error = Assert.Throws<LinkOutsideWorkspaceException>(() => WorkspaceFiles.UnderFolder(new WorkspaceLayout(ws.Root), "data"));
        Assert.Contains("data/loop/loop/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_a_dangling_link_inside_as_a_file()
    {
        // Given a link whose target does not exist (the digest step then reports it missing)
        using var ws = TestWorkspace.Create();
        ws.Write("data/a.txt", "a");
        File.CreateSymbolicLink(ws.PathOf("data/gone.txt"), "nowhere.txt");

        // When
        var files = WorkspaceFiles.UnderFolder(new WorkspaceLayout(ws.Root), "data");

        // Then
        Assert.Equal(["data/a.txt", "data/gone.txt"], files);
    }

    [Fact]
    public void Should_see_the_same_entries_through_readdir_as_through_the_portable_listing()
    {
        if (!LinuxFolderEntries.IsSupported)
        {
            return; // readdir is read on 64-bit Linux only
        }

        // Given a file, a folder, links to both, a dangling link and a non-ASCII name
        using var ws = TestWorkspace.Create();
        ws.Write("data/a.txt", "a");
        ws.Write("data/sub/b.txt", "b");
        ws.Write("data/ünï.txt", "u");
        File.CreateSymbolicLink(ws.PathOf("data/file-link"), "a.txt");
        Directory.CreateSymbolicLink(ws.PathOf("data/folder-link"), "sub");
        File.CreateSymbolicLink(ws.PathOf("data/dangling"), "nowhere");
        var linux = new List<FolderEntry>();
        var portable = new List<FolderEntry>();

        // When
        LinuxFolderEntries.Read(ws.PathOf("data"), "data/", linux);
        PortableFolderEntries.Read(ws.PathOf("data"), "data/", portable);

        // Then
        FolderEntry[] expected =
        [
            new("data/a.txt", FileKind.RegularFile),
            new("data/dangling", FileKind.SymbolicLink),
            new("data/file-link", FileKind.SymbolicLink),
            new("data/folder-link", FileKind.SymbolicLink),
            new("data/sub", FileKind.Directory),
            new("data/ünï.txt", FileKind.RegularFile),
        ];
        Assert.Equal(expected, linux.OrderBy(e => e.Relative, StringComparer.Ordinal));
        Assert.Equal(expected, portable.OrderBy(e => e.Relative, StringComparer.Ordinal));
    }

    [Fact]
    public void Should_report_a_folder_that_cannot_be_listed_as_dotnet_does()
    {
        // Given a folder that is gone by the time it is listed
        using var ws = TestWorkspace.Create();
        var gone = ws.PathOf("gone");

        // When / Then
        Assert.Throws<DirectoryNotFoundException>(() => PortableFolderEntries.Read(gone, "gone/", []));
        if (LinuxFolderEntries.IsSupported)
        {
            var error = Assert.Throws<DirectoryNotFoundException>(() => LinuxFolderEntries.Read(gone, "gone/", []));
            Assert.Equal($"Could not find a part of the path '{gone}'.", error.Message);
        }
    }
}

file static class Writes
{
    public static string RelativeWrite(this TestWorkspace ws, string relative)
    {
        ws.Write(relative, relative);
        return relative;
    }
}
