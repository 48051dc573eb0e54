using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Runs.Git;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Runs;

/// <summary>
/// The run record's dirty flag taken from the last run's answer when nothing it rests on changed: each change that could
/// change the answer makes the next run compute it, and the flag recorded is the one computed without the memo.
/// </summary>
public sealed class GitDirtyMemoTests : IDisposable
{
    private static readonly string[] PipelineFiles = ["pipeline.yaml", "in/a.txt"];
    private static readonly DateTime Old = DateTime.UtcNow.AddMinutes(-10);
    private readonly TestWorkspace _ws = TestWorkspace.Create();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Should_take_the_last_answer_when_nothing_changed_and_skip_reading_the_index_early()
    {
        // Given a committed repository and two runs (the first saves the stat cache, the second leaves it as it is)
        var repo = CommittedRepository();
        Assert.False(RecordedDirty(repo));
        Assert.False(RecordedDirty(repo));

        // When a third run comes
        // Then it takes the answer remembered, and the index is not read early for it
        Assert.True(WouldTakeMemo(repo));
        Assert.False(RecordedDirty(repo));
        Assert.Null(GitIndexPreload.Start(repo, Memo(repo, seen: null)).Take(Path.Combine(repo, ".git", "index")));
        Assert.NotNull(GitIndexPreload.Start(repo).Take(Path.Combine(repo, ".git", "index")));
    }

    [Theory]
    [InlineData("head")]
    [InlineData("stage")]
    [InlineData("modify")]
    [InlineData("delete")]
    [InlineData("untracked")]
    [InlineData("pipeline")]
    [InlineData("scope")]
    [InlineData("corrupt")]
    [InlineData("truncate")]
    public void Should_record_what_the_check_computes_after_each_change(string change)
    {
        // Given a repository whose last run's answer the next run would take
        var repo = CommittedRepository();
        var files = PipelineFiles;
        if (change == "head")
        {
            WriteOld(repo, "in/a.txt", "second\n");
            Git(repo, "commit", "-q", "-am", "second");
        }
        else if (change == "scope")
        {
            WriteOld(repo, "README.md", "edited, not committed\n");
        }

        RecordedDirty(repo, files);
        RecordedDirty(repo, files);
        Assert.True(WouldTakeMemo(repo, files));

        // When
        var memoFile = Path.Combine(repo, ".pipeline", "cache", "git-dirty");
        switch (change)
        {
            case "head": // HEAD moves, the index stays as it is: the second commit's change is now staged
                Git(repo, "reset", "-q", "--soft", "HEAD~1");
                break;
            case "stage": // a file the pipeline sees, untracked until now, is staged
                WriteOld(repo, "data/d1/new.txt", "new\n");
                RecordedDirty(repo, files);
                RecordedDirty(repo, files);
                Assert.True(WouldTakeMemo(repo, files));
                Git(repo, "add", "data/d1/new.txt");
                break;
            case "modify": // same size, same mtime: only the ctime and content differ
                WriteOld(repo, "in/a.txt", "b\n");
                break;
            case "delete":
                File.Delete(Path.Combine(repo, "in/a.txt"));
                break;
            case "untracked":
                WriteOld(repo, "data/d1/untracked.txt", "not in git\n");
                break;
            case "pipeline": // a file in scope the run itself does not look at
                WriteOld(repo, "pipeline.yaml", "pipeline: q\n");
                break;
            case "scope":
                files = [.. PipelineFiles, "README.md"];
                break;
            case "corrupt": // the remembered answer flipped, the rest left as it is
                var bytes = File.ReadAllBytes(memoFile);
                bytes[5 + 32 + 20 + 32] ^= 1;
                File.WriteAllBytes(memoFile, bytes);
                break;
            case "truncate":
                File.WriteAllBytes(memoFile, File.ReadAllBytes(memoFile)[..^1]);
                break;
        }

        // Then the flag recorded is the one computed without the memo, which is what git status of the same paths says
        var computed = GitProbe.Read(repo, files, ["data"], _ => null)!.Dirty;
        Assert.Equal(Git(repo, ["status", "--porcelain", "--untracked-files=no", "--", .. files, "data"]).Length > 0, computed);
        Assert.Equal(computed, RecordedDirty(repo, files));
        Assert.Equal(computed, RecordedDirty(repo, files));
    }

    [Fact]
    public void Should_take_a_difference_git_confirmed_without_reading_the_index_or_asking_git_again()
    {
        // Given an input modified and not committed, and two runs that recorded it dirty (git confirmed the difference)
        var repo = CommittedRepository();
        WriteOld(repo, "in/a.txt", "modified\n");
        Assert.True(RecordedDirty(repo));
        Assert.True(RecordedDirty(repo));

        // When a third run comes
        // Then it takes the answer remembered
        Assert.True(WouldTakeMemo(repo));
        Assert.True(RecordedDirty(repo));
    }

    [Theory]
    [InlineData("revert")]
    [InlineData("modify-again")]
    [InlineData("info-attributes")]
    [InlineData("folder-attributes")]
    [InlineData("top-attributes")]
    [InlineData("autocrlf")]
    [InlineData("file-mode")]
    public void Should_record_what_git_says_after_a_remembered_difference_changes(string change)
    {
        // Given a file in scope git finds different (line endings, or the executable bit), remembered as dirty: the
        // pipeline file, which the run does not stat (only the memo's own proofs cover it), or an input the run saw
        var repo = CommittedRepository();
        var (file, committed) = change == "folder-attributes" ? ("in/a.txt", "a") : ("pipeline.yaml", "pipeline: p");
        var path = Path.Combine(repo, file);
        if (change == "file-mode")
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }
        else
        {
            WriteOld(repo, file, committed + "\r\n");
        }

        Assert.True(RecordedDirty(repo));
        Assert.True(RecordedDirty(repo));
        Assert.True(WouldTakeMemo(repo));

        // When what git's answer rests on changes
        switch (change)
        {
            case "revert":
                WriteOld(repo, file, committed + "\n");
                break;
            case "modify-again": // same size, same mtime
                WriteOld(repo, file, committed.ToUpperInvariant() + "\r\n");
                break;
            case "info-attributes":
                File.WriteAllText(Path.Combine(repo, ".git", "info", "attributes"), "* text\n");
                break;
            case "folder-attributes":
                File.WriteAllText(Path.Combine(repo, "in", ".gitattributes"), "*.txt text\n");
                break;
            case "top-attributes":
                File.WriteAllText(Path.Combine(repo, ".gitattributes"), "* text\n");
                break;
            case "autocrlf":
                Git(repo, "config", "core.autocrlf", "true");
                break;
            case "file-mode":
                Git(repo, "config", "core.fileMode", "false");
                break;
        }

        // Then the flag recorded is the one computed without the memo, which is what git diff against HEAD says
        var computed = GitProbe.Read(repo, PipelineFiles, ["data"], _ => null)!.Dirty;
        Assert.Equal(!GitSucceeds(repo, ["diff", "--quiet", "HEAD", "--", .. PipelineFiles, "data"]), computed);
        Assert.Equal(computed, RecordedDirty(repo));
        Assert.Equal(computed, RecordedDirty(repo));
    }

    [Fact]
    public void Should_remember_nothing_for_an_index_git_wrote_without_its_hash()
    {
        // Given an index as git 2.40+ writes it with index.skipHash: its last 20 bytes zeros, nothing names its content
        var repo = CommittedRepository();
        using (var index = File.OpenWrite(Path.Combine(repo, ".git", "index")))
        {
            index.Seek(-20, SeekOrigin.End);
            index.Write(new byte[20]);
        }

        // When runs are recorded, Then each computes its answer
        Assert.False(RecordedDirty(repo));
        Assert.False(RecordedDirty(repo));
        Assert.False(WouldTakeMemo(repo));
    }

    [Fact]
    public void Should_ignore_a_memo_that_is_not_one()
    {
        // Given runs that recorded a modified input, and their memo then replaced by anything but a memo
        var repo = CommittedRepository();
        File.WriteAllText(Path.Combine(repo, "in/a.txt"), "changed\n");
        Assert.True(RecordedDirty(repo));
        Assert.True(RecordedDirty(repo));
        File.WriteAllText(Path.Combine(repo, ".pipeline", "cache", "git-dirty"), "PGDM\u0002 and then nonsense");

        // When the next run comes
        // Then it does not take it, computes the answer and remembers it anew
        Assert.False(WouldTakeMemo(repo));
        Assert.True(RecordedDirty(repo));
        Assert.True(WouldTakeMemo(repo));
    }

    /// <summary>The dirty flag a recorded run of the pipeline gives, its inputs seen as a run sees them (<see cref="SeeAsARun"/>).</summary>
    private static bool? RecordedDirty(string repo, string[]? files = null)
    {
        var (cache, memo) = SeeAsARun(repo);
        return GitProbe.Read(repo, files ?? PipelineFiles, ["data"], cache.SeenThisRunInOrder(), null, memo)!.Dirty;
    }

    private static bool WouldTakeMemo(string repo, string[]? files = null)
    {
        var (_, memo) = SeeAsARun(repo);
        var repository = GitRepositoryLocation.Find(repo)!;
        return memo.KeyOf(repository, GitHead.Read(repository).Head!, new GitPathScope(files ?? PipelineFiles, ["data"])) is { } key && memo.Recall(key) is not null;
    }

    /// <summary>
    /// What a run leaves for the record's check: the stats of every work tree file but the pipeline file and the
    /// <c>.gitattributes</c> files (not inputs of the pipeline), taken from the
    /// stat cache when unchanged and hashed otherwise, the cache saved when that changed it.
    /// </summary>
    private static (StatCache Cache, GitDirtyMemo Memo) SeeAsARun(string repo)
    {
        var cacheFile = Path.Combine(repo, ".pipeline", "cache", "stat");
        var cache = StatCacheFile.Load(cacheFile, new FixedClock(DateTimeOffset.UtcNow.AddHours(1))); // nothing within the racy window
        foreach (var file in Directory.EnumerateFiles(repo, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(repo, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith(".git/", StringComparison.Ordinal) || relative.StartsWith(".pipeline/", StringComparison.Ordinal) || relative == "pipeline.yaml" || Path.GetFileName(relative) == ".gitattributes")
            {
                continue;
            }

            var stat = FileStat.Read(file)!.Value;
            if (!cache.TryGet(relative, stat, out _))
            {
                cache.Set(relative, stat, FileHasher.Hash(file));
            }
        }

        if (cache.IsDirty)
        {
            StatCacheFile.Save(cache, cacheFile);
        }

        return (cache, Memo(repo, cache.SeenUnchanged()));
    }

    private static GitDirtyMemo Memo(string repo, StatCacheSeen? seen) => new(Path.Combine(repo, ".pipeline", "cache", "git-dirty"), seen);

    /// <summary>Writes a file with an mtime well before the index's, so that neither git nor the stat cache finds it racy.</summary>
    private static void WriteOld(string repo, string relative, string content)
    {
        var path = Path.Combine(repo, relative);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, Old);
    }

    /// <summary>pipeline.yaml, in/a.txt, data/d1/f1.txt, data/d1/f2.txt and README.md, committed on main.</summary>
    private string CommittedRepository()
    {
        var repo = _ws.PathOf("repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        foreach (var (file, content) in new[] { ("pipeline.yaml", "pipeline: p\n"), ("in/a.txt", "a\n"), ("data/d1/f1.txt", "one\n"), ("data/d1/f2.txt", "two\n"), ("README.md", "readme\n") })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(repo, file))!);
            WriteOld(repo, file, content);
        }

        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "first");
        return repo;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static string Git(string folder, params string[] args) => TestGit.Run(folder, args);

    private static bool GitSucceeds(string folder, params string[] args) => TestGit.Succeeds(folder, args);
}
