namespace PipelineBuild.Core.Model;

/// <summary>
/// Where a container step runs (<c>executor:</c>, <c>run --executor</c>): on the tool's own Docker engine, or as one job of
/// a cluster engine. Host, .NET task and notebook steps always run where the tool runs.
/// </summary>
public enum Executor
{
    Local,
    Swarm,
    Kubernetes,
}
