using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Artifacts;

/// <summary>
/// Builds an artifact's lineage from the lock entries of the steps that made it: their fingerprints,
/// params, inputs and outputs, the source files they read (expanded from folder and glob listings in
/// the cache) and the other artifacts of the pipeline whose files they read.
/// </summary>
internal sealed class LineageBuilder
{
    private readonly PublishContext _context;
    private readonly ContentStore _cache;

    public LineageBuilder(PublishContext context, WorkspaceLayout layout)
    {
        _context = context;
        _cache = new ContentStore(layout.ContentFolder);
    }

    /// <param name="currentVersions">Artifact name → its version after this run, for upstream references.</param>
    public ArtifactLineage Build(ArtifactDefinition artifact, IReadOnlyList<StepDefinition> closure, ContentDigest pipelineFileDigest, IReadOnlyDictionary<string, string> currentVersions)
    {
        var steps = new List<StepLineage>();
        var sources = new SortedDictionary<string, ContentDigest>(StringComparer.Ordinal);
        var readPaths = new HashSet<string>(StringComparer.Ordinal);
        var images = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in closure)
        {
            if (_context.LockFile.Find(step.Id) is not { } entry)
            {
                continue;
            }

            steps.Add(new StepLineage(step.Id, entry.Fingerprint.Hex, entry.Image, entry.Params, entry.Inputs, entry.Outputs));
            if (entry.Image is not null)
            {
                images[step.Image ?? step.Id] = entry.Image;
            }

            foreach (var (key, digest) in entry.Inputs)
            {
                foreach (var file in FilesOf(step, key, digest))
                {
                    readPaths.Add(file.Path);
                    if (_context.Selection.ProducersOf(file.Path).Count == 0)
                    {
                        sources[file.Path] = file.Digest;
                    }
                }
            }
        }

        if (closure.Count == 0)
        {
            // Nothing makes it: the artifact is source itself (a data set in the repository).
            readPaths.Add(artifact.Path.TrimEnd('/'));
        }

        var upstream = _context.Pipeline.Artifacts
            .Where(other => other.Name != artifact.Name && currentVersions.ContainsKey(other.Name) && readPaths.Any(p => ArtifactClosure.Overlaps(p, other.Path)))
            .Select(other => $"{other.Name}@{currentVersions[other.Name]}")
            .ToList();

        var run = _context.Run;
        return new ArtifactLineage
        {
            RunId = run.Id,
            Pipeline = run.Pipeline,
            PipelineFile = run.PipelineFile ?? Path.GetFileName(_context.Pipeline.FilePath),
            PipelineFileDigest = pipelineFileDigest,
            Git = run.Git,
            ToolVersion = run.ToolVersion,
            Params = run.Params,
            Metrics = run.Metrics,
            Steps = steps,
            Inputs = sources,
            Images = images,
            Upstream = upstream,
        };
    }

    /// <summary>A lock entry's input as files: itself, or the files of its folder or glob listing.</summary>
    private IReadOnlyList<FileDigest> FilesOf(StepDefinition step, string key, ContentDigest digest)
    {
        var isListing = key.EndsWith('/') || step.Inputs.Any(i => i.Kind == InputKind.Glob && i.Path == key);
        if (!isListing)
        {
            return [new FileDigest(key, digest)];
        }

        return _cache.TryReadText(digest) is { } text && TreeListing.TryParse(text) is { } listing ? listing.Files : [];
    }
}
