using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;

namespace PipelineBuild.Notebooks;

/// <summary>
/// A notebook step made ready: its kernel was found (or, with <c>image:</c>, its image is ready, as the
/// container runner prepared it in <paramref name="Container"/>), and the params its parameters cell is written from.
/// </summary>
public sealed record PreparedNotebook(StepEnvironment Environment, ParamSet Params, PreparedStep? Container = null) : PreparedStep(Environment);
