using PipelineBuild.Core.Hashing;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Hashing;

/// <summary>A stat cache loaded early gives the run what loading it when needed would have.</summary>
public sealed class StatCachePreloadTests : IDisposable
{
    private static readonly FileStat Stat = new(5, 1_000_000_000L, 1_000_000_000L, 42);
    private readonly TestWorkspace _ws = TestWorkspace.Create();

    public StatCachePreloadTests() => Directory.CreateDirectory(_ws.PathOf(".pipeline/cache"));

    public void Dispose() => _ws.Dispose();

    private string CachePath => _ws.PathOf(".pipeline/cache/stat");

    [Fact]
    public void Should_give_the_preloaded_cache_when_the_file_is_unchanged()
    {
        // Given
        Save("a.txt");
        var preload = StatCachePreload.Start(CachePath);

        // When
        var cache = preload.Take(CachePath);

        // Then
        Assert.True(cache.TryGet("a.txt", Stat, out _));
    }

    [Fact]
    public void Should_load_the_file_again_when_another_run_saved_it_since()
    {
        // Given a preload, then another run (holding the workspace) saves what it learned
        Save("a.txt");
        var preload = StatCachePreload.Start(CachePath);
        Assert.True(preload.Take(CachePath).TryGet("a.txt", Stat, out _));
        Save("b.txt");

        // When
        var cache = preload.Take(CachePath);

        // Then
        Assert.True(cache.TryGet("b.txt", Stat, out _));
        Assert.False(cache.TryGet("a.txt", Stat, out _));
    }

    [Fact]
    public void Should_load_the_workspaces_own_file_when_the_pipeline_names_another_workspace()
    {
        // Given a preload of the pipeline file's folder, and a workspace elsewhere ('workspace:')
        using var other = TestWorkspace.Create();
        Directory.CreateDirectory(other.PathOf(".pipeline/cache"));
        Save("a.txt");
        var elsewhere = new StatCache();
        elsewhere.Set("b.txt", Stat, ContentDigest.Of("b.txt"u8));
        StatCacheFile.Save(elsewhere, other.PathOf(".pipeline/cache/stat"));
        var preload = StatCachePreload.Start(CachePath);

        // When
        var cache = preload.Take(other.PathOf(".pipeline/cache/stat"));

        // Then
        Assert.True(cache.TryGet("b.txt", Stat, out _));
        Assert.False(cache.TryGet("a.txt", Stat, out _));
    }

    [Fact]
    public void Should_give_an_empty_cache_when_there_is_no_file_yet()
    {
        var cache = StatCachePreload.Start(CachePath).Take(CachePath);

        Assert.Equal(0, cache.Count);
    }

    private void Save(string path)
    {
        var cache = new StatCache();
        cache.Set(path, Stat, ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(path)));
        StatCacheFile.Save(cache, CachePath);
    }
}
