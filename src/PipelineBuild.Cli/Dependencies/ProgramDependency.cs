namespace PipelineBuild.Cli.Dependencies;

/// <summary>A program a host command calls: where it is on this machine (null: not found) and the first line of its <c>--version</c>.</summary>
internal sealed record ProgramDependency(string Name, string? Path, string? Version)
{
    public bool IsPresent => Path is not null;
}
