using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Execution;

/// <summary>
/// Records a finished run (run history, artifacts). Called once the steps are done, while the
/// workspace lock is still held, so no other run can change the outputs being published.
/// </summary>
public interface IRunRecorder
{
    /// <summary>Returns the report to give back: the same, or with artifacts and problems added.</summary>
    Task<RunReport> CompleteAsync(PipelineDefinition pipeline, StepGraph selection, LockFile lockFile, RunReport report, CancellationToken cancellationToken);
}
