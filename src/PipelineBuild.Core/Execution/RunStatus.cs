namespace PipelineBuild.Core.Execution;

public enum RunStatus
{
    Succeeded,
    Failed,
    Cancelled,
}
