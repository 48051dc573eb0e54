using System.Text;
using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Recording;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Sessions.Reproduction;

/// <summary>
/// <c>reproduce NAME@VERSION</c>: rebuilds a version from what its lineage recorded — the commit,
/// the pipeline file, the source inputs (from the store's objects) and the params — in a temporary
/// workspace, running its steps with <c>--force</c> and no cache, then compares every step's outputs
/// and the artifact's digest with the recorded ones.
/// </summary>
public sealed class ArtifactReproducer
{
    private readonly PipelineSession _session;
    private readonly IRunObserver _observer;

    public ArtifactReproducer(PipelineSession session, IRunObserver observer)
    {
        _session = session;
        _observer = observer;
    }

    public async Task<(ReproduceResult Result, RunReport? Report)> ReproduceAsync(WorkspaceLayout current, ArtifactManifest manifest, bool keep, CancellationToken cancellationToken)
    {
        var store = new ArtifactStore(current.ArtifactsFolder);
        var lineage = manifest.Lineage;
        LineagePaths.Check(manifest);
        using var workspace = ReproduceWorkspace.Create(current.Root, lineage);
        workspace.Keep = keep;
        var missing = new List<string>();
        if (!workspace.Materialize(store, lineage.PipelineFile, lineage.PipelineFileDigest))
        {
            missing.Add(lineage.PipelineFile + " (the pipeline file)");
        }

        missing.AddRange(lineage.Inputs.Where(input => !workspace.Materialize(store, input.Key, input.Value)).Select(input => input.Key));
        if (missing.Count > 0)
        {
            return (new ReproduceResult(manifest, null, [], missing, null, workspace.Root, workspace.FromGitCommit), null);
        }

        var paramsFile = Path.Combine(Path.GetDirectoryName(workspace.Root)!, $"params.{lineage.RunId}.yaml");
        File.WriteAllText(paramsFile, ParamsYaml(lineage));
        var pipelinePath = Path.Combine(workspace.Root, lineage.PipelineFile.Replace('/', Path.DirectorySeparatorChar));
        var loaded = new PipelineLoader(LoadOptions.FromProcess([], paramsFile)).Load(pipelinePath);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(loaded.Diagnostics);
        if (loaded.Pipeline is null)
        {
            throw new PipelineValidationException(diagnostics.Items);
        }

        var pipeline = loaded.Pipeline;
        var graph = StepGraphBuilder.Build(pipeline, diagnostics);
        diagnostics.ThrowIfErrors();
        var ids = lineage.Steps.Select(s => s.Id).Where(graph.Contains).ToList();
        RunReport? report = null;
        if (ids.Count > 0)
        {
            var selection = graph.Select([], ids);
            await using var run = await _session.PrepareAsync(pipeline, selection, cancellationToken).ConfigureAwait(false);
            report = await _session.RunAsync(run, new RunOptions { Force = true }, _observer, record: false, cancellationToken).ConfigureAwait(false);
            if (report.Steps.FirstOrDefault(s => s.IsFailure) is { } failed)
            {
                return (new ReproduceResult(manifest, null, [], [], failed.Id, workspace.Root, workspace.FromGitCommit), report);
            }
        }

        var rebuilt = LockFileSerializer.Read(pipeline.LockFilePath, pipeline.Name, _observer.Warning);
        var steps = lineage.Steps.Select(recorded => Compare(recorded, rebuilt.Find(recorded.Id))).ToList();
        var content = ArtifactContent.Scan(new WorkspaceLayout(pipeline.WorkspaceRoot), manifest.Path);
        return (new ReproduceResult(manifest, content?.Digest, steps, [], null, workspace.Root, workspace.FromGitCommit), report);
    }

    private static StepReproduction Compare(StepLineage recorded, LockEntry? rebuilt)
    {
        if (rebuilt is null)
        {
            return new StepReproduction(recorded.Id, false, false, recorded.Outputs.Keys.ToList());
        }

        var differing = recorded.Outputs
            .Where(o => !rebuilt.Outputs.TryGetValue(o.Key, out var digest) || digest != o.Value)
            .Select(o => o.Key)
            .ToList();
        return new StepReproduction(recorded.Id, rebuilt.Fingerprint.Hex == recorded.Fingerprint, differing.Count == 0, differing);
    }

    /// <summary>The recorded params as a params file: dotted names nested back into maps, values quoted as recorded.</summary>
    internal static string ParamsYaml(ArtifactLineage lineage)
    {
        var root = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, value) in lineage.Params)
        {
            var parts = name.Split('.');
            var map = root;
            foreach (var part in parts[..^1])
            {
                if (!map.TryGetValue(part, out var child) || child is not SortedDictionary<string, object> childMap)
                {
                    childMap = new SortedDictionary<string, object>(StringComparer.Ordinal);
                    map[part] = childMap;
                }

                map = childMap;
            }

            map[parts[^1]] = value;
        }

        var builder = new StringBuilder();
        Write(builder, root, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, SortedDictionary<string, object> map, int depth)
    {
        foreach (var (key, value) in map)
        {
            builder.Append(' ', depth * 2).Append(Quote(key)).Append(':');
            if (value is SortedDictionary<string, object> child)
            {
                builder.Append('\n');
                Write(builder, child, depth + 1);
            }
            else
            {
                var text = (string)value;
                // Lists and maps were recorded in their canonical flow form, which YAML reads back as is.
                builder.Append(' ').Append(text.StartsWith('[') || text.StartsWith('{') ? text : Quote(text)).Append('\n');
            }
        }
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, Runs.JsonStrings.Default.String);
}
