namespace PipelineBuild.Core.Execution.Processes;

/// <summary>A program to spawn: the path to exec (searched on PATH by posix_spawnp when <paramref name="SearchesPath"/>) and its argv.</summary>
internal readonly record struct SpawnedMember(string Path, IReadOnlyList<string> Arguments, bool SearchesPath);
