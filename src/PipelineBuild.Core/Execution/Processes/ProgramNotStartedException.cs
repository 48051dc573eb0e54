namespace PipelineBuild.Core.Execution.Processes;

/// <summary>The program could not be started at all (not found, not executable, not a program): nothing of it ran.</summary>
public sealed class ProgramNotStartedException(string message, Exception? inner = null) : IOException(message, inner);
