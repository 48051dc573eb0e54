using PipelineBuild.Core.Execution;
using PipelineBuild.Docker;

namespace PipelineBuild.Cli.Commands;

/// <summary>The runners this build of the tool has.</summary>
internal static class StepRunners
{
    public static IReadOnlyList<IStepRunner> Create() => [new HostStepRunner(), new DockerStepRunner()];
}
