using PipelineBuild.Core.Caching.Remote;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Planning;
using PipelineBuild.Docker.Images;

namespace PipelineBuild.Swarm;

/// <summary>
/// A container step made ready for the swarm: its image on the manager's engine (pushed only when the step must run) and the
/// run's remote cache, through which its inputs and outputs travel.
/// </summary>
public sealed record PreparedSwarmStep(StepEnvironment Environment, ResolvedImage Image, string Pipeline, RemoteCacheSession RemoteCache) : PreparedStep(Environment);
