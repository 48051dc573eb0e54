using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Docker.Engine;

namespace PipelineBuild.Docker.Images;

/// <summary>
/// Removes old <c>pipeline/&lt;name&gt;:&lt;key&gt;</c> images (those carrying <see cref="ImageResolver.ContextLabel"/>)
/// of the pipeline's <c>build:</c> images: every such tag built before the keep age, except the tag each image
/// has now. Other names are left alone (the engine may be shared with other projects). Tags go one by one,
/// so an image is deleted with its last tag; one a container still uses stays.
/// </summary>
public sealed class ImageCollector
{
    private readonly DockerEngine _engine;
    private readonly ImageResolver _resolver;

    public ImageCollector(DockerEngine engine)
    {
        _engine = engine;
        _resolver = new ImageResolver(engine);
    }

    public async Task<ImageCollection> CollectAsync(PipelineDefinition pipeline, FileDigests digests, DateTime cutoffUtc, bool dryRun, CancellationToken cancellationToken)
    {
        if (await _engine.TryConnectAsync().ConfigureAwait(false) is not { } client)
        {
            return new ImageCollection([], [], $"no Docker engine answers at {_engine.Endpoint}");
        }

        var current = await CurrentTagsAsync(client, pipeline, digests).ConfigureAwait(false);
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [ImageResolver.ContextLabel] = true } };
        var images = await client.Images.ListImagesAsync(new ImagesListParameters { Filters = filters }, cancellationToken).ConfigureAwait(false);
        var removed = new List<string>();
        var inUse = new List<string>();
        foreach (var image in images.Where(i => i.Created.ToUniversalTime() < cutoffUtc))
        {
            foreach (var tag in (image.RepoTags ?? []).Where(t => IsOurs(t, pipeline) && !IsCurrent(t, current)).Order(StringComparer.Ordinal))
            {
                try
                {
                    if (!dryRun)
                    {
                        await client.Images.DeleteImageAsync(tag, new ImageDeleteParameters(), cancellationToken).ConfigureAwait(false);
                    }

                    removed.Add(tag);
                }
                catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
                {
                    inUse.Add(tag);
                }
                catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
                {
                    // Removed meanwhile.
                }
            }
        }

        return new ImageCollection(removed, inUse, null);
    }

    private static bool IsOurs(string tag, PipelineDefinition pipeline) =>
        pipeline.Images.Any(i => i.BuildContext is not null && tag.StartsWith(NamePrefix(i), StringComparison.Ordinal));

    private static bool IsCurrent(string tag, HashSet<string> current) =>
        current.Contains(tag) || current.Contains(tag[..(tag.LastIndexOf(':') + 1)]);

    private static string NamePrefix(ImageDefinition image) => $"pipeline/{image.Name}:";

    /// <summary>The tags the pipeline's <c>build:</c> images have now; an image whose context or base cannot be read keeps every tag of its name.</summary>
    private async Task<HashSet<string>> CurrentTagsAsync(DockerClient client, PipelineDefinition pipeline, FileDigests digests)
    {
        var layout = new WorkspaceLayout(pipeline.WorkspaceRoot);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in pipeline.Images.Where(i => i.BuildContext is not null))
        {
            try
            {
                var (key, _) = await _resolver.PeekKeyAsync(client, BuildContext.Read(image, layout, digests)).ConfigureAwait(false);
                current.Add(key is not null ? ImageResolver.TagOf(image, key) : NamePrefix(image));
            }
            catch (PipelineException)
            {
                current.Add(NamePrefix(image));
            }
        }

        return current;
    }
}
