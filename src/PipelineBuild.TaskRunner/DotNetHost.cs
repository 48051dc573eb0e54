namespace PipelineBuild.TaskRunner;

/// <summary>Where <c>dotnet</c> and the task host are: the tool ships the host in <c>taskhost/</c> beside itself.</summary>
public sealed record DotNetHost(string DotNet, string TaskHostPath)
{
    /// <summary><c>PIPELINEBUILD_TASKHOST</c> overrides the host (tests); <c>DOTNET_HOST_PATH</c> names the <c>dotnet</c> that started us.</summary>
    public static DotNetHost Locate()
    {
        var host = Environment.GetEnvironmentVariable("PIPELINEBUILD_TASKHOST") is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(AppContext.BaseDirectory, "taskhost", "PipelineBuild.TaskHost.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        return new DotNetHost(dotnet, host);
    }

    /// <summary>The folder of the host, holding the built-in tasks' assemblies.</summary>
    public string Folder => Path.GetDirectoryName(TaskHostPath)!;
}
