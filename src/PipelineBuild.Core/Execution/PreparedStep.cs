using PipelineBuild.Core.Planning;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// What a runner made ready for one step of one run (<see cref="IStepRunnerSession.PrepareAsync"/>), handed back to
/// it in <see cref="StepExecution.Prepared"/>. A runner derives its own to carry what running needs — the
/// image, the task assembly, the params — so that it keeps no per-run state in its fields.
/// </summary>
public record PreparedStep(StepEnvironment Environment)
{
    /// <summary>A step that needs nothing prepared (a host step, a frozen step).</summary>
    public static PreparedStep Nothing { get; } = new(StepEnvironment.None);
}
