namespace PipelineBuild.Core.Caching.Collection;

/// <summary>What <see cref="StagingSweep"/> removed (or would remove): leftovers of interrupted runs and their bytes.</summary>
public sealed record StagingSwept(int Leftovers, long Bytes);
