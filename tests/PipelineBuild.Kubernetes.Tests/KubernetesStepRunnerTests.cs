using System.Net;
using k8s;
using k8s.Models;
using PipelineBuild.Cluster;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Kubernetes.Api;
using PipelineBuild.Kubernetes.Execution;
using PipelineBuild.Kubernetes.Jobs;
using PipelineBuild.Testing;

namespace PipelineBuild.Kubernetes.Tests;

/// <summary>
/// The executor's client code against <see cref="FakeKubernetesApi"/> (no API server can run here): the
/// requests it makes, in order, and how it reads what the API answers.
/// </summary>
public sealed class KubernetesStepRunnerTests : IDisposable
{
    private static readonly StepDefinition Step = new()
    {
        Id = "train.fit[lr=0.1]",
        Stage = "train",
        Name = "fit",
        Kind = StepKind.Container,
        Executor = Executor.Kubernetes,
        Command = "python3 fit.py",
        Image = "python:3.12-slim",
        Resources = new ResourceLimits(1, 256L * 1024 * 1024, null),
        Location = new SourceLocation("pipeline.yaml", 3, 5),
    };

    private static readonly PipelineDefinition Pipeline = new() { Name = "iris", FilePath = "/w/pipeline.yaml", WorkspaceRoot = "/w", Steps = [Step] };

    private readonly FakeKubernetesApi _api = new();
    private readonly TestWorkspace _workspace = TestWorkspace.Create();
    private readonly List<string> _live = [];

    public void Dispose()
    {
        _api.Dispose();
        _workspace.Dispose();
    }

    [Fact]
    public async Task Should_run_a_step_as_one_job_stream_its_log_and_remove_the_job_and_its_secret()
    {
        _api.Pod = new PodScript { Log = ["epoch 1", "accuracy 0.97"], PendingPolls = 2 };

        var (result, log) = await RunAsync(secrets: new Dictionary<string, string> { ["HF_TOKEN"] = "s3cr3t" });

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains("epoch 1", log, StringComparison.Ordinal);
        Assert.Contains("accuracy 0.97", log, StringComparison.Ordinal);
        Assert.Contains("node-2", log, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", log, StringComparison.Ordinal);
        var requests = _api.Requests.ToList();
        var created = requests.Single(r => r.Method == "POST" && r.Path.EndsWith("/jobs", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cr3t", created.Body, StringComparison.Ordinal);
        var job = StrictManifests.Read<V1Job>(System.Text.Json.Nodes.JsonNode.Parse(created.Body)!);
        Assert.Equal(0, job.Spec.BackoffLimit);
        Assert.Equal("train.fit[lr=0.1]", job.Metadata.Annotations[JobLabels.StepIdAnnotation]);
        Assert.Equal("run-1", job.Metadata.Labels[JobLabels.Run]);
        var secretRef = job.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "HF_TOKEN").ValueFrom.SecretKeyRef;
        Assert.Equal(job.Metadata.Name, secretRef.Name);
        Assert.Equal("/api/v1/namespaces/ml/secrets", requests.First(r => r.Method == "POST").Path);
        Assert.Contains(requests, r => r.Method == "GET" && r.Path.EndsWith("/log", StringComparison.Ordinal) && r.Query.Contains("follow=true", StringComparison.Ordinal) && r.Query.Contains("container=step", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Method == "DELETE" && r.Path == $"/apis/batch/v1/namespaces/ml/jobs/{job.Metadata.Name}" && r.Query.Contains("propagationPolicy=Background", StringComparison.Ordinal));
        Assert.Empty(_api.LiveJobs);
        Assert.Empty(_api.LiveSecrets);
    }

    [Fact]
    public async Task Should_report_the_container_s_exit_code_and_remove_the_failed_job()
    {
        _api.Pod = new PodScript { Log = ["Traceback: boom"], ExitCode = 3 };

        var (result, log) = await RunAsync();

        Assert.Equal(3, result.ExitCode);
        Assert.Null(result.Error);
        Assert.Contains("Traceback: boom", log, StringComparison.Ordinal);
        Assert.Empty(_api.LiveJobs);
    }

    [Fact]
    public async Task Should_report_a_container_killed_for_its_memory_as_out_of_memory()
    {
        _api.Pod = new PodScript { ExitCode = 137, TerminatedReason = "OOMKilled" };

        var (result, _) = await RunAsync();

        Assert.Equal(137, result.ExitCode);
        Assert.Contains("more memory than its limit", result.Error, StringComparison.Ordinal);
        Assert.Contains((256L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_fail_a_step_whose_image_cannot_be_pulled_naming_the_reason()
    {
        _api.Pod = new PodScript { WaitingReason = "ImagePullBackOff" };

        var (result, _) = await RunAsync();

        Assert.False(result.Succeeded);
        Assert.StartsWith(KubernetesCodes.PodNotStarted, result.Error, StringComparison.Ordinal);
        Assert.Contains("ImagePullBackOff", result.Error, StringComparison.Ordinal);
        Assert.Empty(_api.LiveJobs);
    }

    [Fact]
    public async Task Should_report_a_job_stopped_at_its_deadline_as_a_timeout()
    {
        _api.Pod = new PodScript { DeadlineExceeded = true };

        var (result, _) = await RunAsync();

        Assert.Equal(124, result.ExitCode);
        Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
        Assert.Empty(_api.LiveJobs);
    }

    [Fact]
    public async Task Should_fail_the_step_with_the_api_s_reason_when_the_job_is_refused()
    {
        _api.RefuseJobs = HttpStatusCode.Forbidden;

        var (result, _) = await RunAsync();

        Assert.False(result.Succeeded);
        Assert.False(result.ServiceUnavailable);
        Assert.StartsWith(KubernetesCodes.JobRefused, result.Error, StringComparison.Ordinal);
        Assert.Contains("cannot create resource", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_say_the_service_is_unavailable_when_no_api_server_answers()
    {
        var url = _api.Url;
        _api.Dispose();
        var options = Options(KubernetesApi.Connect(new KubernetesClientConfiguration { Host = url }), new Dictionary<string, string>());

        var (result, _) = await RunAsync(options);

        Assert.True(result.ServiceUnavailable);
        Assert.StartsWith(KubernetesCodes.ApiUnavailable, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_delete_the_job_when_the_run_is_cancelled()
    {
        _api.Pod = new PodScript { PendingPolls = int.MaxValue };
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(cancellation: cancel.Token);
        while (!_api.Requests.Any(r => r.Method == "GET" && r.Path.EndsWith("/pods", StringComparison.Ordinal)))
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(_api.LiveJobs);
        Assert.Contains(_api.Requests, r => r.Method == "DELETE" && r.Path.Contains("/jobs/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_remove_the_jobs_an_earlier_run_of_the_workspace_left_but_not_this_run_s_or_another_workspace_s()
    {
        var workspaceId = Docker.Containers.ContainerLabels.WorkspaceId(_workspace.Root);
        _api.Leave(Left("old", JobLabels.Of("iris", "s.a", workspaceId, "run-0")));
        _api.Leave(Left("current", JobLabels.Of("iris", "s.a", workspaceId, "run-1")));
        _api.Leave(Left("elsewhere", JobLabels.Of("iris", "s.a", "another-workspace", "run-0")));
        var runner = new KubernetesStepRunner(new LocalPreparation(), Options(_api.Client(), new Dictionary<string, string>()));
        await using var session = runner.Begin(Pipeline);
        var layout = new WorkspaceLayout(_workspace.Root);

        await session.PrepareAsync(Step, new RunContext(Pipeline, "run-1", layout, new FileDigests(layout, new StatCache(), 1), new NoObserver()), CancellationToken.None);

        Assert.Equal(["current", "elsewhere"], _api.LiveJobs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_run_the_agent_image_with_the_contract_s_entrypoint_and_variables()
    {
        var packed = new PackedJob(
            new ClusterJob(ClusterJob.CurrentSchema, "s.a", "k", ["sh", "-c", "true"], ".", new Dictionary<string, string>(), [], []),
            ContentDigest.Of([1, 2, 3]),
            new Dictionary<string, string> { [ClusterEnvironment.Job] = "abc", [ClusterEnvironment.CacheUrl] = "http://cache:8080/c" },
            new Dictionary<string, string> { ["PIPELINEBUILD_CACHE_TOKEN"] = "t0k3n" },
            0,
            0);

        var container = ClusterContainer.OfAgent(packed, "registry:5000/agent@sha256:0123");

        Assert.Equal(AgentPaths.Entrypoint, container.Container.Command);
        Assert.Empty(container.Container.Arguments);
        Assert.Equal("abc", container.Container.Environment[ClusterEnvironment.Job]);
        Assert.Equal(["PIPELINEBUILD_CACHE_TOKEN"], container.Container.SecretVariables);
        Assert.DoesNotContain("t0k3n", container.Container.Environment.Values);
        Assert.Equal("registry:5000/agent@sha256:0123", container.Container.Image);
    }

    [Fact]
    public void Should_take_only_container_steps_whose_executor_is_kubernetes()
    {
        var runner = new KubernetesStepRunner(new LocalPreparation(), () => throw new InvalidOperationException("CanRun needs no kubeconfig"));

        Assert.True(runner.CanRun(Step));
        Assert.False(runner.CanRun(Step with { Executor = Executor.Local }));
        Assert.False(runner.CanRun(Step with { Executor = Executor.Swarm }));
        Assert.False(runner.CanRun(Step with { Kind = StepKind.Host, Image = null }));
    }

    [Fact]
    public async Task Should_not_look_for_a_kubeconfig_when_no_selected_step_runs_on_kubernetes()
    {
        var runner = new KubernetesStepRunner(new LocalPreparation(), () => throw new InvalidOperationException("the kubeconfig was read"));
        await using var session = runner.Begin(Pipeline);

        await session.ValidateAsync([Step with { Executor = Executor.Local }], CancellationToken.None);
    }

    [Fact]
    public async Task Should_refuse_before_anything_runs_a_kubernetes_step_without_a_registry()
    {
        using var engine = new Docker.Engine.DockerEngine();
        var runner = new KubernetesStepRunner(new LocalPreparation(), Options(_api.Client(), new Dictionary<string, string>()) with
        {
            Containers = new AgentContainers(engine, registry: null, clusterCacheUrl: null, new Dictionary<string, string>()),
        });
        await using var session = runner.Begin(Pipeline);

        var refused = await Assert.ThrowsAsync<PipelineValidationException>(() => session.ValidateAsync([Step], CancellationToken.None));

        Assert.Equal(KubernetesCodes.NoRegistry, Assert.Single(refused.Diagnostics).Code);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public void Should_refuse_a_kubernetes_step_when_the_run_has_no_remote_cache()
    {
        using var engine = new Docker.Engine.DockerEngine();
        var containers = new AgentContainers(engine, "registry:5000", clusterCacheUrl: null, new Dictionary<string, string>());
        var layout = new WorkspaceLayout(_workspace.Root);
        var context = new RunContext(Pipeline, "run-1", layout, new FileDigests(layout, new StatCache(), 1), new NoObserver());

        var refused = Assert.Throws<PipelineException>(() => containers.Prepare(Step, context, PreparedStep.Nothing));

        Assert.Equal(KubernetesCodes.NoRemoteCache, refused.Code);
        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
    }

    private static V1Job Left(string name, Dictionary<string, string> labels) =>
        new() { ApiVersion = "batch/v1", Kind = "Job", Metadata = new V1ObjectMeta { Name = name, Labels = labels } };

    private KubernetesRunnerOptions Options(KubernetesApi client, IReadOnlyDictionary<string, string> secrets) =>
        new(client, new KubernetesSettings { Namespace = "ml" }, new FixedContainers(secrets))
        {
            PollInterval = TimeSpan.FromMilliseconds(5),
        };

    private Task<(StepExecutionResult Result, string Log)> RunAsync(IReadOnlyDictionary<string, string>? secrets = null, CancellationToken cancellation = default) =>
        RunAsync(Options(_api.Client(), secrets ?? new Dictionary<string, string>()), cancellation);

    private async Task<(StepExecutionResult Result, string Log)> RunAsync(KubernetesRunnerOptions options, CancellationToken cancellation = default)
    {
        var runner = new KubernetesStepRunner(new LocalPreparation(), options);
        await using var session = runner.Begin(Pipeline);
        var path = _workspace.PathOf($"logs/{Guid.NewGuid():N}.log");
        StepExecutionResult result;
        using (var log = new StepLog(path, (line, _) => _live.Add(line)))
        {
            result = await session.RunAsync(new StepExecution(Step, "run-1", new WorkspaceLayout(_workspace.Root), log), cancellation);
        }

        // A step that wrote nothing has no log file (docs/decisions.md): its log reads as empty.
        return (result, File.Exists(path) ? File.ReadAllText(path) : "");
    }

    /// <summary>The step's command in a pushed image, with the given secrets (the agent's containers are tested end to end).</summary>
    private sealed class FixedContainers(IReadOnlyDictionary<string, string> secrets) : IJobContainers
    {
        public Task<ClusterContainer> CreateAsync(StepExecution execution, CancellationToken cancellationToken) => Task.FromResult(new ClusterContainer(
            new JobContainer("registry:5000/python@sha256:0123", ["sh", "-e", "-c"], [execution.Step.Command!], new Dictionary<string, string>(), [.. secrets.Keys], "/workspace"),
            secrets));
    }

    /// <summary>The local runner's part (image preparation), which these tests do not exercise.</summary>
    private sealed class LocalPreparation : IStepRunner
    {
        public bool CanRun(StepDefinition step) => step.Kind == StepKind.Container;

        public IStepRunnerSession Begin(PipelineDefinition pipeline) => new Session();

        private sealed class Session : IStepRunnerSession
        {
            public Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken) =>
                throw new InvalidOperationException("a cluster step must not run locally");
        }
    }

    private sealed class NoObserver : IRunObserver
    {
        public void RunStarted(string runId, int stepCount)
        {
        }

        public void StepStarted(StepDefinition step, StepDecision decision)
        {
        }

        public void StepOutput(StepDefinition step, string line, bool isError)
        {
        }

        public void StepFinished(StepResult result)
        {
        }

        public void Warning(string message) => throw new InvalidOperationException(message);
    }
}
