using System.Security.Cryptography;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.EndToEnd.Tests.RemoteCache;

/// <summary>
/// The tool against real remote caches: clone A fills the remote, clone B (another folder, empty
/// <c>.pipeline/</c>) restores every step without running one; damaged, missing, unsigned or
/// unreachable remotes are misses with a warning and the run still gets the right result.
/// </summary>
public sealed class RemoteCacheRunTests
{
    [RemoteCacheFact("nginx")]
    public void Should_restore_every_step_in_a_second_clone_when_the_first_filled_an_nginx_cache() => RestoresInSecondClone("http");

    [RemoteCacheFact("s3rver")]
    public void Should_restore_every_step_in_a_second_clone_when_the_first_filled_an_s3_cache() => RestoresInSecondClone("s3");

    [RemoteCacheFact("azurite-blob")]
    public void Should_restore_every_step_in_a_second_clone_when_the_first_filled_an_azure_cache() => RestoresInSecondClone("azblob");

    [Fact]
    public void Should_restore_every_step_in_a_second_clone_when_the_first_filled_a_shared_folder() => RestoresInSecondClone("file");

    [Fact]
    public void Should_write_restored_files_once_and_ask_the_remote_again_when_one_is_deleted()
    {
        // Given A filled a shared-folder cache and B restored every step from it
        using var server = CacheServer.Start("file");
        using var clones = new TwoClones(server);
        Assert.Equal(0, clones.Run(clones.A).Result.ExitCode);
        Assert.All(clones.Run(clones.B).Report.Steps.Values, s => Assert.Equal("restored", s.State));

        // Then B's local store holds no second copy of a restored file, and no staging file is left
        var hex = BlobOf(clones.B, "out/count.txt")["cas/".Length..];
        Assert.False(File.Exists(clones.B.PathOf($".pipeline/cache/cas/{hex[..2]}/{hex}")));
        var staging = clones.B.PathOf(".pipeline/cache/tmp");
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging).Any());

        // When that output is deleted and B runs again
        clones.B.Delete("out/count.txt");
        var (result, report, _) = clones.Run(clones.B);

        // Then it is restored from the remote again, nothing runs, and the bytes are right
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("restored", report.State("prepare.count"));
        Assert.Equal(0, TwoClones.Executions(clones.B));
        Assert.Equal("3\n", clones.B.Read("out/count.txt"));
    }

    [RemoteCacheFact("nginx")]
    public void Should_run_the_step_with_a_warning_when_a_blob_on_the_server_is_corrupt()
    {
        // Given A filled the cache and one blob on the server was overwritten
        using var server = CacheServer.Start("http");
        using var clones = new TwoClones(server);
        Assert.Equal(0, clones.Run(clones.A).Result.ExitCode);
        File.WriteAllText(server.ObjectPath(BlobOf(clones.A, "out/count.txt")), "999\n");

        // When B runs
        var (result, report, _) = clones.Run(clones.B);

        // Then that step ran (with a warning) and the result is still right
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PB7006", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal("ran", report.State("prepare.count"));
        Assert.Equal("restored", report.State("prepare.split"));
        Assert.Equal("3\n", clones.B.Read("out/count.txt"));
        Assert.Equal("6\n", clones.B.Read("out/double.txt"));
    }

    [Fact]
    public void Should_run_the_step_with_a_warning_when_a_blob_is_missing_from_the_shared_folder()
    {
        // Given A filled the cache and one blob was removed from it
        using var server = CacheServer.Start("file");
        using var clones = new TwoClones(server);
        Assert.Equal(0, clones.Run(clones.A).Result.ExitCode);
        File.Delete(server.ObjectPath(BlobOf(clones.A, "out/parts/p-ab")));

        // When B runs
        var (result, report, _) = clones.Run(clones.B);

        // Then the folder step ran, nothing half-restored, the result is right
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PB7005", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal("ran", report.State("prepare.split"));
        Assert.Equal("restored", report.State("prepare.count"));
        Assert.Equal("b\n", clones.B.Read("out/parts/p-ab"));
    }

    [RemoteCacheFact("nginx")]
    public void Should_run_every_step_with_a_warning_when_the_action_entries_are_truncated()
    {
        // Given A filled the cache and every action entry on the server was cut in half
        using var server = CacheServer.Start("http");
        using var clones = new TwoClones(server);
        Assert.Equal(0, clones.Run(clones.A).Result.ExitCode);
        var entries = Directory.GetFiles(server.ObjectPath("ac"));
        Assert.Equal(3, entries.Length);
        foreach (var entry in entries)
        {
            var bytes = File.ReadAllBytes(entry);
            File.WriteAllBytes(entry, bytes[..(bytes.Length / 2)]);
        }

        // When B runs
        var (result, report, _) = clones.Run(clones.B);

        // Then every step ran, with a warning, and the result is right
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PB7004", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.All(report.Steps.Values, s => Assert.Equal("ran", s.State));
        Assert.Equal("6\n", clones.B.Read("out/double.txt"));
    }

    [Fact]
    public void Should_run_every_step_with_a_warning_when_the_entries_are_signed_with_another_key()
    {
        // Given A signed its entries with one key
        using var server = CacheServer.Start("file");
        using var clones = new TwoClones(server);
        Assert.Equal(0, clones.Run(clones.A, Env("PIPELINEBUILD_CACHE_SIGNING_KEY", "key-of-ci")).Result.ExitCode);

        // When B reads them with another
        var (result, report, _) = clones.Run(clones.B, Env("PIPELINEBUILD_CACHE_SIGNING_KEY", "key-of-an-attacker"));

        // Then nothing is restored from them
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PB7003", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.All(report.Steps.Values, s => Assert.Equal("ran", s.State));
        Assert.Equal("6\n", clones.B.Read("out/double.txt"));
    }

    [Fact]
    public void Should_restore_signed_entries_and_refuse_unsigned_ones_when_a_signing_key_is_set()
    {
        // Given A filled the cache without a key, and a clone with the key reads it
        using var server = CacheServer.Start("file");
        using var clones = new TwoClones(server);
        Assert.Equal(0, clones.Run(clones.A).Result.ExitCode);
        var (unsigned, unsignedReport, _) = clones.Run(clones.B, Env("PIPELINEBUILD_CACHE_SIGNING_KEY", "team-key"));
        Assert.Contains("PB7003", unsigned.Stdout + unsigned.Stderr, StringComparison.Ordinal);
        Assert.Equal("ran", unsignedReport.State("prepare.count"));

        // When B (which now uploaded signed entries) is read by a third clone with the key
        using var third = new TwoClones(server);
        var (result, report, _) = third.Run(third.B, Env("PIPELINEBUILD_CACHE_SIGNING_KEY", "team-key"));

        // Then everything is restored
        Assert.Equal(0, result.ExitCode);
        Assert.All(report.Steps.Values, s => Assert.Equal("restored", s.State));
    }

    [Fact]
    public void Should_warn_once_and_exit_0_when_the_server_is_down()
    {
        // Given a cache URL where nothing listens
        using var server = CacheServer.Start("http-down");
        using var clones = new TwoClones(server);

        // When A runs
        var (result, report, _) = clones.Run(clones.A);

        // Then it ran on the local cache, with one warning
        Assert.Equal(0, result.ExitCode);
        var output = result.Stdout + result.Stderr;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, "PB7002"));
        Assert.Contains(server.Url, output, StringComparison.Ordinal);
        Assert.All(report.Steps.Values, s => Assert.Equal("ran", s.State));
    }

    [Fact]
    public void Should_exit_3_naming_the_url_when_the_cache_is_required_and_down()
    {
        // Given a cache URL where nothing listens
        using var server = CacheServer.Start("http-down");
        using var clones = new TwoClones(server);

        // When A runs with --cache-required
        var environment = new Dictionary<string, string>(server.Environment) { ["PIPELINEBUILD_CACHE_URL"] = server.Url };
        var result = PipelineTool.Run(clones.A.Root, environment, "run", "--cache-required");

        // Then it stops with exit 3, PB7001 and the URL, and runs nothing
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("PB7001", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains(server.Url, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, TwoClones.Executions(clones.A));
    }

    [Fact]
    public void Should_upload_nothing_when_the_mode_is_read()
    {
        // Given an empty shared folder
        using var server = CacheServer.Start("file");
        using var clones = new TwoClones(server);

        // When A runs with --cache-mode read
        var (result, _, text) = clones.Run(clones.A, null, "--cache-mode", "read");

        // Then the remote stays empty
        Assert.Equal(0, result.ExitCode);
        Assert.False(Directory.Exists(server.ObjectPath("ac")), "an entry was uploaded in read mode");
        Assert.Contains("\"entriesUploaded\": 0", text, StringComparison.Ordinal);
    }

    [RemoteCacheFact("nginx")]
    public void Should_fill_the_cache_consistently_when_two_clones_push_the_same_entries_at_once()
    {
        // Given two clones that will push the same entries
        using var server = CacheServer.Start("http");
        using var pushers = new TwoClones(server);
        var environment = new Dictionary<string, string>(server.Environment) { ["PIPELINEBUILD_CACHE_URL"] = server.Url };

        // When both run at once
        using var first = PipelineTool.Start(pushers.A.Root, environment, "run");
        using var second = PipelineTool.Start(pushers.B.Root, environment, "run");
        first.WaitForExit();
        second.WaitForExit();

        // Then both succeed and a third clone restores everything from what they left
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        using var reader = new TwoClones(server);
        var (result, report, _) = reader.Run(reader.B);
        Assert.Equal(0, result.ExitCode);
        Assert.All(report.Steps.Values, s => Assert.Equal("restored", s.State));
        Assert.Equal("6\n", reader.B.Read("out/double.txt"));
    }

    [RemoteCacheFact("nginx")]
    public void Should_keep_credentials_out_of_logs_reports_history_and_the_lock_file()
    {
        // Given credentials and a signing key in the environment
        using var server = CacheServer.Start("http");
        using var clones = new TwoClones(server);
        var secrets = new Dictionary<string, string>
        {
            ["PIPELINEBUILD_CACHE_USER"] = "ci-user-7f3a",
            ["PIPELINEBUILD_CACHE_PASSWORD"] = "pw-9c1e5b77d2",
            ["PIPELINEBUILD_CACHE_SIGNING_KEY"] = "sk-4d2a8e61f0",
        };

        // When A fills the cache and B restores from it
        var (a, _, reportA) = clones.Run(clones.A, secrets);
        var (b, reportB, textB) = clones.Run(clones.B, secrets);

        // Then no secret appears in the output, the reports or any file the tool wrote
        Assert.Equal(0, a.ExitCode);
        Assert.All(reportB.Steps.Values, s => Assert.Equal("restored", s.State));
        var written = new[] { clones.A, clones.B }
            .SelectMany(c => Directory.EnumerateFiles(c.Root, "*", SearchOption.AllDirectories))
            .Select(File.ReadAllBytes)
            .Select(bytes => System.Text.Encoding.Latin1.GetString(bytes));
        foreach (var secret in secrets.Values.Append(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ci-user-7f3a:pw-9c1e5b77d2"))))
        {
            Assert.DoesNotContain(secret, a.Stdout + a.Stderr + b.Stdout + b.Stderr + reportA + textB, StringComparison.Ordinal);
            Assert.All(written, content => Assert.DoesNotContain(secret, content, StringComparison.Ordinal));
        }
    }

    private static void RestoresInSecondClone(string kind)
    {
        // Given clone A ran and filled the remote
        using var server = CacheServer.Start(kind);
        using var clones = new TwoClones(server);
        var (first, firstReport, firstText) = clones.Run(clones.A);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.All(firstReport.Steps.Values, s => Assert.Equal("ran", s.State));
        Assert.Contains("\"entriesUploaded\": 3", firstText, StringComparison.Ordinal);

        // When clone B, in another folder with an empty .pipeline/, runs
        var (second, report, text) = clones.Run(clones.B);

        // Then every step is restored, none ran, and the outputs are byte-identical
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.All(report.Steps.Values, s => Assert.Equal("restored", s.State));
        Assert.Equal(0, TwoClones.Executions(clones.B));
        foreach (var output in TwoClones.Outputs)
        {
            Assert.Equal(File.ReadAllBytes(clones.A.PathOf(output)), File.ReadAllBytes(clones.B.PathOf(output)));
        }

        Assert.Contains("\"hits\": 3", text, StringComparison.Ordinal);
        Assert.Contains("remote cache", second.Stdout, StringComparison.Ordinal);
    }

    private static string BlobOf(Testing.TestWorkspace clone, string output) =>
        "cas/" + ContentDigest.FromHash(SHA256.HashData(File.ReadAllBytes(clone.PathOf(output)))).Hex;

    private static Dictionary<string, string> Env(string name, string value) => new() { [name] = value };
}
