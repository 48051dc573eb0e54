using PipelineBuild.Core.Graph;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Graph;

/// <summary>A folder listing read in steps: every plain name found, no link or missing name ever taken for one.</summary>
public sealed class FolderListingTests
{
    [Fact]
    public void Should_know_every_plain_name_of_a_large_folder_read_in_steps()
    {
        // Given a folder of 1,500 files (more than the first steps read), a link and a subfolder
        using var ws = TestWorkspace.Create();
        var names = Enumerable.Range(0, 1500).Select(i => $"f{i:0000}.txt").ToList();
        foreach (var name in names)
        {
            ws.Write("big/" + name, name);
        }

        File.CreateSymbolicLink(ws.PathOf("big/link.txt"), ws.PathOf("big/f0000.txt"));
        Directory.CreateDirectory(ws.PathOf("big/sub"));
        using var listing = new FolderListing(ws.PathOf("big"));

        // When every name is asked about, in order, twice
        var first = names.Select(n => listing.HasPlainEntry(n)).ToList();
        var second = names.Select(n => listing.HasPlainEntry(n)).ToList();

        // Then the first few are unknown (checked on disk by the caller), and once the scan went on to the end every
        // file is known, the subfolder too; the link and a missing name never are
        Assert.All(second, Assert.True);
        Assert.True(first.Skip(600).All(known => known));
        Assert.True(listing.HasPlainEntry("sub"));
        Assert.False(listing.HasPlainEntry("link.txt"));
        Assert.False(listing.HasPlainEntry("missing.txt"));
    }

    [Fact]
    public void Should_know_nothing_of_a_folder_that_cannot_be_read()
    {
        // Given a listing of a folder that does not exist
        using var ws = TestWorkspace.Create();
        using var listing = new FolderListing(ws.PathOf("absent"));

        // When it is asked about many names, Then none is known
        Assert.All(Enumerable.Range(0, 100).Select(i => listing.HasPlainEntry($"f{i}")), Assert.False);
    }
}
