using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Tests.Hashing;

public sealed class FingerprintBuilderTests
{
    [Fact]
    public void Should_keep_the_pinned_fingerprint_of_a_known_step()
    {
        // Given a step and inputs whose fingerprint was pinned when format version 1 was defined
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
        var inputs = new[] { new FileDigest("src/split.py", ContentDigest.Of("print(1)\n"u8)) };
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["seed"] = "\"42\"" };

        // When
        var key = StepFingerprint.Compute(StepFingerprint.Definition(step), null, null, parameters, inputs);

        // Then an accidental change of the key format fails loudly here
        Assert.Equal("4a4f042862610594f1f921bfb9fc82417fb467413eecbf7a75c97a41c95f2f1c", key.Hex);
    }

    [Fact]
    public void Should_keep_the_pinned_fingerprint_of_a_step_over_twenty_thousand_files()
    {
        // Given a step over a folder of 20,000 files and a 100 kB param: megabytes of framed fields, one field alone larger than the builder's chunk
        var files = Enumerable.Range(0, 20_000)
            .Select(i => new FileDigest($"data/d{i / 1000:000}/f{i % 1000:0000}.txt", ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes($"file {i}\n"))))
            .ToList();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["model.depth"] = "8", ["prompt"] = new string('p', 100_000), ["seed"] = "\"42\"" };

        // When
        var key = StepFingerprint.Compute(ContentDigest.Of("count the files"u8), "sha256:0123", null, parameters, files);

        // Then it is the key pinned when every field was framed into one buffer: how the bytes are hashed never changes a key
        Assert.Equal("a0a98c45a69cb0dc2f642d57d3eb9d44e588b2034a444f47ee2e3bc1b942452c", key.Hex);
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
        var one = new FileDigest("a.txt", ContentDigest.Of("1"u8));
        var two = new FileDigest("b.txt", ContentDigest.Of("2"u8));
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

        var before = StepFingerprint.Compute(definition, null, null, noParams, [new FileDigest("a.txt", content)]);
        var after = StepFingerprint.Compute(definition, null, null, noParams, [new FileDigest("b.txt", content)]);

        Assert.NotEqual(before, after);
    }
}
