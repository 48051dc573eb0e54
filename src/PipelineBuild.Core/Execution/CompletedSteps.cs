using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>The answers of a runner that peeks and prepares nothing, made once: asked for every step of every run.</summary>
internal static class CompletedSteps
{
    public static Task<StepEnvironment> NoEnvironment { get; } = Task.FromResult(StepEnvironment.None);

    public static Task<PreparedStep> NothingPrepared { get; } = Task.FromResult(PreparedStep.Nothing);
}
