using System.Text.Json;
using PipelineBuild.Kubernetes.Jobs;
using PipelineBuild.Kubernetes.Manifests;

namespace PipelineBuild.Kubernetes.Export;

/// <summary>An export plan as YAML in the chosen format.</summary>
public static class ManifestWriter
{
    public static string Write(ExportPlan plan, ExportFormat format, KubernetesSettings settings) => format switch
    {
        ExportFormat.Argo => YamlManifestWriter.Write([JsonSerializer.SerializeToNode(ArgoWorkflowBuilder.Build(plan, settings), ManifestJson.Default.ArgoWorkflow)!]),
        _ => YamlManifestWriter.Write(KubernetesJobsExport.Build(plan, settings).Select(job => JsonSerializer.SerializeToNode(job, ManifestJson.Default.V1Job)!)),
    };
}
