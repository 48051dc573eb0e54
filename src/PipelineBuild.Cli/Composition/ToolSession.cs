using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Sessions;

namespace PipelineBuild.Cli.Composition;

/// <summary>The session of this process: this build's runners, and the process's environment passed in.</summary>
internal static class ToolSession
{
    public static PipelineSession Create(IReadOnlyList<IStepRunner>? runners = null) =>
        new(runners ?? StepRunners.Create(), SessionEnvironment.FromProcess(ToolInfo.Version));
}
