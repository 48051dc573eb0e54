using k8s.Models;
using PipelineBuild.Kubernetes.Jobs;

namespace PipelineBuild.Kubernetes.Export;

/// <summary>
/// An export as plain <c>batch/v1</c> Jobs, one per step in dependency order. Kubernetes has no order
/// between Jobs: each Job's <c>pipelinebuild.dev/needs</c> annotation lists the steps it waits for, for
/// whoever applies them (or use the Argo export, which runs the DAG).
/// </summary>
public static class KubernetesJobsExport
{
    public static IReadOnlyList<V1Job> Build(ExportPlan plan, KubernetesSettings settings) =>
        [.. plan.Steps.Select(step => KubernetesJobBuilder.Build(
            step.Name,
            step.Step,
            step.Container,
            settings,
            JobLabels.Of(plan.Pipeline.Name, step.Step.Id, workspace: null, runId: null),
            step.Dependencies.Count == 0 ? null : new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [JobLabels.NeedsAnnotation] = string.Join(',', step.Dependencies.Select(d => d.Step.Id)),
            }))];
}
