namespace PipelineBuild.Core.Execution.Processes;

/// <summary>A process <see cref="PosixSpawner"/> started: its id and the read ends of its stdout and stderr pipes, owned by the caller.</summary>
internal readonly record struct SpawnedChild(int Pid, int StandardOutput, int StandardError);
