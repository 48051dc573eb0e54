using System.CommandLine;
using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.RemoteCache;

namespace PipelineBuild.Cli.Commands;

/// <summary>
/// The remote cache of a run: <c>--cache-url</c>/<c>--cache-mode</c> over <c>PIPELINEBUILD_CACHE_URL</c>/<c>_MODE</c>
/// over the pipeline's <c>cache:</c>; <c>--cache-required</c>; credentials and the signing key from the environment only.
/// </summary>
internal sealed class RemoteCacheSettings
{
    public Option<string?> Url { get; } = new("--cache-url") { Description = "Remote cache: http(s)://host/prefix, s3://bucket/prefix, azblob://account/container/prefix or file:///path" };

    public Option<string?> Mode { get; } = new("--cache-mode") { Description = "How to use the remote cache: read, read-write (default) or off" };

    public Option<bool> Required { get; } = new("--cache-required") { Description = "Fail (exit 3) when the remote cache cannot be used, instead of warning" };

    public IEnumerable<Option> All => [Url, Mode, Required];

    /// <summary>The run's remote cache, or null when none is set or the mode is off.</summary>
    public RemoteCacheOptions? Resolve(ParseResult parse, PipelineDefinition pipeline)
    {
        var environment = Ci.CiEnvironment.FromProcess().Variables;
        var url = parse.GetValue(Url) ?? environment.GetValueOrDefault(RemoteCacheEnvironment.Url) ?? pipeline.Cache?.Remote;
        var modeText = parse.GetValue(Mode) ?? environment.GetValueOrDefault(RemoteCacheEnvironment.Mode);
        var mode = modeText is null ? pipeline.Cache?.Mode ?? RemoteCacheMode.ReadWrite
            : RemoteCacheModes.TryParse(modeText) ?? throw new PipelineException(
                RemoteCacheCodes.BadSetting,
                $"--cache-mode: error {RemoteCacheCodes.BadSetting}: '{modeText}' is not a cache mode; use read, read-write or off");
        var required = parse.GetValue(Required);
        if (string.IsNullOrEmpty(url) || mode == RemoteCacheMode.Off)
        {
            return required
                ? throw new PipelineException(
                    RemoteCacheCodes.BadSetting,
                    $"--cache-required: error {RemoteCacheCodes.BadSetting}: no remote cache is set; give --cache-url, set {RemoteCacheEnvironment.Url} or 'cache: remote:' in the pipeline")
                : null;
        }

        return new RemoteCacheOptions(RemoteStoreFactory.Create(url, environment), mode, required, EntrySigner.FromEnvironment(environment));
    }
}
