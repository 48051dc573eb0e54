using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Model;
using PipelineBuild.Testing;

namespace PipelineBuild.Kubernetes.Tests;

/// <summary>Loads a pipeline written in a test the way the tool does, with its graph.</summary>
internal static class Pipelines
{
    public static (PipelineDefinition Pipeline, StepGraph Graph) Load(TestWorkspace workspace, string yaml, string[]? parameters = null)
    {
        var path = workspace.Write("pipeline.yaml", yaml);
        var result = new PipelineLoader(LoadOptions.FromProcess(parameters ?? [], null)).Load(path);
        Assert.True(result.Pipeline is not null, string.Join("\n", result.Diagnostics));
        var diagnostics = new DiagnosticBag();
        var graph = StepGraphBuilder.Build(result.Pipeline!, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return (result.Pipeline!, graph);
    }
}
