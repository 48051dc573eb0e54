using System.Net;
using k8s.Autorest;
using k8s.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Docker.Containers;
using PipelineBuild.Kubernetes.Api;
using PipelineBuild.Kubernetes.Jobs;
using PipelineBuild.Kubernetes.Manifests;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// One run on the cluster: each attempt of a step is one Job (and, when it has secrets, one Secret of its
/// own), followed to its end, its pod's log streamed into the step's log, and removed on success, failure,
/// timeout and cancellation. Jobs an earlier, killed run of the workspace left are removed before the first step.
/// </summary>
internal sealed class KubernetesRunnerSession(PipelineDefinition pipeline, IStepRunnerSession local, Func<KubernetesRunnerOptions> makeOptions) : IStepRunnerSession
{
    private readonly Lazy<KubernetesRunnerOptions> _options = new(makeOptions);
    private readonly Lock _gate = new();
    private JobFollower? _follower;
    private Task? _leftoversRemoved;
    private int _attempts;

    private KubernetesRunnerOptions Options => _options.Value;

    private KubernetesApi Client => Options.Client;

    private string Namespace => Options.Settings.Namespace;

    private JobFollower Follower
    {
        get
        {
            lock (_gate)
            {
                return _follower ??= new JobFollower(Client, Namespace, Options.PollInterval);
            }
        }
    }

    /// <summary>Reads the kubeconfig when a selected step runs on Kubernetes: a missing or bad one stops the run before anything runs (exit 2).</summary>
    public Task ValidateAsync(IEnumerable<StepDefinition> steps, CancellationToken cancellationToken)
    {
        var list = steps.ToList();
        if (list.Any(s => s.Kind == StepKind.Container && s.Executor == Executor.Kubernetes))
        {
            Options.Containers.Validate(pipeline, list);
        }

        return local.ValidateAsync(list, cancellationToken);
    }

    public Task<StepEnvironment> PeekAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken) => local.PeekAsync(step, context, cancellationToken);

    public async Task<PreparedStep> PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        Task leftovers;
        lock (_gate)
        {
            leftovers = _leftoversRemoved ??= RemoveLeftoversAsync(context);
        }

        await leftovers.ConfigureAwait(false);
        var prepared = await local.PrepareAsync(step, context, cancellationToken).ConfigureAwait(false);
        return Options.Containers.Prepare(step, context, prepared);
    }

    public async Task<StepExecutionResult> RunAsync(StepExecution execution, CancellationToken cancellationToken)
    {
        var step = execution.Step;
        var attempt = Interlocked.Increment(ref _attempts);
        var name = KubernetesNames.Object("pb", $"{execution.RunId}/{step.Id}/{attempt}");
        var labels = JobLabels.Of(pipeline.Name, step.Id, ContainerLabels.WorkspaceId(execution.Layout.Root), execution.RunId);
        var created = false;
        try
        {
            var container = await Options.Containers.CreateAsync(execution, cancellationToken).ConfigureAwait(false);
            var settings = Options.Settings;
            if (container.Secrets.Count > 0)
            {
                settings = settings with { SecretName = name };
                created = true;
                await Client.CreateSecretAsync(SecretOf(name, labels, container.Secrets), Namespace, cancellationToken).ConfigureAwait(false);
            }

            var job = KubernetesJobBuilder.Build(name, step, container.Container, settings, labels);
            created = true;
            await Client.CreateJobAsync(job, Namespace, cancellationToken).ConfigureAwait(false);
            execution.Log.Note($"[pipeline] job {Namespace}/{name} from {container.Container.Image}");
            var result = await Follower.FollowAsync(name, execution, cancellationToken).ConfigureAwait(false);
            return result with { OutputsInRemoteCache = result.Succeeded && container.OutputsInRemoteCache };
        }
        catch (PipelineException e)
        {
            // The job's image could not be built or pushed, or its inputs not packed: the step fails (exit 3 when a service is down).
            return new StepExecutionResult(125, e.Message, ServiceUnavailable: e.ExitCode == ExitCodes.ServiceUnavailable);
        }
        catch (HttpOperationException e) when ((int)e.Response.StatusCode is >= 400 and < 500)
        {
            return new StepExecutionResult(125, $"{KubernetesCodes.JobRefused}: the Kubernetes API refused the Job of '{step.Id}' ({(int)e.Response.StatusCode} {Reason(e)})");
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or TimeoutException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new StepExecutionResult(125, $"{KubernetesCodes.ApiUnavailable}: the Kubernetes API at {Client.BaseUri} cannot be used: {e.Message}", ServiceUnavailable: true);
        }
        finally
        {
            if (created)
            {
                await RemoveAsync(name, execution.Log).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => local.DisposeAsync();

    private static V1Secret SecretOf(string name, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> values) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = "Opaque",
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
        StringData = new Dictionary<string, string>(values, StringComparer.Ordinal),
    };

    private static string Reason(HttpOperationException e) =>
        e.Response.Content is { Length: > 0 } body && body.Length <= 2000 ? body : e.Response.ReasonPhrase ?? "";

    /// <summary>Removes a Job (its pods with it) and the Secret of the same name; never throws: a Job left behind is removed at the next run.</summary>
    private async Task RemoveAsync(string name, StepLog log)
    {
        try
        {
            await Client.DeleteJobAsync(name, Namespace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            if (e is not HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound })
            {
                log.Note($"[pipeline] job {Namespace}/{name} not removed ({e.Message}); the next run removes it");
            }
        }

        try
        {
            await Client.DeleteSecretAsync(name, Namespace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            // No Secret (a step without secrets), or it goes with the next run's leftovers.
        }
    }

    private static bool IsOfRun(V1ObjectMeta metadata, string run) =>
        metadata.Labels is { } labels && labels.TryGetValue(JobLabels.Run, out var value) && string.Equals(value, run, StringComparison.Ordinal);

    private async Task RemoveLeftoversAsync(RunContext context)
    {
        try
        {
            var selector = JobLabels.WorkspaceSelector(ContainerLabels.WorkspaceId(context.Layout.Root));
            var jobs = await Client.ListJobsAsync(Namespace, selector, CancellationToken.None).ConfigureAwait(false);
            var run = KubernetesNames.LabelValue(context.RunId);
            foreach (var job in jobs.Items.Where(j => !IsOfRun(j.Metadata, run)).ToList())
            {
                await Client.DeleteJobAsync(job.Metadata.Name, Namespace, CancellationToken.None).ConfigureAwait(false);
            }

            var secrets = await Client.ListSecretsAsync(Namespace, selector, CancellationToken.None).ConfigureAwait(false);
            foreach (var secret in secrets.Items.Where(s => !IsOfRun(s.Metadata, run)).ToList())
            {
                await Client.DeleteSecretAsync(secret.Metadata.Name, Namespace, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException)
        {
            context.Observer.Warning(PipelineDiagnostic.Warning(
                KubernetesCodes.LeftoversNotRemoved,
                SourceLocation.Nowhere,
                $"could not remove Jobs left by an earlier run ({e.Message})",
                $"kubectl delete jobs -n {Namespace} -l {JobLabels.ManagedBy}={JobLabels.ManagedByValue}").ToString());
        }
    }
}
