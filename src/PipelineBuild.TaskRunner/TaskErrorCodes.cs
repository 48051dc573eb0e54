namespace PipelineBuild.TaskRunner;

/// <summary>The PB6xxx codes (docs/error-codes.md).</summary>
public static class TaskErrorCodes
{
    /// <summary>A step names a task that neither the task project nor the built-in tasks define (exit 2).</summary>
    public const string UnknownTask = "PB6001";

    /// <summary>The task project does not build (exit 1); the compiler errors follow.</summary>
    public const string BuildFailed = "PB6002";

    /// <summary>The <c>tasks:</c> project file does not exist (exit 2).</summary>
    public const string ProjectMissing = "PB6003";

    /// <summary>The task assembly cannot be loaded or its tasks listed (exit 2).</summary>
    public const string LoadFailed = "PB6004";

    /// <summary><c>dotnet</c> or the task host cannot be started (exit 3).</summary>
    public const string HostUnavailable = "PB6005";

    /// <summary>A <c>sql-query</c> step's connection holds a password that is not a secret (exit 2).</summary>
    public const string ConnectionNotSecret = "PB6013";
}
