namespace PipelineBuild.Core.Model;

/// <summary>The spelling of <see cref="RemoteCacheMode"/> in the pipeline file, <c>--cache-mode</c> and <c>PIPELINEBUILD_CACHE_MODE</c>.</summary>
public static class RemoteCacheModes
{
    public static RemoteCacheMode? TryParse(string text) => text switch
    {
        "read" => RemoteCacheMode.Read,
        "read-write" => RemoteCacheMode.ReadWrite,
        "off" => RemoteCacheMode.Off,
        _ => null,
    };
}
