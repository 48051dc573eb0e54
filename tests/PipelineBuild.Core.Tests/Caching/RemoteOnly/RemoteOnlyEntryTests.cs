using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Tests.Caching.RemoteOnly;

/// <summary>A cluster job's action entry becomes the files it leaves remote-only; anything doubtful refuses the whole entry.</summary>
public sealed class RemoteOnlyEntryTests
{
    private static readonly ActionKey Key = new(ContentDigest.Of("fp"u8));
    private static readonly ContentDigest A = ContentDigest.Of("a"u8);
    private static readonly ContentDigest B = ContentDigest.Of("bb"u8);
    private static readonly ContentDigest M = ContentDigest.Of("mmm"u8);
    private static readonly Dictionary<ContentDigest, long> Sizes = new() { [A] = 1, [B] = 2, [M] = 3 };

    [Fact]
    public void Should_flatten_folder_outputs_through_their_listings()
    {
        // Given an entry with a file and a folder output, and the folder's listing
        var listing = new TreeListing([new FileDigest("reports/a.txt", A), new FileDigest("reports/sub/b.txt", B)]);
        var entry = new ActionEntry(Key, [new OutputRecord("model.bin", false, M), new OutputRecord("reports", true, listing.Digest)]);

        // When
        var files = RemoteOnlyEntry.FilesOf("train", entry, d => d == listing.Digest ? listing.Text : null, Sizes);

        // Then
        Assert.NotNull(files);
        Assert.Equal(
            [("model.bin", M, 3L), ("reports/a.txt", A, 1L), ("reports/sub/b.txt", B, 2L)],
            files.Select(f => (f.Path, f.Digest, f.Size)));
        Assert.All(files, f => Assert.Equal(Key, f.Fingerprint));
        Assert.Equal([M, A, B], RemoteOnlyEntry.BlobsOf(entry, d => d == listing.Digest ? listing.Text : null));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("other/a.txt")]
    [InlineData("reports")]
    [InlineData("reportsX/a.txt")]
    public void Should_refuse_an_entry_whose_listing_names_a_path_outside_its_folder(string path)
    {
        var listing = new TreeListing([new FileDigest(path, A)]);
        var entry = new ActionEntry(Key, [new OutputRecord("reports", true, listing.Digest)]);

        Assert.Null(RemoteOnlyEntry.FilesOf("train", entry, _ => listing.Text, Sizes));
    }

    [Fact]
    public void Should_refuse_an_entry_whose_listing_is_missing_or_not_the_one_named()
    {
        var listing = new TreeListing([new FileDigest("reports/a.txt", A)]);
        var other = new TreeListing([new FileDigest("reports/a.txt", B)]);
        var entry = new ActionEntry(Key, [new OutputRecord("reports", true, listing.Digest)]);

        Assert.Null(RemoteOnlyEntry.FilesOf("train", entry, _ => null, Sizes));
        Assert.Null(RemoteOnlyEntry.FilesOf("train", entry, _ => other.Text, Sizes));
    }

    [Fact]
    public void Should_refuse_an_entry_with_a_blob_of_unknown_size()
    {
        var entry = new ActionEntry(Key, [new OutputRecord("model.bin", false, M)]);

        Assert.Null(RemoteOnlyEntry.FilesOf("train", entry, _ => null, new Dictionary<ContentDigest, long> { [A] = 1 }));
        Assert.Null(RemoteOnlyEntry.FilesOf("train", entry, _ => null, new Dictionary<ContentDigest, long> { [M] = -1 }));
    }
}
