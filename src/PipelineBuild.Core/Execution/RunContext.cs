using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Core.Execution;

/// <summary>The run a runner prepares environments for: where to log and whom to tell.</summary>
public sealed record RunContext(PipelineDefinition Pipeline, string RunId, WorkspaceLayout Layout, IRunObserver Observer);
