namespace PipelineBuild.Core.Execution.Processes;

/// <summary>Which of a child's descriptors became ready in <see cref="ChildProcessLoop"/> (the low two bits of its epoll token).</summary>
internal enum ChildStream
{
    Output = 0,
    Error = 1,
    Exit = 2,
}
