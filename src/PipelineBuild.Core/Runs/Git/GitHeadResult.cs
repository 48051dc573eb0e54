namespace PipelineBuild.Core.Runs.Git;

/// <summary>What reading HEAD gave: the head, none (an unborn branch), or a layout only git itself reads.</summary>
public sealed record GitHeadResult(GitHead? Head, bool Supported)
{
    public static GitHeadResult Unborn { get; } = new(null, true);

    public static GitHeadResult Unsupported { get; } = new(null, false);
}
