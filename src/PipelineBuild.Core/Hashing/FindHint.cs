namespace PipelineBuild.Core.Hashing;

/// <summary>Where the last look-up of a run of <see cref="StatCacheSnapshot.Find(ReadOnlySpan{char}, ref FindHint)"/> ended: its folder and the entry after the one found.</summary>
internal readonly record struct FindHint(string? Folder, int FolderIndex, int Next);
