using PipelineBuild.Cluster.Agent;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Cluster.Tests;

/// <summary>The agent in-process, on a folder that stands for the job container's /workspace, against a real file:// remote.</summary>
public sealed class JobAgentTests
{
    [Fact]
    public async Task Should_run_the_command_on_the_inputs_and_leave_an_entry_the_tools_remote_restore_reads_byte_for_byte()
    {
        // Given
        using var scenario = new ClusterScenario();
        scenario.Tool.Write("data/in.csv", "a,b\n1,2\n");
        scenario.Tool.Write("data/more/x.txt", "x");
        scenario.Tool.Write("run.sh", "cat data/in.csv data/more/x.txt > out.txt; mkdir -p reports; echo \"$MODE\" > reports/mode.txt; test -x run.sh");
        File.SetUnixFileMode(scenario.Tool.PathOf("run.sh"), (UnixFileMode)0b111_101_101);
        var execution = scenario.Execution("./run.sh", ["data/in.csv", "data/more/", "run.sh"], ["out.txt", "reports/"], new Dictionary<string, string> { ["MODE"] = "fast" });
        var packed = await new ClusterJobPackager(scenario.Session(), scenario.Url, new Dictionary<string, string>()).PackAsync(execution, CancellationToken.None);

        // When
        var (exitCode, errors) = await scenario.RunAgentAsync(packed);
        var restored = await scenario.RestoreAsync(execution);

        // Then
        Assert.True(exitCode == 0, errors);
        Assert.True(scenario.RemoteHas("ac/" + packed.Job.Key));
        Assert.True(restored, string.Join("\n", scenario.Warnings));
        Assert.Equal("a,b\n1,2\nx", scenario.Tool.Read("out.txt"));
        Assert.Equal(File.ReadAllBytes(scenario.Container.PathOf("out.txt")), File.ReadAllBytes(scenario.Tool.PathOf("out.txt")));
        Assert.Equal("fast\n", scenario.Tool.Read("reports/mode.txt"));
        Assert.Contains(AgentLog.Prefix, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_sign_the_entry_with_the_key_the_tool_verifies_it_with()
    {
        // Given
        using var scenario = new ClusterScenario();
        scenario.Tool.Write("in.txt", "signed");
        var execution = scenario.Execution("cp in.txt out.txt", ["in.txt"], ["out.txt"]);
        var key = new Dictionary<string, string> { [RemoteCacheEnvironment.SigningKey] = "team-key" };
        var packed = await new ClusterJobPackager(scenario.Session(key), scenario.Url, key).PackAsync(execution, CancellationToken.None);

        // When
        var (exitCode, errors) = await scenario.RunAgentAsync(packed);

        // Then
        Assert.True(exitCode == 0, errors);
        Assert.Contains("\"signature\"", File.ReadAllText(scenario.Remote.PathOf("ac/" + packed.Job.Key)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_with_the_commands_code_and_upload_no_entry_when_the_command_fails()
    {
        // Given
        using var scenario = new ClusterScenario();
        scenario.Tool.Write("in.txt", "x");
        var execution = scenario.Execution("echo partial > out.txt; exit 7", ["in.txt"], ["out.txt"]);
        var packed = await new ClusterJobPackager(scenario.Session(), scenario.Url, new Dictionary<string, string>()).PackAsync(execution, CancellationToken.None);

        // When
        var (exitCode, _) = await scenario.RunAgentAsync(packed);

        // Then
        Assert.Equal(7, exitCode);
        Assert.False(scenario.RemoteHas("ac/" + packed.Job.Key));
    }

    [Fact]
    public async Task Should_fail_with_its_own_code_and_no_entry_when_the_command_leaves_a_declared_output_out()
    {
        // Given
        using var scenario = new ClusterScenario();
        scenario.Tool.Write("in.txt", "x");
        var execution = scenario.Execution("true", ["in.txt"], ["never.txt"]);
        var packed = await new ClusterJobPackager(scenario.Session(), scenario.Url, new Dictionary<string, string>()).PackAsync(execution, CancellationToken.None);

        // When
        var (exitCode, errors) = await scenario.RunAgentAsync(packed);

        // Then
        Assert.Equal(AgentExitCodes.OutputsFailed, exitCode);
        Assert.Contains($"{AgentLog.Prefix}{ClusterCodes.OutputsNotRecorded}", errors, StringComparison.Ordinal);
        Assert.False(scenario.RemoteHas("ac/" + packed.Job.Key));
    }

    [Fact]
    public async Task Should_give_the_command_the_secrets_of_the_secrets_file_as_variables()
    {
        // Given: the secret is only in the file the executor mounted, not in the container's environment
        using var scenario = new ClusterScenario();
        scenario.Tool.Write("in.txt", "x");
        scenario.Container.Write("secrets/job.json", "{\"API_TOKEN\":\"s3cr3t-from-file\"}");
        var execution = scenario.Execution("printf '%s' \"$API_TOKEN\" > out.txt; env | grep -c PIPELINEBUILD_SECRETS_FILE > seen.txt || true", ["in.txt"], ["out.txt", "seen.txt"]);
        var packed = await new ClusterJobPackager(scenario.Session(), scenario.Url, new Dictionary<string, string>()).PackAsync(execution, CancellationToken.None);

        // When
        var (exitCode, errors) = await scenario.RunAgentAsync(packed, new Dictionary<string, string> { [ClusterEnvironment.SecretsFile] = scenario.Container.PathOf("secrets/job.json") });

        // Then: the command saw the value; the file's name is the agent's only
        Assert.True(exitCode == 0, errors);
        Assert.Equal("s3cr3t-from-file", scenario.Container.Read("out.txt"));
        Assert.Equal("0\n", scenario.Container.Read("seen.txt"));
    }

    [Theory]
    [InlineData("not json s3cr3t")]
    [InlineData("{\"A\":1}")]
    [InlineData("{\"=A\":\"s3cr3t\"}")]
    public async Task Should_refuse_a_secrets_file_that_is_not_an_object_of_variables_without_quoting_it(string content)
    {
        // Given
        using var scenario = new ClusterScenario();
        scenario.Container.Write("secrets/job.json", content);
        var packed = scenario.Put(Job([]));

        // When
        var (exitCode, errors) = await scenario.RunAgentAsync(packed, new Dictionary<string, string> { [ClusterEnvironment.SecretsFile] = scenario.Container.PathOf("secrets/job.json") });

        // Then
        Assert.Equal(AgentExitCodes.Refused, exitCode);
        Assert.Contains($"{AgentLog.Prefix}{ClusterCodes.SecretsUnreadable}", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_to_start_without_a_job_digest()
    {
        // Given
        using var scenario = new ClusterScenario();
        using var errors = new StringWriter();

        // When
        var code = await new JobAgent(new Dictionary<string, string> { [ClusterEnvironment.CacheUrl] = scenario.Url }, scenario.Container.Root, new AgentLog(errors)).RunAsync(CancellationToken.None);

        // Then
        Assert.Equal(AgentExitCodes.Refused, code);
        Assert.StartsWith($"{AgentLog.Prefix}{ClusterCodes.BadJobEnvironment} ", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_a_spec_stored_under_another_name()
    {
        // Given: the spec's bytes changed after they were named
        using var scenario = new ClusterScenario();
        var packed = scenario.Put(Job([]));
        File.AppendAllText(scenario.Remote.PathOf("cas/" + packed.SpecDigest.Hex), " ");

        // When
        var (exitCode, errors) = await scenario.RunAgentAsync(packed);

        // Then
        Assert.Equal(AgentExitCodes.Refused, exitCode);
        Assert.Contains(ClusterCodes.SpecDamaged, errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("/tmp/escaped.txt")]
    [InlineData("a/../../escaped.txt")]
    [InlineData(".pipeline/cache/cas/ab/x")]
    public async Task Should_refuse_an_input_path_outside_the_workspace_and_write_nothing(string path)
    {
        // Given
        using var scenario = new ClusterScenario();
        var digest = scenario.PutBlob("payload");
        var packed = scenario.Put(Job([new ClusterJobInput("ok.txt", digest, 7, false), new ClusterJobInput(path, digest, 7, false)]));

        // When
        var (exitCode, errors) = await scenario.RunAgentAsync(packed);

        // Then
        Assert.Equal(AgentExitCodes.Refused, exitCode);
        Assert.Contains($"{AgentLog.Prefix}{ClusterCodes.UnsafePath}", errors, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scenario.Container.Root));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(scenario.Container.Root)!, "escaped.txt")));
    }

    [Fact]
    public async Task Should_refuse_an_input_that_leads_through_a_symlink_in_the_image_and_write_nothing_through_it()
    {
        // Given: the image's /workspace holds a link to a folder outside it
        using var scenario = new ClusterScenario();
        using var outside = PipelineBuild.Testing.TestWorkspace.Create();
        Directory.CreateSymbolicLink(scenario.Container.PathOf("data"), outside.Root);
        var digest = scenario.PutBlob("payload");
        var packed = scenario.Put(Job([new ClusterJobInput("data/in.csv", digest, 7, false)]));

        // When
        var (exitCode, errors) = await scenario.RunAgentAsync(packed);

        // Then
        Assert.Equal(AgentExitCodes.Refused, exitCode);
        Assert.Contains(ClusterCodes.UnsafePath, errors, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Root));
    }

    [Theory]
    [InlineData("payload", 99)]
    [InlineData("tampered", 7)]
    public async Task Should_refuse_an_input_whose_blob_does_not_match_its_digest_or_size(string stored, int size)
    {
        // Given
        using var scenario = new ClusterScenario();
        var digest = scenario.PutBlob("payload");
        File.WriteAllText(scenario.Remote.PathOf("cas/" + digest), stored);
        var packed = scenario.Put(Job([new ClusterJobInput("in.txt", digest, size, false)]));

        // When
        var (exitCode, errors) = await scenario.RunAgentAsync(packed);

        // Then
        Assert.Equal(AgentExitCodes.Refused, exitCode);
        Assert.Contains($"{AgentLog.Prefix}{ClusterCodes.InputUnavailable}", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(scenario.Container.PathOf("in.txt")));
    }

    [Fact]
    public async Task Should_say_the_cache_is_unavailable_with_its_own_exit_code()
    {
        // Given
        using var scenario = new ClusterScenario();
        var packed = scenario.Put(Job([]));
        var environment = new Dictionary<string, string> { [ClusterEnvironment.Job] = packed.SpecDigest.Hex, [ClusterEnvironment.CacheUrl] = "http://127.0.0.1:9/cache" };
        using var errors = new StringWriter();

        // When
        var code = await new JobAgent(environment, scenario.Container.Root, new AgentLog(errors)).RunAsync(CancellationToken.None);

        // Then
        Assert.Equal(AgentExitCodes.CacheUnavailable, code);
        Assert.Contains(ClusterCodes.CacheUnavailable, errors.ToString(), StringComparison.Ordinal);
    }

    private static ClusterJob Job(IReadOnlyList<ClusterJobInput> inputs) =>
        new(ClusterJob.CurrentSchema, "hostile", new string('c', 64), ["sh", "-c", "touch ran"], ".", new Dictionary<string, string>(), inputs, ["ran"]);
}
