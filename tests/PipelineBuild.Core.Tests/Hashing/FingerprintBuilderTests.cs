using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Tests.Hashing;

public sealed class FingerprintBuilderTests
{
    [Fact]
    public void Should_keep_the_pinned_fingerprint_of_a_known_step()
    {
        // Given a step and inputs whose fingerprint was pinned when format version 2 was defined
        var step = new StepDefinition
        {
            Id = "prepare.split",
            Stage = "prepare",
            Name = "split",
            Kind = StepKind.Host,
            Command = "python3 src/split.py --seed 42",
            Env = new Dictionary<string, string>(StringComparer.Ordinal) { ["PYTHONHASHSEED"] = "0" },
            Outputs = [new OutputSpec("data/split", true, default)],
            Location = default,
        };
        var inputs = new[] { File("src/split.py", ContentDigest.Of("print(1)\n"u8)) };
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["seed"] = "\"42\"" };

        // When
        var key = StepFingerprint.Compute(StepFingerprint.Definition(step), null, null, parameters, inputs);

        // Then an accidental change of the key format fails loudly here
        Assert.Equal("7a53eb66f5d90314e39ab5a6b98cc476de78e94c782f97b588b85b9d514ad18b", key.Hex);
    }

    [Fact]
    public void Should_keep_the_pinned_fingerprint_of_a_step_over_twenty_thousand_files()
    {
        // Given a step over a folder of 20,000 files and a 100 kB param: one field alone larger than the builder's chunk
        var files = Enumerable.Range(0, 20_000)
            .Select(i => new FileDigest($"data/d{i / 1000:000}/f{i % 1000:0000}.txt", ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes($"file {i}\n"))))
            .ToList();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["model.depth"] = "8", ["prompt"] = new string('p', 100_000), ["seed"] = "\"42\"" };

        // When
        var key = StepFingerprint.Compute(ContentDigest.Of("count the files"u8), "sha256:0123", null, parameters, [Folder("data/", files)]);

        // Then it is the key pinned when format version 2 was defined: how the bytes are hashed never changes a key
        Assert.Equal("a223263ef8079ebe5fcba654b41562f21b3355b7e32d77ece0d10d7d82240e4a", key.Hex);
    }

    [Fact]
    public void Should_frame_fields_so_that_shifting_text_between_them_changes_the_digest()
    {
        using var first = new FingerprintBuilder(1);
        using var second = new FingerprintBuilder(1);

        var a = first.Add("x", "ab").Add("y", "c").BuildDigest();
        var b = second.Add("x", "a").Add("y", "bc").BuildDigest();

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Should_give_the_same_fingerprint_whatever_the_order_inputs_are_listed_in()
    {
        var definition = ContentDigest.Of("def"u8);
        var one = File("a.txt", ContentDigest.Of("1"u8));
        var two = Folder("b/", [new FileDigest("b/x.txt", ContentDigest.Of("2"u8))]);
        var noParams = new Dictionary<string, string>(StringComparer.Ordinal);

        var forward = StepFingerprint.Compute(definition, null, null, noParams, [one, two]);
        var backward = StepFingerprint.Compute(definition, null, null, noParams, [two, one]);

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Should_change_the_fingerprint_when_an_input_path_is_renamed_with_the_same_content()
    {
        var definition = ContentDigest.Of("def"u8);
        var content = ContentDigest.Of("same"u8);
        var noParams = new Dictionary<string, string>(StringComparer.Ordinal);

        var before = StepFingerprint.Compute(definition, null, null, noParams, [File("a.txt", content)]);
        var after = StepFingerprint.Compute(definition, null, null, noParams, [File("b.txt", content)]);

        Assert.NotEqual(before, after);
    }

    [Theory]
    [InlineData("changed")]
    [InlineData("added")]
    [InlineData("removed")]
    [InlineData("renamed")]
    public void Should_change_the_fingerprint_when_a_file_of_a_folder_input_changes(string change)
    {
        // Given a folder input of three files, and the same folder after one change
        var definition = ContentDigest.Of("def"u8);
        var noParams = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<FileDigest>
        {
            new("data/a.txt", ContentDigest.Of("a"u8)),
            new("data/b.txt", ContentDigest.Of("b"u8)),
            new("data/c.txt", ContentDigest.Of("c"u8)),
        };
        var changed = change switch
        {
            "changed" => [files[0], new FileDigest("data/b.txt", ContentDigest.Of("B"u8)), files[2]],
            "added" => [.. files, new FileDigest("data/d.txt", ContentDigest.Of("d"u8))],
            "removed" => [files[0], files[2]],
            _ => new List<FileDigest> { files[0], files[2], new("data/e.txt", files[1].Digest) },
        };

        // When
        var before = StepFingerprint.Compute(definition, null, null, noParams, [Folder("data/", files)]);
        var after = StepFingerprint.Compute(definition, null, null, noParams, [Folder("data/", changed)]);

        // Then
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Should_tell_apart_two_file_lists_whose_listing_text_is_the_same()
    {
        // Given files a and b, and one file whose name holds a line break and b's listing line: the same listing text
        var definition = ContentDigest.Of("def"u8);
        var noParams = new Dictionary<string, string>(StringComparer.Ordinal);
        var a = ContentDigest.Of("a"u8);
        var b = ContentDigest.Of("b"u8);
        var two = Folder("d/", [new FileDigest("d/a", a), new FileDigest("d/b", b)]);
        var one = Folder("d/", [new FileDigest($"d/a\n{b.Hex}  d/b", a)]);
        Assert.Equal(two.Listing!.Digest, one.Listing!.Digest);

        // When
        var fromTwo = StepFingerprint.Compute(definition, null, null, noParams, [two]);
        var fromOne = StepFingerprint.Compute(definition, null, null, noParams, [one]);

        // Then the fingerprint frames every file of a listing that could be read two ways
        Assert.False(one.Listing.IsUnambiguous);
        Assert.True(two.Listing.IsUnambiguous);
        Assert.NotEqual(fromTwo, fromOne);
    }

    [Fact]
    public void Should_count_an_input_listed_twice_once()
    {
        var definition = ContentDigest.Of("def"u8);
        var noParams = new Dictionary<string, string>(StringComparer.Ordinal);
        var folder = Folder("data/", [new FileDigest("data/a.txt", ContentDigest.Of("a"u8))]);

        var once = StepFingerprint.Compute(definition, null, null, noParams, [folder]);
        var twice = StepFingerprint.Compute(definition, null, null, noParams, [folder, folder]);

        Assert.Equal(once, twice);
    }

    [Fact]
    public void Should_tell_a_file_input_from_a_folder_holding_the_same_file()
    {
        var definition = ContentDigest.Of("def"u8);
        var noParams = new Dictionary<string, string>(StringComparer.Ordinal);
        var digest = ContentDigest.Of("a"u8);

        var asFile = StepFingerprint.Compute(definition, null, null, noParams, [File("data/a.txt", digest)]);
        var asFolder = StepFingerprint.Compute(definition, null, null, noParams, [Folder("data/", [new FileDigest("data/a.txt", digest)])]);

        Assert.NotEqual(asFile, asFolder);
    }

    private static ResolvedInput File(string path, ContentDigest digest) =>
        new(new InputSpec(path, InputKind.Path, false, default), path, [new FileDigest(path, digest)], digest, null);

    private static ResolvedInput Folder(string key, IReadOnlyList<FileDigest> files)
    {
        var listing = new TreeListing(files);
        return new ResolvedInput(new InputSpec(key.TrimEnd('/'), InputKind.Path, true, default), key, listing.Files, listing.Digest, listing);
    }
}
