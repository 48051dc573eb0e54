using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Cluster.Tests;

/// <summary>
/// An input an earlier cluster step left in the remote cache (<c>run --no-download</c>) is sent by digest and recorded size:
/// nothing is uploaded, the agent fetches and checks it like any input, and a remote that lost it fails the step (PB8540).
/// </summary>
public sealed class RemoteOnlyInputPackingTests
{
    private const string Weights = "weights made on the cluster";

    [Fact]
    public async Task Should_send_a_remote_only_input_by_digest_without_uploading_it_and_the_agent_should_use_it()
    {
        // Given an upstream output the remote holds and the workspace does not
        using var scenario = new ClusterScenario();
        var execution = RemoteOnlyExecution(scenario);
        scenario.PutBlob(Weights);

        // When
        var packed = await new ClusterJobPackager(scenario.Session(), scenario.Url, new Dictionary<string, string>()).PackAsync(execution, CancellationToken.None);
        var (exitCode, errors) = await scenario.RunAgentAsync(packed);

        // Then: sent by the recorded digest and size, nothing uploaded, and the job read the right bytes
        var input = Assert.Single(packed.Job.Inputs);
        Assert.Equal(("model.bin", ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(Weights)).Hex, (long)Weights.Length, false), (input.Path, input.Sha256, input.Size, input.Executable));
        Assert.Equal(0, packed.BlobsUploaded);
        Assert.False(File.Exists(scenario.Tool.PathOf("model.bin")));
        Assert.True(exitCode == 0, errors);
        Assert.Equal(Weights, scenario.Container.Read("out.txt"));
    }

    [Fact]
    public async Task Should_fail_the_step_when_the_remote_lost_a_remote_only_input()
    {
        // Given a remote-only input whose blob the remote no longer has
        using var scenario = new ClusterScenario();
        var execution = RemoteOnlyExecution(scenario);

        // When
        var error = await Assert.ThrowsAsync<PipelineException>(() => new ClusterJobPackager(scenario.Session(), scenario.Url, new Dictionary<string, string>()).PackAsync(execution, CancellationToken.None));

        // Then
        Assert.Equal(ClusterCodes.RemoteOnlyInputLost, error.Code);
        Assert.Equal(ExitCodes.ServiceUnavailable, error.ExitCode);
        Assert.Contains("model.bin", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A step reading <c>model.bin</c>, fingerprinted while the file existed, then left with only its remote-only record.</summary>
    private static StepExecution RemoteOnlyExecution(ClusterScenario scenario)
    {
        scenario.Tool.Write("model.bin", Weights);
        var execution = scenario.Execution("cat model.bin > out.txt", ["model.bin"], ["out.txt"]);
        File.Delete(scenario.Tool.PathOf("model.bin"));
        var digest = ContentDigest.Of(System.Text.Encoding.UTF8.GetBytes(Weights));
        var upstream = new ActionKey(ContentDigest.Of("upstream"u8));
        return execution with { RemoteOnly = new RemoteOnlyOutputs([new RemoteOnlyFile("model.bin", "fit", upstream, digest, Weights.Length)]) };
    }
}
