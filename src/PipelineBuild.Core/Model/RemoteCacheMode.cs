namespace PipelineBuild.Core.Model;

/// <summary>How a run uses the remote cache.</summary>
public enum RemoteCacheMode
{
    /// <summary>Not at all.</summary>
    Off,

    /// <summary>Restores from it, uploads nothing (laptops, pull-request jobs).</summary>
    Read,

    /// <summary>Restores from it and uploads what ran (the default when a URL is set).</summary>
    ReadWrite,
}
