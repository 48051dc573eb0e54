namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// Whether an entry is known unchanged from its recorded stat data alone, so the index need not keep it. Asked
/// only about regular files that git itself checks and that are not "racily clean"; the entry's
/// <see cref="GitIndexEntry.Path"/> is not made yet (empty): <paramref name="path"/> is its UTF-8.
/// </summary>
public delegate bool GitIndexEntryUnchanged(ReadOnlySpan<byte> path, in GitIndexEntry entry);
