namespace PipelineBuild.Core.Model;

public enum StepKind
{
    /// <summary>A <c>run</c> command on the host, through <c>bash -c</c> or the step's <c>shell</c>.</summary>
    Host,

    /// <summary>A <c>run</c> command inside a container of the step's or stage's <c>image</c>.</summary>
    Container,

    /// <summary>A .NET task class, named by <c>task</c>.</summary>
    Task,

    /// <summary>A Jupyter notebook, named by <c>notebook</c>, executed in a kernel.</summary>
    Notebook,
}
