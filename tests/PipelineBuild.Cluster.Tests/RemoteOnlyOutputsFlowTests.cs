using PipelineBuild.Cluster.Agent;
using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cluster.Tests;

/// <summary>
/// <c>run --no-download</c> from the tool's side, on a job the agent really ran against a real <c>file://</c> remote: a cluster
/// step's outputs left in the remote (<see cref="ClusterOutputsLeftRemote"/>), and brought down for a step that runs here
/// (<see cref="RemoteOnlyInputRestore"/>).
/// </summary>
public sealed class RemoteOnlyOutputsFlowTests
{
    [Fact]
    public async Task Should_leave_a_jobs_outputs_remote_with_their_lengths_and_clear_a_stale_local_copy()
    {
        // Given a cluster job that ended well, and a stale copy of its output in the tool's workspace
        using var flow = await Flow.RanAsync();
        flow.Scenario.Tool.Write("out.txt", "stale");

        // When its outputs are left in the remote
        var left = await flow.LeaveAsync();

        // Then they are remote only, with the lengths the remote gives, and no stale copy shadows them
        Assert.True(left, string.Join("\n", flow.Scenario.Warnings));
        Assert.False(flow.Scenario.Tool.Exists("out.txt"));
        Assert.Equal(
            [("out.txt", 8L), ("reports/r.txt", 3L)],
            flow.RemoteOnly.Of("train").Select(f => (f.Path, f.Size)));
        Assert.All(flow.RemoteOnly.Of("train"), f => Assert.Equal(flow.Execution.Evaluation!.Fingerprint, f.Fingerprint));
    }

    [Fact]
    public async Task Should_not_leave_outputs_remote_when_the_remote_does_not_have_one_of_their_blobs()
    {
        // Given a job whose output blob the remote no longer has, and the output's earlier copy here
        using var flow = await Flow.RanAsync();
        File.Delete(flow.Scenario.Remote.PathOf("cas/" + ContentDigest.Of("trained\n"u8.ToArray()).Hex));
        flow.Scenario.Tool.Write("out.txt", "earlier");

        // When its outputs would be left in the remote
        var left = await flow.LeaveAsync();

        // Then they are not (the caller restores them as usual, and fails if it cannot): nothing recorded, nothing cleared
        Assert.False(left);
        Assert.True(flow.RemoteOnly.IsEmpty);
        Assert.Equal("earlier", flow.Scenario.Tool.Read("out.txt"));
    }

    [Fact]
    public async Task Should_restore_a_remote_only_input_verified_before_a_step_that_runs_here_and_forget_it()
    {
        // Given outputs left in the remote
        using var flow = await Flow.RanAsync();
        Assert.True(await flow.LeaveAsync());

        // When a step that runs here reads one of them
        var error = await flow.RestoreForConsumerAsync("out.txt");

        // Then the producer's outputs are restored byte for byte, and are no longer remote only
        Assert.Null(error);
        Assert.Equal("trained\n", flow.Scenario.Tool.Read("out.txt"));
        Assert.Equal("hi\n", flow.Scenario.Tool.Read("reports/r.txt"));
        Assert.True(flow.RemoteOnly.IsEmpty);
    }

    [Fact]
    public async Task Should_fail_the_consumer_with_PB8541_and_keep_the_record_when_the_remote_lost_the_producers_entry()
    {
        // Given outputs left in the remote, whose entry the remote then lost
        using var flow = await Flow.RanAsync();
        Assert.True(await flow.LeaveAsync());
        File.Delete(flow.Scenario.Remote.PathOf("ac/" + flow.Execution.Evaluation!.Fingerprint.Hex));

        // When a step that runs here reads one of them
        var error = await flow.RestoreForConsumerAsync("out.txt");

        // Then the step fails with what happened and what to do; nothing was restored, the record stays
        Assert.NotNull(error);
        Assert.Contains(ExecutorCodes.RemoteOnlyInputNotRestored, error, StringComparison.Ordinal);
        Assert.Contains("step 'evaluate' runs on this machine, and its input 'out.txt', which step 'train' left in the remote cache", error, StringComparison.Ordinal);
        Assert.Contains("check that the remote cache is reachable", error, StringComparison.Ordinal);
        Assert.False(flow.Scenario.Tool.Exists("out.txt"));
        Assert.NotNull(flow.RemoteOnly.Find("out.txt"));
    }

    /// <summary>A job packed by the tool and run by the agent, and the tool's cache and remote-only state around it.</summary>
    private sealed class Flow : IDisposable
    {
        private Flow(ClusterScenario scenario, StepExecution execution)
        {
            Scenario = scenario;
            Execution = execution;
            var layout = execution.Layout;
            var store = new ContentStore(layout.ContentFolder);
            var actions = new ActionCache(layout.ActionFolder, scenario.Warnings.Add);
            Session = scenario.Session();
            Cache = new StepCache(store, actions, [new RemoteCacheTier(Session, store, actions)]);
            Restorer = new CacheRestorer(layout, new FileDigests(layout, new StatCache(), 1), store, scenario.Warnings.Add);
        }

        public ClusterScenario Scenario { get; }

        public StepExecution Execution { get; }

        public RemoteCacheSession Session { get; }

        public StepCache Cache { get; }

        public CacheRestorer Restorer { get; }

        public RemoteOnlyOutputs RemoteOnly { get; } = RemoteOnlyOutputs.Empty();

        public static async Task<Flow> RanAsync()
        {
            var scenario = new ClusterScenario();
            scenario.Tool.Write("in.txt", "trained\n");
            var execution = scenario.Execution("cp in.txt out.txt; mkdir -p reports; echo hi > reports/r.txt", ["in.txt"], ["out.txt", "reports/"]);
            var packed = await new ClusterJobPackager(scenario.Session(), scenario.Url, new Dictionary<string, string>()).PackAsync(execution, CancellationToken.None);
            var (exitCode, errors) = await scenario.RunAgentAsync(packed);
            Assert.True(exitCode == 0, errors);
            return new Flow(scenario, execution);
        }

        /// <summary>What the step worker does after the job under <c>--no-download</c>.</summary>
        public async Task<bool> LeaveAsync()
        {
            var step = Execution.Step;
            var hit = await Cache.TryFetchAsync(step, Execution.Evaluation!.Fingerprint, CancellationToken.None);
            Assert.NotNull(hit);
            return await new ClusterOutputsLeftRemote(Execution.Layout, Cache, RemoteOnly, Session).TryLeaveAsync(step, hit.Entry, CancellationToken.None);
        }

        /// <summary>What the step worker does before a host step named <c>evaluate</c> that reads <paramref name="input"/>.</summary>
        public Task<string?> RestoreForConsumerAsync(string input)
        {
            var location = SourceLocation.None("pipeline.yaml");
            var consumer = new StepDefinition
            {
                Id = "evaluate",
                Stage = "main",
                Name = "evaluate",
                Kind = StepKind.Host,
                Command = "cat " + input,
                Location = location,
                Inputs = [new InputSpec(input, InputKind.Path, IsFolder: false, location)],
            };
            var pipeline = new PipelineDefinition { Name = "flow", FilePath = "pipeline.yaml", WorkspaceRoot = Scenario.Tool.Root, Steps = [Execution.Step, consumer] };
            var digest = RemoteOnly.Find(input)?.Digest ?? ContentDigest.Of([]);
            var evaluation = new StepEvaluation(
                consumer,
                new StepDecision.Run(new StepReason(ReasonKind.InputChanged)),
                new ActionKey(ContentDigest.Of([2])),
                ContentDigest.Of([3]),
                null,
                new Dictionary<string, string>(),
                [new ResolvedInput(consumer.Inputs[0], input, [new FileDigest(input, digest)], digest, null)]);
            return new RemoteOnlyInputRestore(pipeline, Execution.Layout, Cache, Restorer, RemoteOnly).RestoreAsync(evaluation, Scenario.Url, CancellationToken.None);
        }

        public void Dispose() => Scenario.Dispose();
    }
}
