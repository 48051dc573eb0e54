namespace PipelineBuild.Core.Hashing;

/// <summary>
/// The stat this run already read for a workspace-relative path given as UTF-8 (as git's index holds paths),
/// or null when the run did not look at the file. Nothing is allocated per look-up.
/// </summary>
public delegate FileStat? SeenStatLookup(ReadOnlySpan<byte> relativePath);
