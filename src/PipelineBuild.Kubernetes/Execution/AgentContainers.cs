using PipelineBuild.Cluster;
using PipelineBuild.Cluster.Images;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker;
using PipelineBuild.Docker.Engine;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// The containers of the Kubernetes executor (docs/cluster.md): the step's image, built or pulled on the local engine, with the
/// agent layer, pushed to the registry and named by digest; the step packed into the remote cache for the agent to fetch, run
/// and upload its outputs, which the tool then restores like any remote hit.
/// </summary>
/// <param name="engine">The local Docker engine (where the local runner prepared the step's image).</param>
/// <param name="registry"><c>--registry</c>, or null for the pipeline's <c>registry:</c>.</param>
/// <param name="clusterCacheUrl"><c>--cluster-cache-url</c>: the remote cache's URL as the pods see it, or null for the tool's.</param>
/// <param name="environment">The tool's environment: registry and remote cache credentials, <c>PIPELINEBUILD_AGENT</c>.</param>
public sealed class AgentContainers(DockerEngine engine, string? registry, string? clusterCacheUrl, IReadOnlyDictionary<string, string> environment) : IJobContainers
{
    private readonly JobImages _images = new(environment);

    public void Validate(PipelineDefinition pipeline, IReadOnlyList<StepDefinition> steps)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var first = steps.FirstOrDefault(s => s.Kind == StepKind.Container && s.Executor == Executor.Kubernetes);
        if (first is not null && (registry ?? pipeline.Registry) is null)
        {
            throw new PipelineValidationException([PipelineDiagnostic.Error(
                KubernetesCodes.NoRegistry,
                first.Location,
                $"step '{first.Id}' runs on Kubernetes, and no registry is named for its image",
                "add 'registry: host[:port]' to the pipeline or pass --registry; the cluster's nodes pull the step's image from it")]);
        }
    }

    public PreparedStep Prepare(StepDefinition step, RunContext context, PreparedStep prepared)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(context);
        var remote = context.RemoteCache ?? throw new PipelineException(PipelineDiagnostic.Error(
            KubernetesCodes.NoRemoteCache,
            step.Location,
            $"step '{step.Id}' runs on Kubernetes, and the run has no remote cache for its inputs and outputs",
            "give --cache-url (or PIPELINEBUILD_CACHE_URL, or 'cache: remote:' in the pipeline) with a cache the cluster's pods reach too (--cluster-cache-url when they see it at another address)"), ExitCodes.InvalidInput);
        var image = (prepared as PreparedContainer)?.Image
            ?? throw new InvalidOperationException($"The local container runner did not prepare the image of step '{step.Id}'.");
        var target = registry ?? context.Pipeline.Registry ?? throw new InvalidOperationException("The registry was checked before the run.");
        return new PreparedJob(prepared.Environment, image, target, remote);
    }

    public async Task<ClusterContainer> CreateAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var prepared = execution.Prepared as PreparedJob
            ?? throw new InvalidOperationException($"The image of step '{execution.Step.Id}' was not prepared before it ran.");
        var client = await engine.ConnectAsync(execution.Step, cancellationToken).ConfigureAwait(false);
        var image = await _images.PublishOnceAsync(client, prepared.Registry, prepared.Image.Id, execution, cancellationToken).ConfigureAwait(false);
        var packer = new ClusterJobPackager(prepared.RemoteCache, clusterCacheUrl ?? prepared.RemoteCache.Store.DisplayUrl, environment);
        var packed = await packer.PackAsync(execution, cancellationToken).ConfigureAwait(false);
        execution.Log.Note($"[pipeline] job spec cas/{packed.SpecDigest.Hex}: {packed.Job.Inputs.Count} input file(s), {packed.BlobsUploaded} uploaded ({packed.BytesUploaded} bytes)");
        return ClusterContainer.OfAgent(packed, image);
    }
}
