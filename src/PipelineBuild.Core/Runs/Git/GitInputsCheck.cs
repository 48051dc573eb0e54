using PipelineBuild.Core.Hashing;

namespace PipelineBuild.Core.Runs.Git;

/// <summary>
/// Whether a pipeline's own inputs differ from the commit HEAD names: a file changed in the work tree
/// or staged, a conflict, a file to be added. Asks git's index instead of git: an entry whose stat data
/// still matches the file (and is not "racily clean") is unchanged, as git itself concludes; only the
/// others are hashed, and a difference is confirmed by git (filters, <c>core.fileMode</c>) before it counts.
/// Null when only git can tell (submodules, index layouts this does not read).
/// </summary>
public static class GitInputsCheck
{
    private const uint TypeMask = 0xF000;
    private const uint RegularFile = 0x8000;
    private const uint SymbolicLink = 0xA000;
    private const uint Executable = 0x40;
    private const int MaxConfirmedPaths = 64;

    /// <summary>Whether the inputs are dirty (null when only git can tell), and what the answer rests on.</summary>
    /// <param name="seenStat">The stat this run already read for a repository path, if any (no second stat).</param>
    /// <param name="preload">The index read early, if it was.</param>
    public static GitInputsAnswer Check(GitRepositoryLocation repository, GitHead head, GitPathScope scope, SeenStatLookup seenStat, GitIndexPreload? preload = null)
    {
        // Entries whose stat data matches what the run saw are dropped while the index is read (no entry, no path string).
        if (GitIndex.Read(repository, scope, (path, in entry) => seenStat(path) is { } seen && Matches(seen, entry), preload) is not { } index)
        {
            return GitInputsAnswer.Unknown;
        }

        var checksum = index.Checksum.ToArray();
        List<GitStatProof>? proven = [];
        List<GitStatProof>? differing = [];
        var differingPaths = new List<string>();
        foreach (var entry in index.Entries)
        {
            if ((entry.Flags & (GitIndexEntryFlags.Conflicted | GitIndexEntryFlags.IntentToAdd)) != 0)
            {
                return new GitInputsAnswer(true, [], checksum); // the index alone says so
            }

            if ((entry.Flags & GitIndexEntryFlags.NotChecked) != 0)
            {
                continue;
            }

            switch (entry.Mode & TypeMask)
            {
                case RegularFile:
                    var comparison = Compare(repository, index, entry);
                    if (!comparison.Unchanged)
                    {
                        differingPaths.Add(entry.Path);
                        differing?.Add(new GitStatProof(entry.Path, comparison.Stat));
                    }
                    else if (comparison.ProvenByStat)
                    {
                        proven?.Add(new GitStatProof(entry.Path, comparison.Stat));
                    }
                    else
                    {
                        proven = null; // hashed: its stat does not prove it
                    }

                    break;
                case SymbolicLink:
                    proven = null;
                    if (!LinkIsUnchanged(repository, index, entry))
                    {
                        differingPaths.Add(entry.Path);
                        differing = null; // a link's stat is its target's: it proves nothing about the link
                    }

                    break;
                default:
                    return GitInputsAnswer.Unknown; // a submodule: only git knows whether it is dirty
            }
        }

        if (differingPaths.Count > 0)
        {
            if (ConfirmDifference(repository, differingPaths, differing, checksum) is { } confirmed)
            {
                return confirmed;
            }

            proven = null; // git found them equal (a filter, a line ending): what that rests on is not kept
        }

        return new GitInputsAnswer(HasStagedChanges(repository, head, index, scope), proven, checksum);
    }

    /// <summary>
    /// git decides what a difference is (clean filters, line endings, <c>core.fileMode</c>). A difference it confirms rests
    /// on the differing files' stats, the <c>.gitattributes</c> over them and git's settings, all taken before asking it:
    /// the same of each, in the same index, is the same difference. Null when git finds none of them different.
    /// </summary>
    private static GitInputsAnswer? ConfirmDifference(GitRepositoryLocation repository, List<string> differingPaths, List<GitStatProof>? differing, byte[] checksum)
    {
        var settings = differing is null ? null : GitConversionSettings.Identify(repository);
        var attributes = settings is null ? [] : differingPaths.SelectMany(GitConversionSettings.AttributesFilesOf).Distinct(StringComparer.Ordinal)
            .Select(path => new GitStatProof(path, FileStat.Read(Path.Combine(repository.WorkTree, path)))).ToList();
        var worktree = GitCli.Run(repository.WorkTree, ["diff", "--quiet", "--no-ext-diff", "--", .. differingPaths.Take(MaxConfirmedPaths).Select(p => ":(literal)" + p)]);
        if (worktree is not { ExitCode: 0 or 1 })
        {
            return GitInputsAnswer.Unknown;
        }

        if (worktree.Value.ExitCode == 0)
        {
            return differingPaths.Count > MaxConfirmedPaths ? new GitInputsAnswer(null, null, checksum) : null; // the rest unasked
        }

        if (differing is null || settings is null || differingPaths.Count > MaxConfirmedPaths)
        {
            return new GitInputsAnswer(true, null, checksum);
        }

        return new GitInputsAnswer(true, [.. differing, .. attributes], checksum, settings);
    }

    /// <summary>git's own test (read-cache.c: ie_match_stat); a chmod changes ctime. The caller rules out racy entries.</summary>
    private static bool Matches(FileStat stat, in GitIndexEntry entry) =>
        stat.ModifiedNanoseconds == entry.ModifiedNanoseconds && stat.ChangedNanoseconds == entry.ChangedNanoseconds
        && (uint)stat.Inode == entry.Inode && (uint)stat.Size == entry.Size;

    /// <summary>An entry the run's stats did not prove unchanged: stat it afresh, then hash it when that does not either.</summary>
    private static FileComparison Compare(GitRepositoryLocation repository, GitIndex index, GitIndexEntry entry)
    {
        var fullPath = Path.Combine(repository.WorkTree, entry.Path);
        if (FileStat.Read(fullPath) is not { } stat)
        {
            return new FileComparison(false, false, null); // deleted, or no longer a regular file
        }

        // is_racy_timestamp: modified at or after the index was written, the stat data cannot prove it unchanged.
        var racy = entry.ModifiedNanoseconds >= index.ModifiedNanoseconds;
        if (!racy && Matches(stat, entry))
        {
            return new FileComparison(true, true, stat);
        }

        return new FileComparison(HasIndexedContent(fullPath, index, entry), false, stat);
    }

    private static bool HasIndexedContent(string fullPath, GitIndex index, GitIndexEntry entry)
    {
        if (OperatingSystem.IsLinux() && Workspace.LinuxStat.KindOf(fullPath) != Workspace.FileKind.RegularFile)
        {
            return false; // now a link to a file
        }

        try
        {
            if (!OperatingSystem.IsWindows() && ((File.GetUnixFileMode(fullPath) & UnixFileMode.UserExecute) != 0) != ((entry.Mode & Executable) != 0))
            {
                return false;
            }

            using var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            return GitObjects.BlobId(file, file.Length).AsSpan().SequenceEqual(index.ObjectIdOf(entry));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool LinkIsUnchanged(GitRepositoryLocation repository, GitIndex index, GitIndexEntry entry)
    {
        try
        {
            var target = new FileInfo(Path.Combine(repository.WorkTree, entry.Path)).LinkTarget;
            return target is not null && GitObjects.LinkBlobId(target).AsSpan().SequenceEqual(index.ObjectIdOf(entry));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A packed commit's tree, from git (one small process; no tree or work tree is walked).</summary>
    private static string? TreeOf(GitRepositoryLocation repository, string commit) =>
        GitCli.Run(repository.WorkTree, "rev-parse", "--verify", "-q", commit + "^{tree}") is { ExitCode: 0 } result && result.Output.Trim() is var tree && GitHead.IsObjectId(tree)
            ? tree
            : null;

    /// <summary>Index against HEAD: equal when git's cached root tree is HEAD's tree; otherwise git compares (index and trees only).</summary>
    private static bool? HasStagedChanges(GitRepositoryLocation repository, GitHead head, GitIndex index, GitPathScope scope)
    {
        if (index.RootTree is { } root && (GitObjects.TreeOfLooseCommit(repository, head.Commit) ?? TreeOf(repository, head.Commit)) == root)
        {
            return false;
        }

        var staged = GitCli.Run(repository.WorkTree, ["diff-index", "--cached", "--quiet", "--no-ext-diff", head.Commit, "--", .. scope.ToPathspecs()]);
        return staged switch
        {
            { ExitCode: 0 } => false,
            { ExitCode: 1 } => true,
            _ => null,
        };
    }
}

/// <summary>A work tree file against its index entry: whether it is unchanged, whether its stat alone proved that, and that stat (null: missing).</summary>
internal readonly record struct FileComparison(bool Unchanged, bool ProvenByStat, FileStat? Stat);
