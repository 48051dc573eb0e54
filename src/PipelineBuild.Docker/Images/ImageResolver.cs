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
/// <c>images.&lt;name&gt;.build</c> is built from its context and tagged <c>pipeline/&lt;name&gt;:&lt;context hash&gt;</c>
/// (an unchanged context costs one lookup, no build); any other reference is looked up and pulled as its
/// <c>pull</c> policy says. What comes back is the image's content ID, never a tag.
/// </summary>
public sealed class ImageResolver
{
    public const string ContextLabel = "io.pipelinebuild.context";
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

    /// <summary>The image's content ID if the engine has it, without building or pulling; else what would happen first.</summary>
    public async Task<(string? Id, string? Pending)> PeekAsync(StepDefinition step, RunContext context)
    {
        var image = DefinitionOf(step, context.Pipeline);
        string reference;
        try
        {
            reference = image.BuildContext is null ? image.Reference! : TagOf(image, BuildContext.Read(image, context.Layout, context.Digests));
        }
        catch (PipelineException e)
        {
            return (null, e.Message);
        }

        if (await _engine.TryConnectAsync().ConfigureAwait(false) is not { } client)
        {
            return (null, $"image '{image.Name}' cannot be looked up: no Docker engine answers at {_engine.Endpoint}");
        }

        var id = await _peeked.GetOrAdd(reference, r => TryInspectAsync(client, r, CancellationToken.None)).ConfigureAwait(false);
        return id is not null ? (id, null)
            : image.BuildContext is not null ? (null, $"image '{image.Name}' is built first ({reference})")
            : (null, $"image '{reference}' is pulled first");
    }

    public static ImageDefinition DefinitionOf(StepDefinition step, PipelineDefinition pipeline)
    {
        var name = step.Image ?? throw new ArgumentException($"step '{step.Id}' has no image", nameof(step));
        return pipeline.Images.FirstOrDefault(i => i.Name == name)
            ?? new ImageDefinition(name, null, null, name, PullPolicy.Missing, step.Location);
    }

    public static string TagOf(ImageDefinition image, BuildContext context) =>
        $"pipeline/{image.Name}:{context.Hash.Hex[..TagHashLength]}";

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
        var tag = TagOf(image, buildContext);
        if (await TryInspectAsync(client, tag, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new ResolvedImage(existing, tag);
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
                Labels = new Dictionary<string, string> { [ContextLabel] = buildContext.Hash.Hex },
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
        return new ResolvedImage(id, tag);
    }

    private static async Task<ResolvedImage> FindOrPullAsync(DockerClient client, ImageDefinition image, RunContext context, CancellationToken cancellationToken)
    {
        var reference = image.Reference!;
        if (image.Pull != PullPolicy.Always && await TryInspectAsync(client, reference, cancellationToken).ConfigureAwait(false) is { } local)
        {
            return new ResolvedImage(local, reference);
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

        return new ResolvedImage(id, reference);
    }

    private static async Task<string?> TryInspectAsync(DockerClient client, string reference, CancellationToken cancellationToken)
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
