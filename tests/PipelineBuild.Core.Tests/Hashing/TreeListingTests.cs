using System.Text;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Tests.Hashing;

/// <summary>Which file of a folder input changed, named from the listing stored by the last run (<see cref="TreeListing.FirstChangeFrom"/>).</summary>
public sealed class TreeListingTests
{
    // ASCII, two- and three-byte characters, one above the surrogates (U+FF21) and one made of surrogates (U+1D4B3):
    // UTF-16 puts the surrogates first, UTF-8 puts them last, and listings are in UTF-16 order.
    private static readonly string[] Names = ["a", "b", "B", "é", "日", "\uFF21", "\U0001D4B3", "a b", "z"];

    [Fact]
    public void Should_name_what_a_comparison_of_both_listings_as_maps_names_for_random_changes()
    {
        // Given listings of random paths, and a later one with files changed, added and removed at random
        var random = new Random(1234);
        for (var round = 0; round < 2000; round++)
        {
            var earlier = RandomFiles(random, random.Next(0, 12));
            var later = new Dictionary<string, ContentDigest>(earlier, StringComparer.Ordinal);
            for (var edits = random.Next(0, 4); edits > 0 && later.Count > 0; edits--)
            {
                var path = later.Keys.ElementAt(random.Next(later.Count));
                switch (random.Next(3))
                {
                    case 0: later[path] = Digest(random); break;
                    case 1: later.Remove(path); break;
                    default: later[RandomPath(random)] = Digest(random); break;
                }
            }

            var earlierText = Encoding.UTF8.GetBytes(Listing(earlier).Text);

            // When the later listing is compared with the earlier one's text
            var named = Listing(later).FirstChangeFrom(earlierText);

            // Then it names the first of its files the earlier lacks or had otherwise, else the first it lost
            Assert.Equal(ByMaps(earlier, later), named);
        }
    }

    [Fact]
    public void Should_name_a_changed_file_before_one_removed_earlier_in_order()
    {
        var earlier = Listing(new() { ["data/a"] = Digest(1), ["data/b"] = Digest(2), ["data/c"] = Digest(3) });
        var later = Listing(new() { ["data/a"] = Digest(1), ["data/c"] = Digest(4) });

        Assert.Equal("data/c", later.FirstChangeFrom(Encoding.UTF8.GetBytes(earlier.Text)));
        Assert.Equal("data/b", Listing(new() { ["data/a"] = Digest(1), ["data/c"] = Digest(3) }).FirstChangeFrom(Encoding.UTF8.GetBytes(earlier.Text)));
        Assert.Null(earlier.FirstChangeFrom(Encoding.UTF8.GetBytes(earlier.Text)));
    }

    [Fact]
    public void Should_give_as_bytes_exactly_what_its_digest_names_and_store_them_under_it()
    {
        // Given listings of random paths, one with a path that is not valid UTF-16 (a lone surrogate)
        var random = new Random(99);
        using var workspace = PipelineBuild.Testing.TestWorkspace.Create();
        var store = new PipelineBuild.Core.Caching.ContentStore(workspace.PathOf("cas"));
        var listings = Enumerable.Range(0, 200).Select(i => Listing(RandomFiles(random, i % 9))).Append(Listing(new() { ["data/\uD800x"] = Digest(1) }));
        foreach (var listing in listings)
        {
            // When it is turned into bytes and stored
            var bytes = listing.ToUtf8();
            var stored = store.PutListing(listing);

            // Then the bytes are its text's, its digest is theirs, and the store gives them back verified under it
            Assert.Equal(Encoding.UTF8.GetBytes(listing.Text), bytes);
            Assert.Equal(ContentDigest.Of(bytes), listing.Digest);
            Assert.Equal(listing.Digest, stored);
            Assert.Equal(Encoding.UTF8.GetString(bytes), store.TryReadText(stored));
        }
    }

    [Theory]
    [InlineData("paths out of order")]
    [InlineData("a path twice")]
    [InlineData("no digest")]
    [InlineData("upper-case digest")]
    [InlineData("one space")]
    [InlineData("no path")]
    public void Should_name_nothing_for_a_text_that_is_not_a_listing(string damage)
    {
        // Given a stored text this tool would not have written
        var hex = Digest(1).Hex;
        var text = damage switch
        {
            "paths out of order" => $"{hex}  b\n{hex}  a\n",
            "a path twice" => $"{hex}  a\n{hex}  a\n",
            "no digest" => "not a digest at all, but long enough to be taken for one if lengths were all that counted  a\n",
            "upper-case digest" => $"{hex.ToUpperInvariant()}  a\n",
            "one space" => $"{hex} a\n",
            _ => $"{hex}  \n",
        };

        // When a listing whose one file sorts after the damage is compared with it
        // Then no file is named (the reason names the input instead)
        Assert.Null(Listing(new() { ["z"] = Digest(2) }).FirstChangeFrom(Encoding.UTF8.GetBytes(text)));
    }

    private static string? ByMaps(Dictionary<string, ContentDigest> earlier, Dictionary<string, ContentDigest> later)
    {
        var old = new Dictionary<string, ContentDigest>(earlier, StringComparer.Ordinal);
        foreach (var (path, digest) in later.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!old.Remove(path, out var before) || before != digest)
            {
                return path;
            }
        }

        return old.Keys.Order(StringComparer.Ordinal).FirstOrDefault();
    }

    private static TreeListing Listing(Dictionary<string, ContentDigest> files) => new([.. files.Select(f => new FileDigest(f.Key, f.Value))]);

    private static Dictionary<string, ContentDigest> RandomFiles(Random random, int count)
    {
        var files = new Dictionary<string, ContentDigest>(StringComparer.Ordinal);
        while (files.Count < count)
        {
            files[RandomPath(random)] = Digest(random);
        }

        return files;
    }

    private static string RandomPath(Random random) =>
        "data/" + string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Names[random.Next(Names.Length)]));

    private static ContentDigest Digest(Random random) => Digest(random.Next(4));

    private static ContentDigest Digest(int value) => ContentDigest.Of(Encoding.UTF8.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
