using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>What a runner needs to run one attempt of a step, with what its <see cref="IStepRunnerSession.PrepareAsync"/> made ready.</summary>
public sealed record StepExecution(
    StepDefinition Step,
    string RunId,
    WorkspaceLayout Layout,
    StepLog Log,
    PreparedStep? Prepared = null);
