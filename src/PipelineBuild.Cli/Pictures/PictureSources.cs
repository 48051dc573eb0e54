using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Pictures;

/// <summary>
/// What the pages draw from, all read-only: the workspace's run history, its artifact store, the files
/// runs wrote (cache) and the pipeline file a run names (for the graph and the plots' settings).
/// </summary>
internal sealed class PictureSources
{
    public PictureSources(WorkspaceLayout layout, RunStore? store)
    {
        Layout = layout;
        Store = store;
        Files = new RunFiles(layout);
        Artifacts = new ArtifactStore(layout.ArtifactsFolder);
    }

    public WorkspaceLayout Layout { get; }

    public RunStore? Store { get; }

    public RunFiles Files { get; }

    public ArtifactStore Artifacts { get; }

    public IReadOnlyList<string> Ids() => Store?.Ids() ?? [];

    public RunRecord Get(string reference) =>
        Store?.Get(RunReferences.Resolve(Ids(), reference)) ?? throw new PipelineException(RunCodes.UnknownRun, $"{reference}: error {RunCodes.UnknownRun}: no such run; no run is recorded yet; run the pipeline first");

    /// <summary>The run of the same pipeline recorded just before <paramref name="run"/>; null for its first.</summary>
    public RunRecord? Previous(RunRecord run)
    {
        var ids = Ids();
        var index = ids.ToList().IndexOf(run.Id);
        return index < 0 ? null : ids.Skip(index + 1).Select(id => Store!.Get(id)).FirstOrDefault(r => r is not null && string.Equals(r.Pipeline, run.Pipeline, StringComparison.Ordinal));
    }

    /// <summary>The pipeline file a run names (or <paramref name="fallback"/>), loaded with its graph; null when it is gone or no longer valid.</summary>
    public (PipelineDefinition Pipeline, StepGraph Graph)? Pipeline(RunRecord? run, string? fallback = null)
    {
        var file = run?.PipelineFile is { } relative ? Path.Combine(Layout.Root, relative) : fallback ?? FindPipelineFile();
        if (file is null || !File.Exists(file))
        {
            return null;
        }

        var result = new PipelineLoader(LoadOptions.Default).Load(file);
        if (result.Pipeline is null)
        {
            return null;
        }

        var diagnostics = new DiagnosticBag();
        var graph = StepGraphBuilder.Build(result.Pipeline, diagnostics);
        return diagnostics.HasErrors ? null : (result.Pipeline, graph);
    }

    /// <summary>Every plot of a pipeline: the steps' and then the top-level ones.</summary>
    public static IReadOnlyList<PlotDefinition> PlotsOf(PipelineDefinition pipeline) =>
        [.. pipeline.Steps.SelectMany(s => s.Plots), .. pipeline.Plots];

    private string? FindPipelineFile() =>
        new[] { "pipeline.yaml", "pipeline.yml" }.Select(n => Path.Combine(Layout.Root, n)).FirstOrDefault(File.Exists);
}
