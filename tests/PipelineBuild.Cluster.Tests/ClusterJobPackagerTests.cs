using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Cluster.Tests;

public sealed class ClusterJobPackagerTests
{
    [Fact]
    public async Task Should_upload_the_inputs_by_the_digests_the_fingerprint_used_then_the_spec()
    {
        // Given
        using var scenario = new ClusterScenario();
        scenario.Tool.Write("data/in.csv", "a,b\n1,2\n");
        scenario.Tool.Write("data/more/x.txt", "x");
        scenario.Tool.Write("script.sh", "echo run");
        File.SetUnixFileMode(scenario.Tool.PathOf("script.sh"), (UnixFileMode)0b111_101_101);
        var execution = scenario.Execution("sh script.sh", ["data/in.csv", "data/more/", "script.sh"], ["out.txt", "reports/"], new Dictionary<string, string> { ["MODE"] = "fast" });

        // When
        var packed = await new ClusterJobPackager(scenario.Session(), "http://cache.cluster:8080/cache", new Dictionary<string, string>()).PackAsync(execution, CancellationToken.None);

        // Then: every input is a blob named by its digest, and the spec is stored under its own digest
        var job = packed.Job;
        Assert.Equal(["data/in.csv", "data/more/x.txt", "script.sh"], job.Inputs.Select(i => i.Path));
        Assert.Equal([false, false, true], job.Inputs.Select(i => i.Executable));
        Assert.Equal(8, job.Inputs[0].Size);
        Assert.Equal(3, packed.BlobsUploaded);
        foreach (var input in job.Inputs)
        {
            Assert.Equal(File.ReadAllBytes(scenario.Tool.PathOf(input.Path)), File.ReadAllBytes(scenario.Remote.PathOf("cas/" + input.Sha256)));
        }

        var spec = File.ReadAllBytes(scenario.Remote.PathOf("cas/" + packed.SpecDigest.Hex));
        Assert.Equal(packed.SpecDigest, ContentDigest.Of(spec));
        Assert.Equal(ClusterJobJson.Serialize(job), spec);
        Assert.Equal(execution.Evaluation!.Fingerprint.Hex, job.Key);
        Assert.Equal(["sh", "-e", "-c", "sh script.sh"], job.Command);
        Assert.Equal(["out.txt", "reports/"], job.Outputs);
        Assert.Equal(packed.SpecDigest.Hex, packed.Environment[ClusterEnvironment.Job]);
        Assert.Equal("http://cache.cluster:8080/cache", packed.Environment[ClusterEnvironment.CacheUrl]);
    }

    [Fact]
    public async Task Should_send_nothing_again_that_the_remote_already_has()
    {
        // Given
        using var scenario = new ClusterScenario();
        scenario.Tool.Write("data/in.csv", "same");
        scenario.Tool.Write("data/copy.csv", "same");
        var execution = scenario.Execution("cat data/*", ["data/in.csv", "data/copy.csv"], ["out.txt"]);
        var packager = new ClusterJobPackager(scenario.Session(), scenario.Url, new Dictionary<string, string>());

        // When
        var first = await packager.PackAsync(execution, CancellationToken.None);
        var second = await packager.PackAsync(execution, CancellationToken.None);

        // Then: two paths, one content, one upload; none the second time
        Assert.Equal(1, first.BlobsUploaded);
        Assert.Equal(0, second.BlobsUploaded);
        Assert.Equal(first.SpecDigest, second.SpecDigest);
    }

    [Fact]
    public async Task Should_keep_secrets_out_of_the_spec_and_hand_them_with_the_cache_credentials_to_the_executor()
    {
        // Given
        using var scenario = new ClusterScenario();
        scenario.Tool.Write("in.txt", "x");
        var secrets = new SecretSet([new KeyValuePair<string, string>("API_TOKEN", "s3cr3t-value")]);
        var execution = scenario.Execution("echo ${API_TOKEN}", ["in.txt"], ["out.txt"], secrets: secrets);
        var environment = new Dictionary<string, string> { [RemoteCacheEnvironment.Token] = "cache-token", ["HOME"] = "/root" };

        // When
        var packed = await new ClusterJobPackager(scenario.Session(), scenario.Url, environment).PackAsync(execution, CancellationToken.None);

        // Then
        var spec = File.ReadAllText(scenario.Remote.PathOf("cas/" + packed.SpecDigest.Hex));
        Assert.DoesNotContain("s3cr3t-value", spec, StringComparison.Ordinal);
        Assert.DoesNotContain("cache-token", spec, StringComparison.Ordinal);
        Assert.Equal("s3cr3t-value", packed.Secrets["API_TOKEN"]);
        Assert.Equal("cache-token", packed.Secrets[RemoteCacheEnvironment.Token]);
        Assert.False(packed.Secrets.ContainsKey("HOME"));
        Assert.DoesNotContain(packed.Environment.Values, v => v.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_fail_with_its_code_and_exit_code_3_when_the_remote_cannot_take_the_job()
    {
        // Given: a file:// remote whose folder is gone
        using var scenario = new ClusterScenario();
        scenario.Tool.Write("in.txt", "x");
        var execution = scenario.Execution("cat in.txt", ["in.txt"], ["out.txt"]);
        var session = scenario.Session();
        Directory.Delete(scenario.Remote.Root, recursive: true);

        // When
        var error = await Assert.ThrowsAsync<PipelineException>(() => new ClusterJobPackager(session, scenario.Url, new Dictionary<string, string>()).PackAsync(execution, CancellationToken.None));

        // Then
        Assert.Equal(ClusterCodes.PackingFailed, error.Code);
        Assert.Equal(ExitCodes.ServiceUnavailable, error.ExitCode);
        Assert.Contains("train", error.Message, StringComparison.Ordinal);
    }
}
