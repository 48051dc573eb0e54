using System.Net.Http;
using System.Net.Sockets;
using Docker.DotNet;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Docker.Engine;

/// <summary>
/// One connection to the Docker engine for the life of the tool. The first use checks that the engine
/// answers; when it does not, every container step fails with exit code 3, naming the endpoint tried.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    private readonly Lazy<DockerClient> _client;
    private readonly Lazy<Task<bool>> _reachable;
    private readonly string _endpoint;

    /// <summary>The engine the docker CLI would use (<see cref="DockerEndpoint"/>).</summary>
    public DockerEngine()
        : this(new Lazy<DockerClient>(() => new DockerClientBuilder().Build()), DockerEndpoint.Describe())
    {
    }

    /// <summary>The engine at <paramref name="endpoint"/> (<c>unix:///run/docker.sock</c>, <c>tcp://host:2375</c>): a swarm manager.</summary>
    public DockerEngine(Uri endpoint)
        : this(new Lazy<DockerClient>(() => new DockerClientBuilder().WithEndpoint(endpoint).Build()), endpoint.ToString())
    {
    }

    private DockerEngine(Lazy<DockerClient> client, string endpoint)
    {
        _client = client;
        _endpoint = endpoint;
        _reachable = new Lazy<Task<bool>>(ProbeAsync);
    }

    public string Endpoint => _endpoint;

    /// <summary>The client, once the engine answered; throws exit code 3 when it does not.</summary>
    public async Task<DockerClient> ConnectAsync(StepDefinition step, CancellationToken cancellationToken)
    {
        if (!await _reachable.Value.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            throw Unreachable(step);
        }

        return _client.Value;
    }

    /// <summary>The client if the engine answers, else null (status and --dry-run never fail for lack of an engine).</summary>
    public async Task<DockerClient?> TryConnectAsync() =>
        await _reachable.Value.ConfigureAwait(false) ? _client.Value : null;

    public PipelineException Unreachable(StepDefinition step) => new(
        PipelineDiagnostic.Error(
            DockerCodes.EngineUnavailable,
            step.Location,
            $"step '{step.Id}' runs in a container, and no Docker engine answers at {_endpoint}",
            "start one (e.g. 'sudo systemctl start docker', or 'sudo bash build/docker-up.sh' in this repo) or point DOCKER_HOST at a running engine"),
        ExitCodes.ServiceUnavailable);

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    /// <summary>One <c>HEAD /_ping</c>: a few milliseconds, where <c>/version</c> costs the engine ~50 ms.</summary>
    private async Task<bool> ProbeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _client.Value.System.PingAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            return false;
        }
    }

    internal static bool IsConnectionFailure(Exception e) =>
        e is HttpRequestException or SocketException or IOException or TimeoutException or OperationCanceledException
            or DockerConfigurationException or UriFormatException or NotSupportedException or ArgumentException;
}
