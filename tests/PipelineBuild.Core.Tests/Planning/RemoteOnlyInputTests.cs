using System.Text;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Planning;

/// <summary>
/// Inputs a cluster step left in the remote cache (<c>run --no-download</c>) resolve to the digests they were left under, so
/// the fingerprint is the one a workspace holding the downloaded files gives; a file on disk always wins.
/// </summary>
public sealed class RemoteOnlyInputTests : IDisposable
{
    private static readonly ActionKey Key = new(ContentDigest.Of("fp"u8));
    private static readonly (string Path, string Text)[] Files = [("model.bin", "weights"), ("data/a.csv", "1,2"), ("data/sub/b.csv", "3,4"), ("data/c.txt", "x")];

    private readonly TestWorkspace _downloaded = TestWorkspace.Create();
    private readonly TestWorkspace _remote = TestWorkspace.Create();

    public RemoteOnlyInputTests()
    {
        foreach (var (path, text) in Files)
        {
            _downloaded.Write(path, text);
        }
    }

    public void Dispose()
    {
        _downloaded.Dispose();
        _remote.Dispose();
    }

    [Theory]
    [InlineData("model.bin", InputKind.Path, false)]
    [InlineData("data", InputKind.Path, true)]
    [InlineData("data/**/*.csv", InputKind.Glob, false)]
    [InlineData("**/*.csv", InputKind.Glob, false)]
    public void Should_give_the_digests_of_the_downloaded_files_when_none_is_on_disk(string path, InputKind kind, bool isFolder)
    {
        // Given one workspace with the files, another with the same files remote-only
        var step = Consumer(new InputSpec(path, kind, isFolder, default));

        // When
        var expected = Resolve(_downloaded, step, RemoteOnlyOutputs.Empty());
        var actual = Resolve(_remote, step, LeftRemote(Files));

        // Then
        Assert.Equal(expected.Select(i => (i.Key, i.Digest)), actual.Select(i => (i.Key, i.Digest)));
        Assert.Equal(expected.SelectMany(i => i.Files), actual.SelectMany(i => i.Files));
    }

    [Fact]
    public void Should_merge_files_on_disk_with_remote_only_ones_under_a_folder()
    {
        // Given part of the folder downloaded, the rest remote-only
        _remote.Write("data/a.csv", "1,2");
        var step = Consumer(new InputSpec("data", InputKind.Path, true, default));

        // When
        var expected = Resolve(_downloaded, step, RemoteOnlyOutputs.Empty());
        var actual = Resolve(_remote, step, LeftRemote(Files.Where(f => f.Path != "data/a.csv")));

        // Then
        Assert.Equal(expected[0].Digest, actual[0].Digest);
    }

    [Fact]
    public void Should_take_a_file_on_disk_over_its_remote_only_record()
    {
        // Given a remote-only record and another content on disk under the same path
        _remote.Write("model.bin", "edited by hand");
        var step = Consumer(new InputSpec("model.bin", InputKind.Path, false, default));

        // When
        var actual = Resolve(_remote, step, LeftRemote(Files));

        // Then
        Assert.Equal(ContentDigest.Of("edited by hand"u8), actual[0].Digest);
    }

    private static RemoteOnlyOutputs LeftRemote(IEnumerable<(string Path, string Text)> files) =>
        new([.. files.Select(f => new RemoteOnlyFile(f.Path, "train", Key, ContentDigest.Of(Encoding.UTF8.GetBytes(f.Text)), f.Text.Length))]);

    private static IReadOnlyList<ResolvedInput> Resolve(TestWorkspace ws, StepDefinition step, RemoteOnlyOutputs remoteOnly)
    {
        var layout = new WorkspaceLayout(ws.Root);
        return new InputResolver(layout, new FileDigests(layout, new StatCache(), 1), remoteOnly).Resolve(step);
    }

    private static StepDefinition Consumer(InputSpec input) => new()
    {
        Id = "s.use",
        Stage = "s",
        Name = "use",
        Kind = StepKind.Host,
        Command = "true",
        Inputs = [input],
        Outputs = [new OutputSpec("out.txt", false, default)],
        Location = default,
    };
}
