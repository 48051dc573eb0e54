using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// What a runner needs to run one attempt of a step, with what its <see cref="IStepRunnerSession.PrepareAsync"/> made ready
/// and the <see cref="Evaluation"/> that decided it must run: its fingerprint and its inputs with their digests (a cluster
/// executor ships them by digest without hashing a byte again), and the <see cref="RemoteOnly"/> outputs among them (<c>run --no-download</c>):
/// known by digest and size, not on disk.
/// </summary>
public sealed record StepExecution(
    StepDefinition Step,
    string RunId,
    WorkspaceLayout Layout,
    StepLog Log,
    PreparedStep? Prepared = null,
    StepEvaluation? Evaluation = null,
    Caching.RemoteOnly.RemoteOnlyOutputs? RemoteOnly = null);
