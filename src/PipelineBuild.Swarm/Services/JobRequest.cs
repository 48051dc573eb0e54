using PipelineBuild.Core.Model;

namespace PipelineBuild.Swarm.Services;

/// <summary>
/// One attempt of a step as a swarm job: the image by digest, what the container runs (null: the image's entrypoint),
/// its variables, its secrets (a Swarm secret of the attempt, mounted as a file the agent reads: never in the service's
/// spec, a label or a log) and the labels a later run finds its leftovers by.
/// </summary>
public sealed record JobRequest(
    StepDefinition Step,
    string ServiceName,
    string Image,
    IReadOnlyList<string>? Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> Secrets,
    IReadOnlyDictionary<string, string> Labels);
