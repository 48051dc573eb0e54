using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.TaskRunner;

/// <summary>A task step made ready: the task project's assembly (null for a built-in task) and the params its request carries.</summary>
public sealed record PreparedTask(StepEnvironment Environment, string? AssemblyPath, ParamSet Params) : PreparedStep(Environment);
