using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching;

/// <summary>An action entry is read for one key and one step's declared outputs; anything else is a miss.</summary>
public sealed class ActionEntryBindingTests
{
    private static readonly ActionKey Key = new(ContentDigest.Of("fp"u8));

    [Fact]
    public void Should_miss_an_entry_copied_from_another_action_key()
    {
        // Given another key's entry copied in this key's place
        using var ws = TestWorkspace.Create();
        var warnings = new List<string>();
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), warnings.Add);
        var other = new ActionKey(ContentDigest.Of("other"u8));
        actions.Put(new ActionEntry(other, [new OutputRecord("out.txt", false, ContentDigest.Of("o"u8))]));
        Directory.CreateDirectory(Path.GetDirectoryName(actions.EntryPath(Key))!);
        File.Copy(actions.EntryPath(other), actions.EntryPath(Key));

        // When / Then
        Assert.Null(actions.TryGet(Key, ["out.txt"]));
        Assert.Contains(warnings, w => w.Contains("fingerprint", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../POISON_KEY.txt")]
    [InlineData("/tmp/POISON_KEY.txt")]
    [InlineData("out/../../POISON_KEY.txt")]
    public void Should_miss_an_entry_whose_output_key_is_not_a_plain_relative_path(string key)
    {
        using var ws = TestWorkspace.Create();
        var warnings = new List<string>();
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), warnings.Add);
        actions.Put(new ActionEntry(Key, [new OutputRecord(key, false, ContentDigest.Of("o"u8))]));

        Assert.Null(actions.TryGet(Key));
        Assert.Contains(warnings, w => w.Contains("PB4001", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_miss_an_entry_that_names_outputs_the_step_does_not_declare()
    {
        using var ws = TestWorkspace.Create();
        var actions = new ActionCache(ws.PathOf(".pipeline/cache/ac"), _ => { });
        actions.Put(new ActionEntry(Key, [new OutputRecord("out.txt", false, ContentDigest.Of("o"u8)), new OutputRecord("src/main.py", false, ContentDigest.Of("p"u8))]));

        Assert.Null(actions.TryGet(Key, ["out.txt"]));
        Assert.Null(actions.TryGet(Key, ["out.txt/", "src/main.py"]));
        Assert.NotNull(actions.TryGet(Key, ["src/main.py", "out.txt"]));
    }
}
