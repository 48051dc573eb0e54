using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Docker.Engine;

namespace PipelineBuild.Docker.Images;

/// <summary>
/// Turns a step's <c>image</c> into an image on the engine, once per run however many steps use it:
/// <c>images.&lt;name&gt;.build</c> is built from its context and tagged <c>pipeline/&lt;name&gt;:&lt;build key&gt;</c>
/// (the context hash plus its base images' digests: an unchanged context on unchanged bases costs a few
/// lookups, no build); any other reference is looked up and pulled as its <c>pull</c> policy says. What comes
/// back is the image's content ID and the key that enters fingerprints, never a tag.
/// </summary>
public sealed class ImageResolver
{
    public const string ContextLabel = "io.pipelinebuild.context";
    public const string KeyLabel = "io.pipelinebuild.key";
    private const int TagHashLength = 16;
    private readonly DockerEngine _engine;
    private readonly ConcurrentDictionary<string, Lazy<Task<ResolvedImage>>> _prepared = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<string?>> _peeked = new(StringComparer.Ordinal);

    public ImageResolver(DockerEngine engine) => _engine = engine;

    /// <summary>The image ready to start containers from; builds or pulls it when needed.</summary>
    public Task<ResolvedImage> PrepareAsync(StepDefinition step, RunContext context, CancellationToken cancellationToken)
    {
        var image = DefinitionOf(step, context.Pipeline);
        var prepared = _prepared.GetOrAdd(image.Name, _ => new Lazy<Task<ResolvedImage>>(() => ResolveAsync(step, image, context, cancellationToken)));
        return prepared.Value.WaitAsync(cancellationToken);
    }

    /// <summary>The image's fingerprint key if the engine has it, without building or pulling; else what would happen first.</summary>
    public async Task<(string? Key, string? Pending)> PeekAsync(StepDefinition step, RunContext context)
    {
        var image = DefinitionOf(step, context.Pipeline);
        BuildContext? buildContext;
        try
        {
            buildContext = image.BuildContext is null ? null : BuildContext.Read(image, context.Layout, context.Digests);
        }
        catch (PipelineException e)
        {
            return (null, e.Message);
        }

        if (await _engine.TryConnectAsync().ConfigureAwait(false) is not { } client)
        {
            return (null, $"image '{image.Name}' cannot be looked up: no Docker engine answers at {_engine.Endpoint}");
        }

        if (buildContext is null)
        {
            var id = await PeekIdAsync(client, image.Reference!).ConfigureAwait(false);
            return id is not null ? (id, null) : (null, $"image '{image.Reference}' is pulled first");
        }

        var (key, missingBase) = await PeekKeyAsync(client, buildContext).ConfigureAwait(false);
        if (key is null)
        {
            return (null, $"image '{image.Name}' is built first (its base '{missingBase}' is pulled first)");
        }

        var tag = TagOf(image, key);
        return await PeekIdAsync(client, tag).ConfigureAwait(false) is not null ? (key.Text, null) : (null, $"image '{image.Name}' is built first ({tag})");
    }

    /// <summary>The build key a context has with the bases the engine has now, without pulling; null and the first missing base when one is not there.</summary>
    public async Task<(ImageBuildKey? Key, string? MissingBase)> PeekKeyAsync(DockerClient client, BuildContext buildContext)
    {
        var identities = new List<string>();
        foreach (var reference in BasesOf(buildContext))
        {
            if (await PeekBaseAsync(client, reference).ConfigureAwait(false) is not { } identity)
            {
                return (null, reference);
            }

            identities.Add(identity);
        }

        return (ImageBuildKey.Of(buildContext, identities), null);
    }

    public static ImageDefinition DefinitionOf(StepDefinition step, PipelineDefinition pipeline)
    {
        var name = step.Image ?? throw new ArgumentException($"step '{step.Id}' has no image", nameof(step));
        return pipeline.Images.FirstOrDefault(i => i.Name == name)
            ?? new ImageDefinition(name, null, null, name, PullPolicy.Missing, step.Location);
    }

    public static string TagOf(ImageDefinition image, ImageBuildKey key) =>
        $"pipeline/{image.Name}:{key.Digest.Hex[..TagHashLength]}";

    /// <summary>The base images of a context's Dockerfile.</summary>
    public static IReadOnlyList<string> BasesOf(BuildContext context) =>
        DockerfileBases.Parse(File.ReadAllText(Path.Combine(context.Folder, context.Dockerfile)));

    private async Task<ResolvedImage> ResolveAsync(StepDefinition step, ImageDefinition image, RunContext context, CancellationToken cancellationToken)
    {
        var client = await _engine.ConnectAsync(step, cancellationToken).ConfigureAwait(false);
        return image.BuildContext is not null
            ? await BuildAsync(client, image, context, cancellationToken).ConfigureAwait(false)
            : await FindOrPullAsync(client, image, context, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ResolvedImage> BuildAsync(DockerClient client, ImageDefinition image, RunContext context, CancellationToken cancellationToken)
    {
        var buildContext = BuildContext.Read(image, context.Layout, context.Digests);
        var identities = new List<string>();
        foreach (var reference in BasesOf(buildContext))
        {
            // Pulled here (the build would pull it anyway) so that its digest is known before the build.
            var baseImage = new ImageDefinition(reference, null, null, reference, PullPolicy.Missing, image.Location);
            var resolved = await FindOrPullAsync(client, baseImage, context, cancellationToken).ConfigureAwait(false);
            identities.Add(await IdentityAsync(client, reference, resolved.Id, cancellationToken).ConfigureAwait(false));
        }

        var key = ImageBuildKey.Of(buildContext, identities);
        var tag = TagOf(image, key);
        if (await TryInspectAsync(client, tag, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new ResolvedImage(existing, tag, key.Text);
        }

        context.Observer.Note($"building image '{image.Name}' as {tag}");
        var clock = Stopwatch.StartNew();
        using var log = new ImageBuildLog(LogPath(context, $"image-{image.Name}.log"));
        await using (var archive = ContextArchive.Create(buildContext, context.Layout))
        {
            var parameters = new ImageBuildParameters
            {
                Dockerfile = buildContext.Dockerfile,
                Tags = [tag],
                Remove = true,
                ForceRemove = true,
                Labels = new Dictionary<string, string> { [ContextLabel] = buildContext.Hash.Hex, [KeyLabel] = key.Text },
            };
            try
            {
                await client.Images.BuildImageFromDockerfileAsync(parameters, archive, null, null, log, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e)
            {
                log.Report(new JSONMessage { Error = new JSONError { Message = e.ResponseBody } });
            }
        }

        var id = log.Error is null ? await TryInspectAsync(client, tag, cancellationToken).ConfigureAwait(false) : null;
        if (id is null)
        {
            throw new PipelineException(
                PipelineDiagnostic.Error(
                    DockerCodes.BuildFailed,
                    image.Location,
                    $"image '{image.Name}' did not build: {log.Error ?? "the engine reported no image"}",
                    $"fix {image.BuildContext}/{buildContext.Dockerfile} (full build log: {log.Path})" + TailText(log.Tail)),
                ExitCodes.StepFailed);
        }

        context.Observer.Note($"built image '{image.Name}' ({Short(id)}) in {clock.Elapsed.TotalSeconds:0.0}s");
        return new ResolvedImage(id, tag, key.Text);
    }

    private static async Task<ResolvedImage> FindOrPullAsync(DockerClient client, ImageDefinition image, RunContext context, CancellationToken cancellationToken)
    {
        var reference = image.Reference!;
        if (image.Pull != PullPolicy.Always && await TryInspectAsync(client, reference, cancellationToken).ConfigureAwait(false) is { } local)
        {
            return new ResolvedImage(local, reference, local);
        }

        if (image.Pull == PullPolicy.Never)
        {
            throw new PipelineException(
                PipelineDiagnostic.Error(
                    DockerCodes.ImageUnavailable,
                    image.Location,
                    $"image '{reference}' is not on the Docker engine and 'pull: never' forbids pulling it",
                    "load or build it first (docker load / docker build -t), or build it from the repo with 'images.<name>.build'"),
                ExitCodes.StepFailed);
        }

        context.Observer.Note($"pulling image '{reference}'");
        using var log = new ImageBuildLog(LogPath(context, $"pull-{Sanitize(reference)}.log"));
        string? failure = null;
        try
        {
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = reference }, null, log, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            failure = FirstLine(e.ResponseBody) ?? e.StatusCode.ToString();
        }

        failure ??= log.Error;
        var id = failure is null ? await TryInspectAsync(client, reference, cancellationToken).ConfigureAwait(false) : null;
        if (id is null)
        {
            throw new PipelineException(
                PipelineDiagnostic.Error(
                    DockerCodes.ImageUnavailable,
                    image.Location,
                    $"image '{reference}' is not on the Docker engine and could not be pulled ({failure ?? "no image after the pull"})",
                    "check the name and the registry, load it with 'docker load', or build it from the repo with 'images.<name>.build'"),
                ExitCodes.StepFailed);
        }

        return new ResolvedImage(id, reference, id);
    }

    private Task<string?> PeekIdAsync(DockerClient client, string reference) =>
        _peeked.GetOrAdd(reference, r => TryInspectAsync(client, r, CancellationToken.None));

    private async Task<string?> PeekBaseAsync(DockerClient client, string reference) =>
        await PeekIdAsync(client, reference).ConfigureAwait(false) is { } id
            ? await IdentityAsync(client, reference, id, CancellationToken.None).ConfigureAwait(false)
            : null;

    private static async Task<string> IdentityAsync(DockerClient client, string reference, string id, CancellationToken cancellationToken)
    {
        if (BaseImageIdentity.PinnedDigest(reference) is { } pinned)
        {
            return pinned;
        }

        var inspected = await client.Images.InspectImageAsync(id, cancellationToken).ConfigureAwait(false);
        return BaseImageIdentity.Of(reference, inspected.RepoDigests, inspected.ID);
    }

    /// <summary>The id of the image <paramref name="reference"/> names on the engine, or null when it has none.</summary>
    public static async Task<string?> TryInspectAsync(DockerClient client, string reference, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.Images.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false)).ID;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static string LogPath(RunContext context, string fileName) =>
        Path.Combine(context.Layout.LogsFolder, context.RunId.Length > 0 ? context.RunId : "preview", fileName);

    private static string TailText(IReadOnlyList<string> tail) =>
        tail.Count == 0 ? "" : Environment.NewLine + string.Join(Environment.NewLine, tail.Select(l => "  " + l));

    private static string? FirstLine(string? text) =>
        text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private static string Sanitize(string reference) =>
        string.Concat(reference.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));

    private static string Short(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..19] : id;
}
