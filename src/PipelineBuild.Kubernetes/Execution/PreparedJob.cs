using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Planning;
using PipelineBuild.Docker.Images;

namespace PipelineBuild.Kubernetes.Execution;

/// <summary>
/// A container step made ready for Kubernetes: its image on the local engine (pushed to <paramref name="Registry"/> only when
/// the step must run) and the run's remote cache, through which its inputs and outputs travel.
/// </summary>
public sealed record PreparedJob(StepEnvironment Environment, ResolvedImage Image, string Registry, RemoteCacheSession RemoteCache) : PreparedStep(Environment);
