using System.Net.Http;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Cluster;
using PipelineBuild.Cluster.Images;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Docker.Containers;
using PipelineBuild.Docker.Engine;
using PipelineBuild.Docker.Images;
using PipelineBuild.Swarm.Services;

namespace PipelineBuild.Swarm;

/// <summary>
/// The swarm executor opened for one run: images are built or found on the manager's engine before steps are fingerprinted
/// (the same keys as a local run, so both share results), pushed to the registry once per image when a step must run, and each
/// such step becomes one job service. Services an earlier, killed run of the workspace left are removed before the first step.
/// </summary>
internal sealed class SwarmRunnerSession : IStepRunnerSession
{
    private readonly DockerEngine _manager;
    private readonly SwarmSettings _settings;
    private readonly PipelineDefinition _pipeline;
    private readonly ImageResolver _images;
    private readonly JobImages _jobImages;
    private readonly Lock _gate = new();
    private Task<DockerClient>? _connected;
    private Task? _leftoversRemoved;
    private SwarmNodes? _nodes;
    private RunContext? _run;

    public SwarmRunnerSession(DockerEngine manager, SwarmSettings settings, PipelineDefinition pipeline)
    {
        _manager = manager;
        _settings = settings;
        _pipeline = pipeline;
        _images = new ImageResolver(manager);
        _jobImages = new JobImages(settings.Environment);
    }

    private string? Registry => _settings.Registry ?? _pipeline.Registry;

    public Task ValidateAsync(IEnumerable<StepDefinition> steps, CancellationToken cancellationToken)
    {
        var first = steps.FirstOrDefault(s => s.Kind == StepKind.Container && s.Executor == Executor.Swarm);
        if (first is not null && Registry is null)
        {
            throw new PipelineValidationException([PipelineDiagnostic.Error(
                SwarmCodes.NoRegistry,
                first.Location,
                $"step '{first.Id}' runs on the swarm, and no registry is named for its image",
                "add 'registry: host[:port]' to the pipeline or pass --registry; every node pulls the step's image from it")]);
        }

        return Task.CompletedTask;
    }

    public async Task<StepEnvironment> PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        var (key, pending) = await _images.PeekAsync(step, context).ConfigureAwait(false);
        return new StepEnvironment(ImageId: key, Pending: pending);
    }

    public async Task<PreparedStep> PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        var remote = context.RemoteCache ?? throw new PipelineException(PipelineDiagnostic.Error(
            SwarmCodes.NoRemoteCache,
            step.Location,
            $"step '{step.Id}' runs on the swarm, and the run has no remote cache for its inputs and outputs",
            "give --cache-url (or PIPELINEBUILD_CACHE_URL, or 'cache: remote:' in the pipeline) with a cache the swarm's nodes reach too"), ExitCodes.InvalidInput);
        var client = await ConnectAsync(step).WaitAsync(cancellationToken).ConfigureAwait(false);
        await RemoveLeftoversOnceAsync(client, context).ConfigureAwait(false);
        lock (_gate)
        {
            _run ??= context;
        }

        var image = await _images.PrepareAsync(step, context, cancellationToken).ConfigureAwait(false);
        return new PreparedSwarmStep(new StepEnvironment(ImageId: image.Key), image, context.Pipeline.Name, remote);
    }

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var step = execution.Step;
        var prepared = execution.Prepared as PreparedSwarmStep
            ?? throw new InvalidOperationException($"The image of step '{step.Id}' was not prepared before it ran.");
        var client = await ConnectAsync(step).WaitAsync(cancellationToken).ConfigureAwait(false);
        JobRequest request;
        try
        {
            var image = await JobImageOnceAsync(client, prepared.Image, execution, cancellationToken).ConfigureAwait(false);
            var packer = new ClusterJobPackager(prepared.RemoteCache, _settings.ClusterCacheUrl ?? prepared.RemoteCache.Store.DisplayUrl, _settings.Environment);
            var packed = await packer.PackAsync(execution, cancellationToken).ConfigureAwait(false);
            execution.Log.Note($"[pipeline] job spec cas/{packed.SpecDigest.Hex}: {packed.Job.Inputs.Count} input file(s), {packed.BlobsUploaded} uploaded ({packed.BytesUploaded} bytes)");
            request = new JobRequest(step, ServiceNames.For(step), image, Command: null, packed.Environment, packed.Secrets, Labels(execution, prepared.Pipeline));
        }
        catch (PipelineException e)
        {
            return new StepExecutionResult(125, e.Message, ServiceUnavailable: e.ExitCode == ExitCodes.ServiceUnavailable);
        }

        try
        {
            var run = await SwarmJob.RunAsync(client, request, RegistryAuth(), Nodes(client), execution.Log, cancellationToken).ConfigureAwait(false);
            var result = JobResults.Of(run, step);
            return result with { Where = run.Node, OutputsInRemoteCache = result.Succeeded };
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            return new StepExecutionResult(125, $"the swarm manager at {_manager.Endpoint} refused or lost the job of '{step.Id}': {Describe(e)}", ServiceUnavailable: e is not DockerApiException);
        }
    }

    private static Dictionary<string, string> Labels(StepExecution execution, string pipeline) => new(StringComparer.Ordinal)
    {
        [ContainerLabels.Workspace] = ContainerLabels.WorkspaceId(execution.Layout.Root),
        [ContainerLabels.Run] = execution.RunId,
        [ContainerLabels.Step] = execution.Step.Id,
        [ContainerLabels.Pipeline] = pipeline,
    };

    /// <summary>The step's image with the agent layer, built on the manager and pushed, once per image per run; its digest reference.</summary>
    private Task<string> JobImageOnceAsync(DockerClient client, ResolvedImage image, StepExecution execution, CancellationToken cancellationToken) =>
        _jobImages.PublishOnceAsync(client, Registry ?? throw new InvalidOperationException("The registry was checked before the run."), image.Id, execution, cancellationToken);

    private AuthConfig RegistryAuth() => _jobImages.AuthFor(Registry);

    private SwarmNodes Nodes(DockerClient client)
    {
        lock (_gate)
        {
            return _nodes ??= new SwarmNodes(client);
        }
    }

    private Task<DockerClient> ConnectAsync(StepDefinition step)
    {
        lock (_gate)
        {
            return _connected ??= new SwarmManager(_manager).ConnectAsync(step);
        }
    }

    private Task RemoveLeftoversOnceAsync(DockerClient client, RunContext context)
    {
        lock (_gate)
        {
            return _leftoversRemoved ??= RemoveLeftoversAsync(client, context);
        }
    }

    /// <summary>
    /// The run is over (success, failure or Ctrl-C): any service labelled with its id that is still there — its step's own
    /// removal failed or was cut short — is removed now rather than at the next run.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task<DockerClient>? connected;
        RunContext? run;
        lock (_gate)
        {
            (connected, run) = (_connected, _run);
        }

        if (connected is not { IsCompletedSuccessfully: true } || run is null)
        {
            return;
        }

        var client = connected.Result;
        try
        {
            var removed = await LeftoverServices.RemoveOfRunAsync(client, run.Layout.Root, run.RunId, CancellationToken.None).ConfigureAwait(false);
            if (removed > 0)
            {
                run.Observer.Note($"removed {removed} swarm service(s) of this run that were still there at its end");
            }
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            run.Observer.Warning(PipelineDiagnostic.Warning(SwarmCodes.LeftoversNotRemoved, SourceLocation.Nowhere, $"could not remove the swarm services of this run ({Describe(e)})", "the next run removes them").ToString());
        }
    }

    private static Task RemoveLeftoversAsync(DockerClient client, RunContext context) =>
        LeftoverRemoval.RunAsync(() => LeftoverServices.RemoveAsync(client, context.Layout.Root, context.RunId, CancellationToken.None), context, "swarm service", SwarmCodes.LeftoversNotRemoved);

    private static string Describe(Exception e) => LeftoverRemoval.Describe(e);
}
