using PipelineBuild.Core.Artifacts;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Artifacts.Publishing;

/// <summary>
/// Publishes a run's artifacts (docs/reference/files-on-disk.md, "Artifacts"): the content digest of <c>path</c> decides; the same
/// content as the newest version is no new version; otherwise the next version from <c>version</c>.
/// A new version stores its files, the source inputs that made it and the pipeline file in the
/// store's objects, then its <c>artifact.json</c>; then every remote target gets the current version.
/// </summary>
public sealed class ArtifactPublisher
{
    private readonly WorkspaceLayout _layout;
    private readonly RunRecorderOptions _options;
    private readonly ArtifactStore _store;
    private readonly INuGetPusher? _nuGet;

    public ArtifactPublisher(WorkspaceLayout layout, RunRecorderOptions options, INuGetPusher? nuGet = null)
    {
        _layout = layout;
        _options = options;
        _nuGet = nuGet;
        _store = new ArtifactStore(layout.ArtifactsFolder);
    }

    public async Task<PublishOutcome> PublishAllAsync(PublishContext context, ExecutionReport report, CancellationToken cancellationToken)
    {
        var problems = new List<RunProblem>();
        var current = new List<(ArtifactDefinition Definition, ArtifactManifest Manifest, bool IsNew)>();
        if (report.Status != RunStatus.Succeeded)
        {
            current.AddRange(context.Pipeline.Artifacts.Select(a => (a, _store.Newest(a.Name)!, false)).Where(c => c.Item2 is not null));
            return Outcome(current, problems);
        }

        using (_store.Lock())
        {
            var decisions = Decide(context, report, problems);
            var versions = decisions.ToDictionary(d => d.Definition.Name, d => d.Version, StringComparer.Ordinal);
            ContentDigest? pipelineFile = null;
            foreach (var decision in decisions)
            {
                if (decision.Existing is { } existing)
                {
                    current.Add((decision.Definition, existing, false));
                    continue;
                }

                try
                {
                    pipelineFile ??= _store.Objects.Ingest(context.Pipeline.FilePath);
                    var lineage = new LineageBuilder(context, _layout).Build(decision.Definition, decision.Closure!, pipelineFile.Value, versions);
                    StoreInputs(lineage);
                    foreach (var file in decision.Content!.Files)
                    {
                        _store.Objects.Ingest(decision.Content.SourcePath(file), file.Digest);
                    }

                    var manifest = new ArtifactManifest
                    {
                        Name = decision.Definition.Name,
                        Version = decision.Version,
                        Digest = decision.Content.Digest,
                        Path = decision.Definition.Path,
                        Files = decision.Content.Files,
                        Created = DateTimeOffset.UtcNow,
                        Lineage = lineage,
                    };
                    current.Add((decision.Definition, manifest, _store.Add(manifest)));
                }
                catch (PipelineException e)
                {
                    problems.Add(new RunProblem(e.Message, e.ExitCode));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add(new RunProblem(
                        $"{_store.Root}: error {ArtifactCodes.PublishFailed}: artifact '{decision.Definition.Name}' could not be stored ({IoErrorText.Describe(e)}); check the disk has space and the folder is writable",
                        ExitCodes.StepFailed));
                }
            }
        }

        foreach (var (definition, manifest, _) in current)
        {
            foreach (var target in definition.Publish.Where(t => t != "local"))
            {
                try
                {
                    var publisher = PublishTargets.Create(target, _layout, _options.GetEnvironment, _nuGet);
                    if (await publisher.EnsureAsync(manifest, _store, cancellationToken).ConfigureAwait(false))
                    {
                        _options.Warning($"published {manifest.Reference} to {target}");
                    }
                }
                catch (PipelineException e)
                {
                    problems.Add(new RunProblem(e.Message, e.ExitCode));
                }
            }
        }

        return Outcome(current, problems);
    }

    private List<Decision> Decide(PublishContext context, ExecutionReport report, List<RunProblem> problems)
    {
        var decisions = new List<Decision>();
        foreach (var artifact in context.Pipeline.Artifacts)
        {
            var newest = _store.Newest(artifact.Name);
            ArtifactContent? content;
            try
            {
                content = ArtifactContent.Scan(_layout, artifact.Path);
            }
            catch (LinkOutsideWorkspaceException e)
            {
                problems.Add(new RunProblem(
                    $"{artifact.Location}: error {ArtifactCodes.LinkOutside}: artifact '{artifact.Name}' was not published: its path '{artifact.Path}' leads outside the workspace: {e.Message}; store a copy of the file in the workspace instead of a link",
                    ExitCodes.StepFailed));
                continue;
            }

            var closure = ArtifactClosure.Of(artifact, context.Pipeline, context.Selection, report.Steps);
            if (content is null || closure is null)
            {
                if (content is null)
                {
                    _options.Warning($"{artifact.Location}: warning {ArtifactCodes.PathMissing}: artifact '{artifact.Name}' was not published: its path '{artifact.Path}' does not exist after the run; make a step write it, or fix 'path'");
                }

                if (newest is not null)
                {
                    decisions.Add(new Decision(artifact, newest.Version, newest, null, null));
                }

                continue;
            }

            if (newest is not null && newest.Digest == content.Digest)
            {
                decisions.Add(new Decision(artifact, newest.Version, newest, null, null));
                continue;
            }

            var version = ArtifactVersionSpec.Parse(artifact.Version).Next(_store.Versions(artifact.Name)).ToFullString();
            var existing = _store.Find(artifact.Name, NuGet.Versioning.NuGetVersion.Parse(version));
            if (existing is not null && existing.Digest != content.Digest)
            {
                problems.Add(new RunProblem(
                    $"{artifact.Location}: error {ArtifactCodes.Immutable}: version {version} of artifact '{artifact.Name}' is already published with other content ({ArtifactStore.Short(existing.Digest.Hex)}, now {ArtifactStore.Short(content.Digest.Hex)}); published versions never change: raise 'version' or use a pattern such as {version[..version.LastIndexOf('.')]}.x",
                    ExitCodes.StepFailed));
                if (newest is not null)
                {
                    decisions.Add(new Decision(artifact, newest.Version, newest, null, null));
                }

                continue;
            }

            decisions.Add(new Decision(artifact, version, existing, content, closure));
        }

        return decisions;
    }

    private void StoreInputs(ArtifactLineage lineage)
    {
        foreach (var (path, digest) in lineage.Inputs)
        {
            try
            {
                _store.Objects.Ingest(_layout.FullPath(path), digest);
            }
            catch (IOException e)
            {
                _options.Warning($"{path}: warning {ArtifactCodes.PathMissing}: this input changed or vanished after the run read it ({IoErrorText.Describe(e)}); 'reproduce' will not find its recorded content");
            }
        }
    }

    private static PublishOutcome Outcome(IEnumerable<(ArtifactDefinition Definition, ArtifactManifest Manifest, bool IsNew)> current, List<RunProblem> problems) =>
        new(current.Select(c => new PublishedArtifact(c.Manifest.Name, c.Manifest.Version, c.Manifest.Digest, c.IsNew)).ToList(), problems);

    /// <summary>An artifact's version after this run: an existing one, or a new one to store (with its content and closure).</summary>
    private sealed record Decision(ArtifactDefinition Definition, string Version, ArtifactManifest? Existing, ArtifactContent? Content, IReadOnlyList<StepDefinition>? Closure);
}
