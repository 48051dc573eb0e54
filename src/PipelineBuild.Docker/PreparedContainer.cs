using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Planning;
using PipelineBuild.Docker.Images;

namespace PipelineBuild.Docker;

/// <summary>A container step made ready: the image its container starts from, and the pipeline that labels it.</summary>
public sealed record PreparedContainer(StepEnvironment Environment, ResolvedImage Image, string Pipeline) : PreparedStep(Environment);
