namespace PipelineBuild.Cluster;

/// <summary>
/// Where the agent lives in a job's image (the derived layer <see cref="AgentImage"/> adds) and where it works.
/// The agent is a Native AOT program shipped with its own ELF loader and libraries, so it starts on images
/// without a libc (busybox) and on distroless ones (docs/decisions.md, "The cluster agent").
/// </summary>
public static class AgentPaths
{
    /// <summary>The folder of the derived layer.</summary>
    public const string Root = "/.pipelinebuild";

    /// <summary>The agent program.</summary>
    public const string Program = Root + "/agent";

    /// <summary>The agent's shared libraries and its loader.</summary>
    public const string Libraries = Root + "/lib";

    /// <summary>The ELF loader the agent is started with.</summary>
    public const string Loader = Libraries + "/ld-linux-x86-64.so.2";

    /// <summary>Where the agent materializes the inputs and runs the command: the path the local container runner mounts the workspace at.</summary>
    public const string Workspace = "/workspace";

    /// <summary>The job container's entrypoint: the agent, started by its own loader with its own libraries.</summary>
    public static IReadOnlyList<string> Entrypoint { get; } = [Loader, "--library-path", Libraries, Program];

    /// <summary>The name of the folder of agent files beside the tool (its build output and its package).</summary>
    public const string ToolFolder = "agent";
}
