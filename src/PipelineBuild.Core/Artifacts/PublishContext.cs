using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Runs;

namespace PipelineBuild.Core.Artifacts;

/// <summary>A finished run, as publishing needs it: the pipeline, the steps that ran, the lock file and the run record.</summary>
public sealed record PublishContext(
    PipelineDefinition Pipeline,
    StepGraph Selection,
    LockFile LockFile,
    RunRecord Run,
    RunRecorderOptions Options);
