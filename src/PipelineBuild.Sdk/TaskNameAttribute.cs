namespace PipelineBuild.Sdk;

/// <summary>
/// The name a pipeline uses for a task (<c>task: Evaluate</c>). Without it, a task is named after its
/// class, less a trailing <c>Task</c> (<c>EvaluateTask</c> is <c>Evaluate</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class TaskNameAttribute : Attribute
{
    /// <summary>Names the task.</summary>
    /// <param name="name">Letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, starting with a letter or digit.</param>
    public TaskNameAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The task's name in pipeline files.</summary>
    public string Name { get; }
}
