using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Planning;

/// <summary>
/// One step of an <see cref="ExecutionPlan"/>: its decision, and — when it could be decided — the evaluation
/// it was made from and the environment it was made in, so that a run can execute it without deciding again.
/// </summary>
public sealed record PlannedStep(StepDefinition Step, StepDecision Decision, StepEvaluation? Evaluation = null, StepEnvironment? Environment = null)
{
    public bool IsUpToDate => Decision is StepDecision.UpToDate;
}
