namespace PipelineBuild.TaskHost;

/// <summary>The task cannot be loaded or found; the message is for the user.</summary>
internal sealed class TaskHostException : Exception
{
    public TaskHostException(string message)
        : base(message)
    {
    }
}
