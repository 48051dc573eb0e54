using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Sessions;
using PipelineBuild.TaskRunner;

namespace PipelineBuild.Cli.Composition;

/// <summary>The session of this process: this build's runners, and the process's environment passed in.</summary>
internal static class ToolSession
{
    public static PipelineSession Create(IReadOnlyList<IStepRunner>? runners = null) =>
        new(runners ?? StepRunners.Create(), Environment());

    /// <summary>The session of a run or plan with the cluster executors' settings of its command line.</summary>
    public static PipelineSession Create(ClusterSettings cluster) => Create(StepRunners.Create(cluster));

    /// <summary>The process's environment, with NuGet pushes made by the task host (the AOT tool cannot link NuGet's client).</summary>
    public static SessionEnvironment Environment() =>
        SessionEnvironment.FromProcess(ToolInfo.Version) with { NuGetPusher = new TaskHostNuGetPusher(DotNetHost.Locate()) };
}
