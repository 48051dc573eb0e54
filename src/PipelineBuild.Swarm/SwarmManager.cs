using System.Net.Http;
using Docker.DotNet;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker.Engine;

namespace PipelineBuild.Swarm;

/// <summary>The swarm's manager: its engine must answer and be a manager of an active swarm, else every swarm step fails with exit 3.</summary>
internal sealed class SwarmManager
{
    private const string Hint = $"point --swarm-host (or {SwarmSettings.HostVariable}) at a manager's engine API, e.g. unix:///var/run/docker.sock on a manager or tcp://manager:2376";
    private readonly DockerEngine _engine;

    public SwarmManager(DockerEngine engine)
    {
        _engine = engine;
    }

    public async Task<DockerClient> ConnectAsync(StepDefinition step)
    {
        var client = await _engine.TryConnectAsync().ConfigureAwait(false)
            ?? throw Unavailable(step, SwarmCodes.ManagerUnavailable, $"step '{step.Id}' runs on the swarm, and no Docker engine answers at {_engine.Endpoint}");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.Swarm.InspectSwarmAsync(timeout.Token).ConfigureAwait(false);
            return client;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            var why = e is DockerApiException api ? api.ResponseBody?.Trim() ?? api.StatusCode.ToString() : e.Message;
            throw Unavailable(step, SwarmCodes.NotAManager, $"step '{step.Id}' runs on the swarm, and the engine at {_engine.Endpoint} is not a swarm manager ({why})");
        }
    }

    private static PipelineException Unavailable(StepDefinition step, string code, string message) =>
        new(PipelineDiagnostic.Error(code, step.Location, message, Hint), ExitCodes.ServiceUnavailable);
}
