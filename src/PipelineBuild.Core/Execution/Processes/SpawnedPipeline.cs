namespace PipelineBuild.Core.Execution.Processes;

/// <summary>
/// The members of a pipeline <see cref="PipelineSpawner"/> started, first to last, and the read ends of the last one's
/// stdout (-1 when it writes a file) and of the stderr pipe they all share, owned by the caller.
/// </summary>
internal readonly record struct SpawnedPipeline(int[] Pids, int StandardOutput, int StandardError);
