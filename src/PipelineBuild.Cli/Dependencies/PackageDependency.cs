namespace PipelineBuild.Cli.Dependencies;

/// <summary>A NuGet package of a task project, as restored (<c>obj/project.assets.json</c>); <see cref="Direct"/>: referenced by the project itself.</summary>
internal sealed record PackageDependency(string Id, string Version, bool Direct);
