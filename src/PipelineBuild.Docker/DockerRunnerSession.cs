using System.Net.Http;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Docker.Containers;
using PipelineBuild.Docker.Engine;
using PipelineBuild.Docker.Images;

namespace PipelineBuild.Docker;

/// <summary>
/// The Docker runner opened for one run: each image is built or pulled once for the steps that share it, and
/// containers left by a killed earlier run of the workspace are removed once, before the first step's image.
/// </summary>
internal sealed class DockerRunnerSession : IStepRunnerSession
{
    private const uint StopGraceSeconds = 2;
    private readonly DockerEngine _engine;
    private readonly ImageResolver _images;
    private readonly string _user;
    private readonly Lock _gate = new();
    private Task? _leftoversRemoved;

    public DockerRunnerSession(DockerEngine engine, string user)
    {
        _engine = engine;
        _images = new ImageResolver(engine);
        _user = user;
    }

    public async Task<PreparedStep> PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        var client = await _engine.ConnectAsync(step, cancellationToken).ConfigureAwait(false);
        await RemoveLeftoversOnceAsync(client, context).ConfigureAwait(false);
        var image = await _images.PrepareAsync(step, context, cancellationToken).ConfigureAwait(false);
        return new PreparedContainer(new StepEnvironment(ImageId: image.Key), image, context.Pipeline.Name);
    }

    public async Task<StepEnvironment> PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        var (key, pending) = await _images.PeekAsync(step, context).ConfigureAwait(false);
        return new StepEnvironment(ImageId: key, Pending: pending);
    }

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var step = execution.Step;
        var prepared = execution.Prepared as PreparedContainer
            ?? throw new InvalidOperationException($"The image of step '{step.Id}' was not prepared before it ran.");
        var image = prepared.Image;
        var client = await _engine.ConnectAsync(step, cancellationToken).ConfigureAwait(false);
        var spec = StepContainer.Create(step, image.Id, execution.Layout.Root, execution.RunId, prepared.Pipeline, _user);
        string id;
        try
        {
            id = (await client.Containers.CreateContainerAsync(spec, cancellationToken).ConfigureAwait(false)).ID;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException)
        {
            return new StepExecutionResult(125, $"the Docker engine at {_engine.Endpoint} refused the container: {Describe(e)}");
        }

        try
        {
            return await RunContainerAsync(client, id, execution, image, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await ContainerRemoval.StopAsync(client, id, StopGraceSeconds).ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            return new StepExecutionResult(125, $"lost the container of '{step.Id}' on the Docker engine at {_engine.Endpoint}: {Describe(e)}");
        }
        finally
        {
            await RemoveQuietlyAsync(client, id, execution.Log).ConfigureAwait(false);
        }
    }

    private static async Task<StepExecutionResult> RunContainerAsync(DockerClient client, string id, StepExecution execution, ResolvedImage image, CancellationToken cancellationToken)
    {
        using var stream = await client.Containers.AttachContainerAsync(
            id,
            new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true },
            cancellationToken).ConfigureAwait(false);
        execution.Log.Note($"[pipeline] container {id[..12]} from {image.Reference} ({image.Id})");
        await client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        var output = ContainerOutput.PumpAsync(stream, execution.Log, cancellationToken);
        var exit = await client.Containers.WaitContainerAsync(id, cancellationToken).ConfigureAwait(false);
        await output.ConfigureAwait(false);
        if (exit.StatusCode == 0)
        {
            return new StepExecutionResult(0);
        }

        var limited = execution.Step.Resources?.MemoryBytes is not null;
        return await OutOfMemoryKill.WasKilledAsync(ct => WasOomKilledAsync(client, id, ct), exit.StatusCode, limited, cancellationToken).ConfigureAwait(false)
            ? new StepExecutionResult((int)exit.StatusCode, $"killed for using more memory than its limit (resources.memory = {execution.Step.Resources?.MemoryBytes} bytes); raise the limit or use less memory")
            : new StepExecutionResult((int)exit.StatusCode);
    }

    private static async Task<bool> WasOomKilledAsync(DockerClient client, string id, CancellationToken cancellationToken) =>
        (await client.Containers.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false)).State?.OOMKilled == true;

    private Task RemoveLeftoversOnceAsync(DockerClient client, RunContext context)
    {
        lock (_gate)
        {
            return _leftoversRemoved ??= RemoveLeftoversAsync(client, context);
        }
    }

    private static Task RemoveLeftoversAsync(DockerClient client, RunContext context) =>
        LeftoverRemoval.RunAsync(() => LeftoverContainers.RemoveAsync(client, context.Layout.Root, context.RunId, CancellationToken.None), context, "container", DockerCodes.LeftoversNotRemoved);

    private static async Task RemoveQuietlyAsync(DockerClient client, string id, StepLog log)
    {
        try
        {
            await ContainerRemoval.RemoveAsync(client, id).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            log.Write($"[pipeline] could not remove container {id[..12]} ({Describe(e)}); the next run removes it", isError: true);
        }
    }

    private static string Describe(Exception e) => LeftoverRemoval.Describe(e);
}
