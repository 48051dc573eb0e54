using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Locking;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Locking;

/// <summary>A lock file read early gives the run what reading it when needed would have.</summary>
public sealed class LockFilePreloadTests : IDisposable
{
    private readonly TestWorkspace _ws = TestWorkspace.Create();

    public void Dispose() => _ws.Dispose();

    private string LockPath => _ws.PathOf("pipeline.lock");

    [Fact]
    public void Should_give_the_preloaded_lock_file_when_it_is_unchanged()
    {
        // Given
        Write(LockPath, "1");
        var preload = LockFilePreload.Start(LockPath);

        // When
        var read = preload.Take(LockPath, "p", _ => { });

        // Then
        Assert.Equal("p", read.Pipeline);
        Assert.Equal(Entry("1").Fingerprint, read.Find("s.a")!.Fingerprint);
    }

    [Fact]
    public void Should_read_the_file_again_when_another_run_wrote_it_since()
    {
        // Given a preload, then another run (holding the workspace) writes the lock file anew
        Write(LockPath, "1");
        var preload = LockFilePreload.Start(LockPath);
        Assert.Equal(Entry("1").Fingerprint, preload.Take(LockPath, "p", _ => { }).Find("s.a")!.Fingerprint);
        Write(LockPath, "2");

        // When
        var read = preload.Take(LockPath, "p", _ => { });

        // Then
        Assert.Equal(Entry("2").Fingerprint, read.Find("s.a")!.Fingerprint);
    }

    [Fact]
    public void Should_read_the_file_when_it_appeared_after_the_preload_found_none()
    {
        // Given a preload that found no lock file, then a first run writes one
        var preload = LockFilePreload.Start(LockPath);
        Assert.Empty(preload.Take(LockPath, "p", _ => { }).Steps);
        Write(LockPath, "1");

        // When
        var read = preload.Take(LockPath, "p", _ => { });

        // Then
        Assert.Equal(Entry("1").Fingerprint, read.Find("s.a")!.Fingerprint);
    }

    [Fact]
    public void Should_read_the_pipelines_own_lock_file_when_it_is_another_one()
    {
        // Given a preload of one file, and a pipeline whose lock file turns out to be another
        Write(LockPath, "1");
        var other = _ws.PathOf("train.lock");
        Write(other, "2");
        var preload = LockFilePreload.Start(LockPath);

        // When
        var read = preload.Take(other, "p", _ => { });

        // Then
        Assert.Equal(Entry("2").Fingerprint, read.Find("s.a")!.Fingerprint);
    }

    [Fact]
    public void Should_warn_as_a_read_does_when_the_preloaded_file_is_damaged()
    {
        // Given
        _ws.Write("pipeline.lock", "{ not json");
        var preload = LockFilePreload.Start(LockPath);
        var warnings = new List<string>();

        // When
        var read = preload.Take(LockPath, "p", warnings.Add);

        // Then
        Assert.Empty(read.Steps);
        Assert.Contains(warnings, w => w.Contains(CacheCodes.LockFileDamaged, StringComparison.Ordinal));
    }

    private static void Write(string path, string seed) =>
        LockFileSerializer.Write(path, new LockFile("p", new Dictionary<string, LockEntry>(StringComparer.Ordinal) { ["s.a"] = Entry(seed) }));

    private static LockEntry Entry(string seed) => new(
        new ActionKey(ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes("fp" + seed))),
        ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes("def" + seed)),
        null,
        new Dictionary<string, string>(StringComparer.Ordinal),
        new Dictionary<string, ContentDigest>(StringComparer.Ordinal) { ["data/raw.csv"] = ContentDigest.Of("raw"u8) },
        new Dictionary<string, ContentDigest>(StringComparer.Ordinal));
}
