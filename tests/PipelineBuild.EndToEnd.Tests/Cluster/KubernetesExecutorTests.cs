using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using k8s;
using k8s.Models;
using PipelineBuild.Cluster;
using PipelineBuild.Core.Model;
using PipelineBuild.EndToEnd.Tests.Docker;
using PipelineBuild.EndToEnd.Tests.RemoteCache;
using PipelineBuild.Kubernetes;
using PipelineBuild.Kubernetes.Jobs;
using PipelineBuild.Kubernetes.Tests;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests.Cluster;

/// <summary>
/// <c>run --executor kubernetes</c>, the built tool, against the in-test API double (<see cref="FakeKubernetesApi"/>; no Kubernetes
/// API server can run here) served over HTTP through a kubeconfig the test writes. The double runs each Job the tool creates for
/// real: it pulls the Job's image by its digest from the real registry the tool pushed it to, starts it on the Docker engine with
/// the Job's command, variables and working folder (host network, as a pod with <c>hostNetwork</c>), and answers the pod's status
/// and log from that container. What stays untested: a real API server, scheduler and kubelet (docs/cluster.md).
/// </summary>
public sealed class KubernetesExecutorTests
{
    private const string Namespace = "ml";

    private const string Pipeline = """
        pipeline: k8s
        stages:
          prep:
            steps:
              count:
                run: wc -l < data/in.txt > count.txt
                inputs: [data/in.txt]
                outputs: [count.txt]
          train:
            image: local/busybox:1
            steps:
              fit:
                run: mkdir -p out && { cat data/in.txt; echo lines $(cat count.txt); } > out/model.txt && echo fitted $(wc -c < out/model.txt) bytes
                inputs: [data/in.txt, count.txt]
                outputs: [out/model.txt]
        """;

    [KubernetesDoubleFact]
    public void Should_run_a_container_step_as_a_job_of_the_pushed_agent_image_by_digest_and_restore_its_outputs_byte_for_byte()
    {
        // Given a host step feeding a container step, the API double running Jobs on the engine, a registry and a remote cache
        TestEngine.EnsureAvailable();
        using var cache = CacheServer.Start("http");
        using var registry = RegistryServer.Start();
        using var api = new FakeKubernetesApi { Runner = RunOnEngineAsync };
        using var cluster = Workspace(Pipeline);
        using var local = Workspace(Pipeline);

        // When the run sends its container step to Kubernetes, and the same pipeline runs locally elsewhere
        var (result, report) = Run(cluster, api, cache, "--executor", "kubernetes", "--registry", registry.Host);
        var localRun = PipelineTool.Run(local.Root, "run", "--executor", "local");

        // Then the Job is the contract's: the agent image by the digest the registry holds, backoffLimit 0, the run's labels
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(localRun.ExitCode == 0, localRun.ToString());
        var job = Assert.Single(CreatedJobs(api));
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Matches($"^{Regex.Escape(registry.Host)}/{AgentImage.Repository}@sha256:[0-9a-f]{{64}}$", container.Image);
        Assert.True(RegistryHolds(registry, container.Image), $"the registry has no manifest {container.Image}");
        Assert.Equal(AgentPaths.Entrypoint, container.Command);
        Assert.Equal(0, job.Spec.BackoffLimit);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        Assert.Equal("train.fit", job.Metadata.Annotations[JobLabels.StepIdAnnotation]);
        Assert.Equal(JobLabels.ManagedByValue, job.Metadata.Labels[JobLabels.ManagedBy]);
        Assert.Equal(report.RunId, job.Metadata.Labels[JobLabels.Run]);
        Assert.Equal(cache.Url, container.Env.Single(e => e.Name == ClusterEnvironment.CacheUrl).Value);
        Assert.Contains(container.Env, e => e.Name == ClusterEnvironment.Job);

        // And the pod's log reached the step's output, its node the report, the outputs the workspace as a local run leaves them
        Assert.Contains("fitted ", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("ran", report.State("train.fit"));
        Assert.Equal("node-2", report.Node("train.fit"));
        Assert.Null(report.Node("prep.count"));
        Assert.Equal(File.ReadAllBytes(local.PathOf("out/model.txt")), File.ReadAllBytes(cluster.PathOf("out/model.txt")));
        Assert.EndsWith("lines 3\n", cluster.Read("out/model.txt"), StringComparison.Ordinal);

        // And the Job was deleted
        Assert.Contains(api.Requests, r => r.Method == "DELETE" && r.Path == $"/apis/batch/v1/namespaces/{Namespace}/jobs/{job.Metadata.Name}");
        Assert.Empty(api.LiveJobs);

        // And a second run changes nothing and creates no Job
        var (again, againReport) = Run(cluster, api, cache, "--executor", "kubernetes", "--registry", registry.Host);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("up-to-date", againReport.State("train.fit"));
        Assert.Single(CreatedJobs(api));
    }

    [KubernetesDoubleFact]
    public void Should_fail_the_step_with_the_exit_code_and_log_of_its_pod_and_delete_the_job()
    {
        // Given a step that fails in its container
        TestEngine.EnsureAvailable();
        using var cache = CacheServer.Start("http");
        using var registry = RegistryServer.Start();
        using var api = new FakeKubernetesApi { Runner = RunOnEngineAsync };
        using var cluster = Workspace(Pipeline.Replace("echo fitted $(wc -c < out/model.txt) bytes", "echo diverged at epoch 7 && exit 3", StringComparison.Ordinal));

        // When
        var (result, report) = Run(cluster, api, cache, "--executor", "kubernetes", "--registry", registry.Host);

        // Then
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("failed", report.State("train.fit"));
        Assert.Contains("diverged at epoch 7", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("exit code 3", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.False(cluster.Exists("out/model.txt"));
        Assert.Single(CreatedJobs(api));
        Assert.Empty(api.LiveJobs);
    }

    [KubernetesDoubleFact]
    public void Should_exit_3_naming_the_api_server_when_it_cannot_be_reached()
    {
        // Given a kubeconfig naming a server that is gone
        TestEngine.EnsureAvailable();
        using var cache = CacheServer.Start("http");
        using var registry = RegistryServer.Start();
        var api = new FakeKubernetesApi();
        api.Dispose();
        using var cluster = Workspace(Pipeline);

        // When
        var (result, _) = Run(cluster, api, cache, "--executor", "kubernetes", "--registry", registry.Host);

        // Then
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(KubernetesCodes.ApiUnavailable, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains(api.Url.TrimEnd('/'), result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_stop_before_anything_runs_saying_where_it_looked_when_there_is_no_kubeconfig()
    {
        // Given a host step and a container step on Kubernetes, and no kubeconfig anywhere
        using var scenario = new Scenario(Pipeline.Replace("    image: local/busybox:1\n", "    image: local/busybox:1\n    executor: kubernetes\n", StringComparison.Ordinal) + "\nregistry: 127.0.0.1:5000\n");
        scenario.Workspace.Write("data/in.txt", "a\n");
        var home = scenario.Workspace.PathOf("home");
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["KUBECONFIG"] = scenario.Workspace.PathOf("no-such-kubeconfig"),
        };

        // When
        var result = PipelineTool.Run(scenario.Root, environment, "run");

        // Then the run is refused as a whole, naming what was looked for and what to do
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(KubernetesCodes.NoKubeconfig, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("no-such-kubeconfig", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("KUBECONFIG", result.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("count.txt"));
    }

    [Fact]
    public void Should_say_in_status_that_container_steps_run_on_kubernetes_and_host_steps_here_without_reading_a_kubeconfig()
    {
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("data/in.txt", "a\n");
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = scenario.Workspace.PathOf("no-such-kubeconfig") };

        var status = PipelineTool.Run(scenario.Root, environment, "status", "--executor", "kubernetes");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches(@"train\.fit\s+\S+\s+kubernetes\s", status.Stdout);
        Assert.Matches(@"prep\.count\s+\S+\s+local\s", status.Stdout);
    }

    [Fact]
    public void Should_say_in_the_run_help_what_each_executor_does()
    {
        var help = PipelineTool.Run(Path.GetTempPath(), "run", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Matches(@"--executor\s.*local.*swarm.*kubernetes", help.Stdout.ReplaceLineEndings(" "));
        Assert.Contains("--kube-context", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--namespace", help.Stdout, StringComparison.Ordinal);
    }

    private static TestWorkspace Workspace(string pipeline)
    {
        var workspace = TestWorkspace.Create();
        workspace.Write("pipeline.yaml", pipeline);
        workspace.Write("data/in.txt", "alpha\nbeta\ngamma\n");
        return workspace;
    }

    /// <summary><c>run</c> with a report, the double's kubeconfig (namespace from its context) and the remote cache.</summary>
    private static (ToolResult Result, ReportReader Report) Run(TestWorkspace workspace, FakeKubernetesApi api, CacheServer cache, params string[] args)
    {
        var kubeconfig = workspace.PathOf("kubeconfig.yaml");
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: double
              cluster:
                server: {api.Url}
            users:
            - name: tester
              user:
                token: test-token
            contexts:
            - name: double
              context:
                cluster: double
                user: tester
                namespace: {Namespace}
            current-context: double
            """);
        var environment = new Dictionary<string, string>(cache.Environment)
        {
            ["KUBECONFIG"] = kubeconfig,
            [RemoteCacheEnvironment.Url] = cache.Url,
        };
        var reportPath = workspace.PathOf($"report-{Guid.NewGuid():N}.json");
        var result = PipelineTool.Run(workspace.Root, environment, ["run", "--report", reportPath, .. args]);
        Assert.True(File.Exists(reportPath), $"no report was written\n{result}");
        return (result, ReportReader.Read(reportPath));
    }

    private static List<V1Job> CreatedJobs(FakeKubernetesApi api) =>
    [
        .. api.Requests
            .Where(r => r.Method == "POST" && r.Path == $"/apis/batch/v1/namespaces/{Namespace}/jobs")
            .Select(r => KubernetesJson.Deserialize<V1Job>(r.Body)),
    ];

    private static bool RegistryHolds(RegistryServer registry, string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var repository = reference[(registry.Host.Length + 1)..at];
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{registry.Host}/v2/{repository}/manifests/{reference[(at + 1)..]}");
        foreach (var type in (string[])["application/vnd.docker.distribution.manifest.v2+json", "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json"])
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = http.Send(request);
        return response.IsSuccessStatusCode;
    }

    /// <summary>
    /// What a node would do with the Job: pull its image by digest from the registry, run its one container (command, arguments,
    /// variables with their Secret values, working folder) and report how it ended and what it printed.
    /// </summary>
    private static async Task<PodScript> RunOnEngineAsync(V1Job job, IReadOnlyDictionary<string, V1Secret> secrets)
    {
        var spec = job.Spec.Template.Spec.Containers.Single();
        using var client = TestEngine.Client();
        var at = spec.Image.IndexOf('@', StringComparison.Ordinal);
        await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = spec.Image[..at], Tag = spec.Image[(at + 1)..] }, null, new Progress<JSONMessage>());
        var environment = (spec.Env ?? []).ToDictionary(e => e.Name, e => e.Value ?? secrets[e.ValueFrom.SecretKeyRef.Name].StringData[e.ValueFrom.SecretKeyRef.Key], StringComparer.Ordinal);
        var (exitCode, output, _) = await AgentContainer.RunAsync(client, spec.Image, environment, spec.Command, spec.Args ?? [], spec.WorkingDir);
        return new PodScript { Log = output.Split('\n', StringSplitOptions.RemoveEmptyEntries), ExitCode = (int)exitCode };
    }
}
