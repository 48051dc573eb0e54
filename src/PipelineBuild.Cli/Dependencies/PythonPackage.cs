namespace PipelineBuild.Cli.Dependencies;

/// <summary>A distribution a requirements file names, and the version installed for <c>python3</c> here (null: not installed).</summary>
internal sealed record PythonPackage(string Name, string Requirement, string File, string? InstalledVersion);
