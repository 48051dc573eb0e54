using PipelineBuild.Core.Model;

namespace PipelineBuild.TaskRunner;

/// <summary>One task step for the host: the step, its task assembly (null: built in), the run's params, where to answer.</summary>
public sealed record TaskRequest(StepDefinition Step, string? AssemblyPath, string Workspace, ParamSet Params, string ResultPath);
