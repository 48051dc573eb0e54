namespace PipelineBuild.Core.Model;

/// <summary><c>resources: { cpus, memory, gpus }</c> of a container step; memory in bytes.</summary>
public sealed record ResourceLimits(double? Cpus, long? MemoryBytes, string? Gpus);
