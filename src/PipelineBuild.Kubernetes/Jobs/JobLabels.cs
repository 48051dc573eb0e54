using PipelineBuild.Kubernetes.Manifests;

namespace PipelineBuild.Kubernetes.Jobs;

/// <summary>
/// The labels the tool puts on its Jobs and their pods: how it finds its own objects (a run's, or those a
/// killed run left) and how a user selects them with <c>kubectl -l</c>. Values are made valid label values.
/// </summary>
public static class JobLabels
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "pipelinebuild";
    public const string Pipeline = "pipelinebuild.dev/pipeline";
    public const string Workspace = "pipelinebuild.dev/workspace";
    public const string Run = "pipelinebuild.dev/run";
    public const string Step = "pipelinebuild.dev/step";

    /// <summary>The annotation holding the step id as written (a label value cannot hold every id).</summary>
    public const string StepIdAnnotation = "pipelinebuild.dev/step-id";

    /// <summary>The annotation listing, comma-separated, the step ids a Job's step waits for (export).</summary>
    public const string NeedsAnnotation = "pipelinebuild.dev/needs";

    public static Dictionary<string, string> Of(string pipeline, string stepId, string? workspace, string? runId)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ManagedBy] = ManagedByValue,
            [Pipeline] = KubernetesNames.LabelValue(pipeline),
            [Step] = KubernetesNames.LabelValue(stepId),
        };
        if (workspace is not null)
        {
            labels[Workspace] = KubernetesNames.LabelValue(workspace);
        }

        if (runId is not null)
        {
            labels[Run] = KubernetesNames.LabelValue(runId);
        }

        return labels;
    }

    /// <summary>The selector of every Job of a workspace: <c>managed-by=pipelinebuild,workspace=…</c>.</summary>
    public static string WorkspaceSelector(string workspace) =>
        $"{ManagedBy}={ManagedByValue},{Workspace}={KubernetesNames.LabelValue(workspace)}";
}
