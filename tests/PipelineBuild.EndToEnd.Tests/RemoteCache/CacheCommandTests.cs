using System.Security.Cryptography;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.EndToEnd.Tests.RemoteCache;

/// <summary><c>cache push|pull|status|verify</c> with the real tool on a shared folder.</summary>
public sealed class CacheCommandTests
{
    [Fact]
    public void Should_restore_every_step_locally_when_a_clone_pulled_what_another_pushed()
    {
        // Given clone A ran without a remote, then pushed its lock file's entries
        using var server = CacheServer.Start("file");
        using var clones = new TwoClones(server);
        Assert.Equal(0, PipelineTool.Run(clones.A.Root, "run").ExitCode);
        var push = PipelineTool.Run(clones.A.Root, "cache", "push", "--cache-url", server.Url);
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Contains("pushed 3 of 3 entries", push.Stdout, StringComparison.Ordinal);

        // When clone B (with A's committed lock file) pulls, then runs without a remote
        File.Copy(clones.A.PathOf("pipeline.lock"), clones.B.PathOf("pipeline.lock"));
        var pull = PipelineTool.Run(clones.B.Root, "cache", "pull", "--cache-url", server.Url);
        var run = PipelineTool.Run(clones.B.Root, "run");

        // Then every step was restored from the local cache and nothing ran
        Assert.True(pull.ExitCode == 0, pull.ToString());
        Assert.Contains("pulled 3 of 3 entries", pull.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, TwoClones.Executions(clones.B));
        Assert.Equal("6\n", clones.B.Read("out/double.txt"));
    }

    [Fact]
    public void Should_report_and_remove_a_damaged_local_object_when_verify_runs()
    {
        // Given a run stored its outputs and one object was damaged
        using var server = CacheServer.Start("file");
        using var clones = new TwoClones(server);
        Assert.Equal(0, PipelineTool.Run(clones.A.Root, "run").ExitCode);
        var hex = ContentDigest.FromHash(SHA256.HashData(File.ReadAllBytes(clones.A.PathOf("out/count.txt")))).Hex;
        var path = clones.A.PathOf($".pipeline/cache/cas/{hex[..2]}/{hex}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, "999\n");

        // When
        var result = PipelineTool.Run(clones.A.Root, "cache", "verify");

        // Then it is named, removed, and the rest is counted
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"damaged: {hex}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(": 1 damaged", result.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Should_show_the_local_size_the_remote_and_the_last_run_when_status_runs()
    {
        // Given a run that used the shared folder
        using var server = CacheServer.Start("file");
        using var clones = new TwoClones(server);
        Assert.Equal(0, clones.Run(clones.A).Result.ExitCode);

        // When
        var result = PipelineTool.Run(clones.A.Root, "cache", "status", "--cache-url", server.Url);

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("3 entries", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"remote cache {server.Url}: reachable", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("last run: remote cache", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("3 entries and", result.Stdout, StringComparison.Ordinal);
    }
}
