namespace PipelineBuild.Core.Loading;

/// <summary>Why a value could not be placed in a shell command: a PB2xxx code and the reason.</summary>
internal sealed record ShellProblem(string Code, string Message);
