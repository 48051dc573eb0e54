namespace PipelineBuild.Cli.Ci;

/// <summary>The CI system the tool talks to: found from the environment, or forced with <c>--ci</c>.</summary>
internal enum CiKind
{
    None,
    GitHub,
    Azure,
}
