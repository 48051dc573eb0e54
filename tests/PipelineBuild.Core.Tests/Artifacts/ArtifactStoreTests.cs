using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Artifacts;

public sealed class ArtifactStoreTests
{
    [Fact]
    public void Should_refuse_the_same_version_with_other_content_and_accept_it_again_with_the_same()
    {
        // Given a published version
        using var ws = TestWorkspace.Create();
        var store = new ArtifactStore(ws.PathOf("artifacts"));
        Assert.True(store.Add(Manifest("1.0.0", "one")));

        // When the same version comes again
        var again = store.Add(Manifest("1.0.0", "one"));
        var error = Assert.Throws<PipelineException>(() => store.Add(Manifest("1.0.0", "two")));

        // Then the same content is no new version, and other content is refused
        Assert.False(again);
        Assert.Equal(ArtifactCodes.Immutable, error.Code);
        Assert.Equal(ContentDigest.Of("one"u8), store.Resolve(ArtifactReference.Parse("model@1.0.0")).Digest);
    }

    [Fact]
    public void Should_resolve_versions_aliases_and_the_newest_in_semver_order()
    {
        using var ws = TestWorkspace.Create();
        var store = new ArtifactStore(ws.PathOf("artifacts"));
        store.Add(Manifest("1.0.9", "a"));
        store.Add(Manifest("1.0.10", "b"));
        store.SetAlias("model", "production", "1.0.9");

        Assert.Equal("1.0.10", store.Resolve(ArtifactReference.Parse("model")).Version);
        Assert.Equal("1.0.9", store.Resolve(ArtifactReference.Parse("model@production")).Version);
        Assert.Equal(["production"], store.AliasesOf("model", "1.0.9"));
        var error = Assert.Throws<PipelineException>(() => store.Resolve(ArtifactReference.Parse("model@staging")));
        Assert.Contains("aliases: production", error.Message, StringComparison.Ordinal);
    }

    private static ArtifactManifest Manifest(string version, string content) => new()
    {
        Name = "model",
        Version = version,
        Digest = ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(content)),
        Path = "models/",
        Files = [],
        Created = DateTimeOffset.UtcNow,
        Lineage = new ArtifactLineage { RunId = "r", Pipeline = "p", PipelineFile = "pipeline.yaml", PipelineFileDigest = ContentDigest.Of([]) },
    };
}
