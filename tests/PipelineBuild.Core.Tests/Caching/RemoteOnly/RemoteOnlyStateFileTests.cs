using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Caching.RemoteOnly;

/// <summary><c>.pipeline/remote-only.json</c> round-trips, and is read as hostile: damage ignores it, a bad record is dropped.</summary>
public sealed class RemoteOnlyStateFileTests
{
    private static readonly ActionKey Key = new(ContentDigest.Of("fp"u8));

    private static (IReadOnlyCollection<string>, ActionKey?) Train(string step) =>
        step == "train" ? (["model.bin", "reports/"], Key) : ([], null);

    [Fact]
    public void Should_read_back_what_it_wrote()
    {
        // Given remote-only outputs written to the state file
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/remote-only.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var written = new RemoteOnlyOutputs(
        [
            new RemoteOnlyFile("reports/a.txt", "train", Key, ContentDigest.Of("a"u8), 1),
            new RemoteOnlyFile("model.bin", "train", Key, ContentDigest.Of("m"u8), 12345678901),
        ]);
        RemoteOnlyStateFile.Write(path, written);

        // When
        var warnings = new List<string>();
        var read = RemoteOnlyStateFile.Read(path, Train, warnings.Add);

        // Then
        Assert.Empty(warnings);
        Assert.Equal(written.All, read.All);
    }

    [Fact]
    public void Should_drop_a_record_that_escapes_the_workspace_and_keep_the_others()
    {
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/remote-only.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RemoteOnlyStateFile.Write(path, new RemoteOnlyOutputs(
        [
            new RemoteOnlyFile("model.bin", "train", Key, ContentDigest.Of("m"u8), 1),
            new RemoteOnlyFile("reports/../../etc/passwd", "train", Key, ContentDigest.Of("p"u8), 1),
        ]));

        var warnings = new List<string>();
        var read = RemoteOnlyStateFile.Read(path, Train, warnings.Add);

        Assert.Equal(["model.bin"], read.All.Select(f => f.Path));
        Assert.Contains(warnings, w => w.Contains("PB4120", StringComparison.Ordinal) && w.Contains("etc/passwd", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schema\":2,\"files\":[]}")]
    [InlineData("{\"schema\":1,\"files\":[{\"path\":\"model.bin\",\"step\":\"train\",\"fingerprint\":\"x\",\"sha256\":\"y\",\"size\":1}]}")]
    [InlineData("{\"schema\":1,\"files\":[],\"extra\":true}")]
    [InlineData("{\"schema\":1,\"files\":[{\"path\":\"model.bin\",\"step\":\"train\",\"fingerprint\":\"x\",\"sha256\":\"y\",\"size\":1.5,\"more\":0}]}")]
    public void Should_ignore_a_damaged_file_with_a_warning(string text)
    {
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/remote-only.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);

        var warnings = new List<string>();
        var read = RemoteOnlyStateFile.Read(path, Train, warnings.Add);

        Assert.True(read.IsEmpty);
        Assert.Contains(warnings, w => w.Contains("PB4120", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_remove_the_file_when_nothing_is_remote_only()
    {
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/remote-only.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");

        RemoteOnlyStateFile.Write(path, RemoteOnlyOutputs.Empty());

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Should_not_follow_a_symlink_in_the_state_files_place()
    {
        // Given the state file replaced by a link to a well-formed file elsewhere
        using var ws = TestWorkspace.Create();
        using var elsewhere = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/remote-only.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RemoteOnlyStateFile.Write(elsewhere.PathOf("state.json"), new RemoteOnlyOutputs([new RemoteOnlyFile("model.bin", "train", Key, ContentDigest.Of("m"u8), 1)]));
        File.CreateSymbolicLink(path, elsewhere.PathOf("state.json"));

        // When
        var warnings = new List<string>();
        var read = RemoteOnlyStateFile.Read(path, Train, warnings.Add);

        // Then
        Assert.True(read.IsEmpty);
        Assert.Contains(warnings, w => w.Contains("PB4120", StringComparison.Ordinal));
    }
}
