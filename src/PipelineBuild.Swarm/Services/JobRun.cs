namespace PipelineBuild.Swarm.Services;

/// <summary>How one job ended, and the node its task ran on (null when it never got one).</summary>
public sealed record JobRun(JobOutcome Outcome, string? Node);
