using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Sessions.Reproduction;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Artifacts;

/// <summary>Paths in a stored artifact.json are confined to the folder they are written to, checked before anything is written.</summary>
public sealed class ArtifactPathConfinementTests
{
    [Theory]
    [InlineData("../DIRx/pwned.txt")]
    [InlineData("sub/../../y.txt")]
    [InlineData("/tmp/pwned.txt")]
    [InlineData("..\\y.txt")]
    public void Should_refuse_a_manifest_file_path_that_leaves_the_output_folder_and_write_nothing(string hostile)
    {
        // Given a version whose manifest names a good file and a hostile one; DIR and DIRx are siblings
        using var ws = TestWorkspace.Create();
        var store = new ArtifactStore(ws.PathOf("artifacts"));
        var digest = store.Objects.PutText("content");
        Directory.CreateDirectory(ws.PathOf("DIRx"));
        var manifest = Manifest([new ArtifactFile("good.txt", digest, 7), new ArtifactFile(hostile, digest, 7)]);

        // When
        var error = Assert.Throws<PipelineException>(() => ArtifactFetcher.Fetch(store, manifest, ws.PathOf("DIR"), overwrite: true));

        // Then
        Assert.Equal("PB8120", error.Code);
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        Assert.False(File.Exists(ws.PathOf("DIRx/pwned.txt")));
        Assert.False(File.Exists(ws.PathOf("y.txt")));
        Assert.False(File.Exists(ws.PathOf("DIR/good.txt")));
    }

    [Fact]
    public void Should_write_a_manifest_with_plain_paths_as_before()
    {
        using var ws = TestWorkspace.Create();
        var store = new ArtifactStore(ws.PathOf("artifacts"));
        var digest = store.Objects.PutText("content");

        var written = ArtifactFetcher.Fetch(store, Manifest([new ArtifactFile("sub/a.txt", digest, 7)]), ws.PathOf("DIR"), overwrite: false);

        Assert.Equal(1, written);
        Assert.Equal("content", ws.Read("DIR/sub/a.txt"));
    }

    [Theory]
    [InlineData("input", "../../etc/cron.d/x")]
    [InlineData("input", "/etc/cron.d/x")]
    [InlineData("pipeline", "../pipeline.yaml")]
    [InlineData("workspace", "../..")]
    [InlineData("commit", "--upload-pack=touch /tmp/pwned")]
    public void Should_refuse_a_lineage_that_records_a_path_outside_the_workspace_before_reproducing(string field, string hostile)
    {
        var lineage = new ArtifactLineage
        {
            RunId = "r",
            Pipeline = "p",
            PipelineFile = field == "pipeline" ? hostile : "pipeline.yaml",
            PipelineFileDigest = ContentDigest.Of([]),
            Inputs = field == "input" ? new Dictionary<string, ContentDigest> { [hostile] = ContentDigest.Of([]) } : new Dictionary<string, ContentDigest>(),
            Git = field is "workspace" or "commit" ? new GitState(field == "commit" ? hostile : "abc123", null, false, field == "workspace" ? hostile : ".") : null,
        };

        var error = Assert.Throws<PipelineException>(() => LineagePaths.Check(Manifest([]) with { Lineage = lineage }));

        Assert.Equal("PB8120", error.Code);
    }

    private static ArtifactManifest Manifest(IReadOnlyList<ArtifactFile> files) => new()
    {
        Name = "model",
        Version = "1.0.0",
        Digest = ArtifactContent.DigestOf(files),
        Path = "models/",
        Files = files,
        Created = DateTimeOffset.UtcNow,
        Lineage = new ArtifactLineage { RunId = "r", Pipeline = "p", PipelineFile = "pipeline.yaml", PipelineFileDigest = ContentDigest.Of([]) },
    };
}
