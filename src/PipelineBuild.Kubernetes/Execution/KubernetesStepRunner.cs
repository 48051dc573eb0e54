using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// Container steps as Kubernetes Jobs. What a step runs in is still prepared by the local container runner
/// (<paramref name="local"/>: image built or pulled, its id fingerprinted), so plans, fingerprints and cache
/// decisions do not change with the executor; only running the step moves to the cluster.
/// </summary>
public sealed class KubernetesStepRunner(IStepRunner local, KubernetesRunnerOptions options) : IStepRunner
{
    public bool CanRun(StepDefinition step) => step.Kind == StepKind.Container && local.CanRun(step);

    public void Check(PipelineDefinition pipeline, IEnumerable<StepDefinition> steps, Core.Diagnostics.DiagnosticBag diagnostics) =>
        local.Check(pipeline, steps, diagnostics);

    public IStepRunnerSession Begin(PipelineDefinition pipeline) => new KubernetesRunnerSession(pipeline, local.Begin(pipeline), options);
}
