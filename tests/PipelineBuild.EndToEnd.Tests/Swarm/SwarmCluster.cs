using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Docker.Containers;

namespace PipelineBuild.EndToEnd.Tests.Swarm;

/// <summary>
/// The swarm of <c>build/swarm-up.sh</c>: three dockerd in network namespaces pbnode1..3 (node1 manages), a registry and
/// a WebDAV cache at 10.213.0.2 in namespace pbsvc. The tool runs inside pbsvc, as a user's CI runner would sit on
/// the cluster's network; the tests ask the manager directly what is left.
/// </summary>
internal static class SwarmCluster
{
    public const string ManagerSocket = "/run/pbnode1/docker.sock";
    public const string ManagerHost = "unix://" + ManagerSocket;
    public const string Registry = "10.213.0.2:5000";
    public const string CacheUrl = "http://10.213.0.2:8080";
    public const string ServicesNamespace = "/run/netns/pbsvc";
    public const string Script = "build/swarm-up.sh";

    /// <summary>The swarm tests share one swarm (one of them takes a node down): they run one at a time.</summary>
    public const string Collection = "swarm";

    private static readonly Lazy<string?> UnavailableReason = new(Probe);

    public static bool IsRequired => Environment.GetEnvironmentVariable("PIPELINEBUILD_REQUIRE_SWARM") == "1";

    /// <summary>Why swarm tests cannot run here, or null when the swarm answers with three ready nodes.</summary>
    public static string? Unavailable => UnavailableReason.Value;

    /// <summary>Where build/swarm-up.sh's cache server keeps the objects of <paramref name="cacheUrl"/> (a URL under <see cref="CacheUrl"/>).</summary>
    public static string CacheFolderOf(string cacheUrl) => Path.Combine("/var/lib/pbswarm/svc/cache", new Uri(cacheUrl).AbsolutePath.Trim('/'));

    /// <summary>The prefix that runs a command inside the services' network namespace.</summary>
    public static IReadOnlyList<string> InServicesNamespace => ["nsenter", $"--net={ServicesNamespace}", "--"];

    public static DockerClient Manager() => new DockerClientBuilder().WithEndpoint(new Uri(ManagerHost)).Build();

    public static void EnsureAvailable()
    {
        if (Unavailable is { } reason)
        {
            Assert.Fail($"PIPELINEBUILD_REQUIRE_SWARM=1, but {reason}");
        }
    }

    /// <summary>The swarm services (running or finished) that carry a workspace's label.</summary>
    public static IList<SwarmService> ServicesOf(string workspaceRoot)
    {
        using var client = Manager();
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Workspace}={ContainerLabels.WorkspaceId(workspaceRoot)}"] = true },
        };
        return client.Swarm.ListServicesAsync(new ServiceListParameters { Filters = filters }).GetAwaiter().GetResult();
    }

    /// <summary>What <c>docker service inspect</c> on the manager prints for a service, as an operator would see it.</summary>
    public static string InspectService(string serviceId)
    {
        using var inspect = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", ["-H", ManagerHost, "service", "inspect", serviceId]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = inspect.StandardOutput.ReadToEndAsync();
        var errors = inspect.StandardError.ReadToEnd();
        inspect.WaitForExit();
        Assert.True(inspect.ExitCode == 0, $"docker service inspect failed: {errors}");
        return output.Result;
    }

    /// <summary>The swarm secrets that carry a workspace's label.</summary>
    public static IReadOnlyList<Secret> SecretsOf(string workspaceRoot)
    {
        using var client = Manager();
        var workspace = ContainerLabels.WorkspaceId(workspaceRoot);
        return [.. client.Secrets.ListAsync().GetAwaiter().GetResult()
            .Where(s => s.Spec?.Labels?.TryGetValue(ContainerLabels.Workspace, out var label) == true && label == workspace)];
    }

    /// <summary>The service events (create, update, remove) the manager saw since <paramref name="since"/> (the API counts in seconds: earlier ones of that second are left out): none means the cluster was not asked to run anything.</summary>
    public static IReadOnlyList<Message> ServiceEventsSince(DateTimeOffset since)
    {
        using var client = Manager();
        var events = new List<Message>();
        var parameters = new ContainerEventsParameters
        {
            Since = since.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["service"] = true } },
        };
        client.System.MonitorEventsAsync(parameters, new Progress<Message>(events.Add)).GetAwaiter().GetResult();
        var sinceNanos = since.ToUnixTimeMilliseconds() * 1_000_000;
        return [.. events.Where(e => e.TimeNano >= sinceNanos)];
    }

    /// <summary>A service with <paramref name="labels"/> and no task (zero replicas): only an object on the manager.</summary>
    public static void CreateIdleService(string name, IDictionary<string, string> labels)
    {
        using var client = Manager();
        client.Swarm.CreateServiceAsync(new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = name,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 0 } },
                TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = "local/busybox:1" } },
            },
        }).GetAwaiter().GetResult();
    }

    /// <summary>Kills a worker node's dockerd (SIGKILL, as a crash would): the swarm sees the node go down.</summary>
    public static void KillEngine(string node)
    {
        Assert.Matches("^pbnode[23]$", node);
        var pid = int.Parse(File.ReadAllText($"/run/{node}/docker.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        process.Kill();
    }

    /// <summary>Starts what is down again (<c>build/swarm-up.sh up</c>) and waits until the three nodes are ready.</summary>
    public static void Restore()
    {
        var script = Path.Combine(RepositoryRoot, Script);
        using var up = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", [script, "up"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = up.StandardOutput.ReadToEndAsync();
        var errors = up.StandardError.ReadToEndAsync();
        up.WaitForExit();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var client = Manager();
        while (client.Swarm.ListNodesAsync().GetAwaiter().GetResult().Count(n => n.Status?.State == "ready") < 3)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"the swarm did not get three ready nodes back\n{output.Result}\n{errors.Result}");
            Thread.Sleep(250);
        }
    }

    private static string RepositoryRoot => typeof(SwarmCluster).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static string? Probe()
    {
        const string Hint = "run 'sudo bash build/swarm-up.sh up' (set PIPELINEBUILD_REQUIRE_SWARM=1 to fail instead of skipping)";
        if (!File.Exists(ManagerSocket) || !File.Exists(ServicesNamespace))
        {
            return $"no test swarm: {ManagerSocket} or {ServicesNamespace} does not exist; {Hint}";
        }

        if (Environment.UserName != "root")
        {
            return $"the swarm tests run the tool inside the namespace {ServicesNamespace}, which needs root; {Hint} and run the tests as root";
        }

        try
        {
            using var client = Manager();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var nodes = client.Swarm.ListNodesAsync(timeout.Token).GetAwaiter().GetResult();
            var ready = nodes.Count(n => n.Status?.State == "ready");
            return ready >= 3 ? null : $"the test swarm has {ready} ready node(s) of 3; {Hint}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or DockerApiException or System.Net.Sockets.SocketException)
        {
            return $"the swarm manager at {ManagerHost} does not answer ({e.Message}); {Hint}";
        }
    }
}
