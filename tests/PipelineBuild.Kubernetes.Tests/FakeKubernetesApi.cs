using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s;
using k8s.Models;
using PipelineBuild.Kubernetes.Api;

namespace PipelineBuild.Kubernetes.Tests;

/// <summary>
/// A minimal stand-in for the Kubernetes API server (none can run on these machines): it answers the
/// calls the executor makes — create/read/list/delete Jobs and Secrets, list a Job's pods, follow a pod's
/// log — with the API's paths, status codes and JSON, plays each Job's pod as <see cref="Pod"/> says, and
/// records every request. What it cannot show (scheduling, the kubelet, real images) is not tested here.
/// </summary>
internal sealed class FakeKubernetesApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, V1Job> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, V1Secret> _secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _podPolls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<PodScript>> _runs = new(StringComparer.Ordinal);

    public FakeKubernetesApi()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>How the pod of the next Jobs behaves.</summary>
    public PodScript Pod { get; set; } = new();

    /// <summary>
    /// Runs each created Job for real (the end-to-end tests start its container on the Docker engine) and answers with how it
    /// ended: its pod is pending until then. Given the Job and the values of the Secrets created before it. Null: <see cref="Pod"/>.
    /// </summary>
    public Func<V1Job, IReadOnlyDictionary<string, V1Secret>, Task<PodScript>>? Runner { get; set; }

    /// <summary>Answer every Job creation with this status (403, 422…) instead.</summary>
    public HttpStatusCode? RefuseJobs { get; set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IReadOnlyCollection<string> LiveJobs => [.. _jobs.Keys];

    public IReadOnlyCollection<V1Secret> LiveSecrets => [.. _secrets.Values];

    public KubernetesApi Client() => KubernetesApi.Connect(new KubernetesClientConfiguration { Host = Url });

    /// <summary>A Job (and pod) already in the cluster, as a killed run would have left it.</summary>
    public void Leave(V1Job job) => _jobs[job.Metadata.Name] = job;

    public void Dispose()
    {
        if (!_listener.IsListening)
        {
            return;
        }

        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.InputStream).ReadToEndAsync();
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue(new RecordedRequest(request.HttpMethod, path, request.Url.Query, body) { Authorization = request.Headers["Authorization"] });
        (HttpStatusCode, string, string) answer;
        try
        {
            answer = Answer(request.HttpMethod, path, request.QueryString, body);
        }
        catch (Exception e)
        {
            answer = (HttpStatusCode.InternalServerError, e.ToString(), "text/plain");
        }

        var (status, content, type) = answer;
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = type;
        var bytes = Encoding.UTF8.GetBytes(content);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private (HttpStatusCode, string, string) Answer(string method, string path, System.Collections.Specialized.NameValueCollection query, string body)
    {
        var segments = path.Trim('/').Split('/');
        const string json = "application/json";
        switch (method, segments)
        {
            case ("POST", ["apis", "batch", "v1", "namespaces", _, "jobs"]):
                if (RefuseJobs is { } refused)
                {
                    return (refused, Status((int)refused, "Forbidden", "jobs.batch is forbidden: User \"system:serviceaccount:ml:default\" cannot create resource \"jobs\""), json);
                }

                var job = KubernetesJson.Deserialize<V1Job>(body);
                _jobs[job.Metadata.Name] = job;
                if (Runner is { } runner)
                {
                    var secrets = new Dictionary<string, V1Secret>(_secrets, StringComparer.Ordinal);
                    _runs[job.Metadata.Name] = Task.Run(() => runner(job, secrets));
                }

                return (HttpStatusCode.Created, KubernetesJson.Serialize(job), json);
            case ("GET", ["apis", "batch", "v1", "namespaces", _, "jobs"]):
                return (HttpStatusCode.OK, KubernetesJson.Serialize(new V1JobList { ApiVersion = "batch/v1", Kind = "JobList", Items = [.. _jobs.Values.Where(j => Matches(j.Metadata.Labels, query["labelSelector"]))] }), json);
            case ("GET", ["apis", "batch", "v1", "namespaces", _, "jobs", var name]):
                return _jobs.TryGetValue(name, out var found) ? (HttpStatusCode.OK, KubernetesJson.Serialize(WithStatus(found)), json) : NotFound("jobs", name);
            case ("DELETE", ["apis", "batch", "v1", "namespaces", _, "jobs", var name]):
                return _jobs.TryRemove(name, out _) ? (HttpStatusCode.OK, Status(200, "Success", ""), json) : NotFound("jobs", name);
            case ("POST", ["api", "v1", "namespaces", _, "secrets"]):
                var secret = KubernetesJson.Deserialize<V1Secret>(body);
                _secrets[secret.Metadata.Name] = secret;
                return (HttpStatusCode.Created, KubernetesJson.Serialize(secret), json);
            case ("GET", ["api", "v1", "namespaces", _, "secrets"]):
                return (HttpStatusCode.OK, KubernetesJson.Serialize(new V1SecretList { ApiVersion = "v1", Kind = "SecretList", Items = [.. _secrets.Values.Where(s => Matches(s.Metadata.Labels, query["labelSelector"]))] }), json);
            case ("DELETE", ["api", "v1", "namespaces", _, "secrets", var name]):
                return _secrets.TryRemove(name, out _) ? (HttpStatusCode.OK, Status(200, "Success", ""), json) : NotFound("secrets", name);
            case ("GET", ["api", "v1", "namespaces", _, "pods"]):
                var jobName = (query["labelSelector"] ?? "").Replace("job-name=", "", StringComparison.Ordinal);
                return (HttpStatusCode.OK, KubernetesJson.Serialize(new V1PodList { ApiVersion = "v1", Kind = "PodList", Items = PodsOf(jobName) }), json);
            case ("GET", ["api", "v1", "namespaces", _, "pods", var pod, "log"]):
                return (HttpStatusCode.OK, string.Concat((ScriptOf(pod[..pod.LastIndexOf('-')]) ?? Pod).Log.Select(l => l + "\n")), "text/plain");
            default:
                return (HttpStatusCode.NotFound, Status(404, "NotFound", $"the fake API does not answer {method} {path}"), json);
        }
    }

    private List<V1Pod> PodsOf(string job)
    {
        if (!_jobs.ContainsKey(job) || Pod.DeadlineExceeded)
        {
            return [];
        }

        var polls = _podPolls.AddOrUpdate(job, 1, (_, n) => n + 1);
        var script = ScriptOf(job);
        var pod = script ?? Pod;
        var state = (polls <= Pod.PendingPolls && _runs.IsEmpty) || (script is null && _runs.ContainsKey(job))
            ? new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } }
            : pod.WaitingReason is { } waiting
                ? new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = waiting, Message = "Back-off pulling image" } }
                : new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = pod.ExitCode, Reason = pod.TerminatedReason ?? (pod.ExitCode == 0 ? "Completed" : "Error") } };
        var phase = state.Terminated is null ? "Pending" : pod.ExitCode == 0 ? "Succeeded" : "Failed";
        return
        [
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = job + "-x7k2p", Labels = new Dictionary<string, string> { ["job-name"] = job } },
                Spec = new V1PodSpec { NodeName = "node-2", Containers = [new V1Container { Name = "step", Image = "busybox" }] },
                Status = new V1PodStatus { Phase = phase, ContainerStatuses = [new V1ContainerStatus { Name = "step", Image = "busybox", ImageID = "", Ready = false, RestartCount = 0, State = state }] },
            },
        ];
    }

    /// <summary>How the <see cref="Runner"/> said the Job's pod ended; null while it runs, or without a runner.</summary>
    private PodScript? ScriptOf(string job) =>
        _runs.TryGetValue(job, out var run) && run.IsCompleted ? run.GetAwaiter().GetResult() : null;

    private V1Job WithStatus(V1Job job) => new()
    {
        ApiVersion = job.ApiVersion,
        Kind = job.Kind,
        Metadata = job.Metadata,
        Spec = job.Spec,
        Status = Pod.DeadlineExceeded
            ? new V1JobStatus { Failed = 1, Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = "DeadlineExceeded", Message = "Job was active longer than specified deadline" }] }
            : new V1JobStatus { Active = 1 },
    };

    private static bool Matches(IDictionary<string, string>? labels, string? selector) =>
        (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).All(term =>
        {
            var pair = term.Split('=', 2);
            return labels is not null && labels.TryGetValue(pair[0], out var value) && value == pair[1];
        });

    private static (HttpStatusCode, string, string) NotFound(string kind, string name) =>
        (HttpStatusCode.NotFound, Status(404, "NotFound", $"{kind} \"{name}\" not found"), "application/json");

    private static string Status(int code, string reason, string message) =>
        // The client cannot write a V1Status (its converter only reads): the API's JSON, by hand.
        new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Status",
            ["status"] = code < 400 ? "Success" : "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        }.ToJsonString();
}
