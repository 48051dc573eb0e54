using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// Container steps as Kubernetes Jobs. What a step runs in is still prepared by the local container runner
/// (<paramref name="local"/>: image built or pulled, its id fingerprinted), so plans, fingerprints and cache
/// decisions do not change with the executor; only running the step moves to the cluster. The options (the kubeconfig, the
/// client) are made the first time a run has a step for Kubernetes, so a run without one never needs a kubeconfig.
/// </summary>
public sealed class KubernetesStepRunner(IStepRunner local, Func<KubernetesRunnerOptions> options) : IStepRunner
{
    public KubernetesStepRunner(IStepRunner local, KubernetesRunnerOptions options)
        : this(local, () => options)
    {
    }

    /// <summary>Container steps whose executor is <c>kubernetes</c>; the local Docker runner takes only local ones.</summary>
    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Container && step.Executor == Executor.Kubernetes;

    public void Check(PipelineDefinition pipeline, IEnumerable<StepDefinition> steps, Core.Diagnostics.DiagnosticBag diagnostics) =>
        local.Check(pipeline, steps, diagnostics);

    public IStepRunnerSession Begin(PipelineDefinition pipeline) => new KubernetesRunnerSession(pipeline, local.Begin(pipeline), options);
}
