using System.Text;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Runs.Git;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Runs;

/// <summary>The git state of run records, read without <c>git status</c>, against what git itself says.</summary>
public sealed class GitProbeTests : IDisposable
{
    private readonly TestWorkspace _ws = TestWorkspace.Create();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Should_record_the_commit_and_branch_git_names_and_clean_when_nothing_changed()
    {
        // Given a repository with a committed pipeline and inputs
        var repo = CommittedRepository();

        // When
        var state = Probe(repo);

        // Then
        Assert.NotNull(state);
        Assert.Equal(Git(repo, "rev-parse", "HEAD"), state.Commit);
        Assert.Equal("main", state.Branch);
        Assert.False(state.Dirty);
        Assert.Equal(".", state.WorkspacePath);
    }

    [Theory]
    [InlineData("content")]
    [InlineData("size")]
    [InlineData("delete")]
    [InlineData("chmod")]
    [InlineData("staged")]
    [InlineData("folder")]
    [InlineData("pipeline")]
    public void Should_be_dirty_when_an_input_differs_from_the_commit(string change)
    {
        // Given
        var repo = CommittedRepository();

        // When one of the pipeline's own inputs changes
        switch (change)
        {
            case "content":
                File.WriteAllText(Path.Combine(repo, "in/a.txt"), "A\n"); // same size, other bytes
                break;
            case "size":
                File.AppendAllText(Path.Combine(repo, "in/a.txt"), "more\n");
                break;
            case "delete":
                File.Delete(Path.Combine(repo, "in/a.txt"));
                break;
            case "chmod":
                File.SetUnixFileMode(Path.Combine(repo, "in/a.txt"), File.GetUnixFileMode(Path.Combine(repo, "in/a.txt")) | UnixFileMode.UserExecute);
                break;
            case "staged":
                File.WriteAllText(Path.Combine(repo, "in/a.txt"), "staged\n");
                Git(repo, "add", "in/a.txt");
                break;
            case "folder":
                File.WriteAllText(Path.Combine(repo, "data/d1/f2.txt"), "changed\n");
                break;
            case "pipeline":
                File.AppendAllText(Path.Combine(repo, "pipeline.yaml"), "# edited\n");
                break;
        }

        // Then the probe says dirty, as git status of the same paths does
        Assert.NotEqual("", Git(repo, "status", "--porcelain", "--untracked-files=no", "--", "in", "data", "pipeline.yaml"));
        Assert.True(Probe(repo)!.Dirty);
    }

    [Theory]
    [InlineData("touch")]
    [InlineData("outside")]
    [InlineData("untracked")]
    public void Should_stay_clean_when_no_input_differs_from_the_commit(string change)
    {
        // Given
        var repo = CommittedRepository();

        // When
        switch (change)
        {
            case "touch": // new stat data, same bytes: git hashes it and finds it unchanged
                File.SetLastWriteTimeUtc(Path.Combine(repo, "in/a.txt"), DateTime.UtcNow.AddMinutes(5));
                break;
            case "outside": // a tracked file no step reads
                File.WriteAllText(Path.Combine(repo, "README.md"), "edited\n");
                break;
            case "untracked": // a new file in an input folder, not added (untracked files never made a run dirty)
                File.WriteAllText(Path.Combine(repo, "data/d1/new.txt"), "new\n");
                break;
        }

        // Then
        Assert.False(Probe(repo)!.Dirty);
    }

    [Fact]
    public void Should_record_no_branch_on_a_detached_head()
    {
        // Given
        var repo = CommittedRepository();
        var first = Git(repo, "rev-parse", "HEAD");
        File.WriteAllText(Path.Combine(repo, "README.md"), "second\n");
        Git(repo, "commit", "-q", "-am", "second");
        Git(repo, "checkout", "-q", "--detach", first);

        // When
        var state = Probe(repo)!;

        // Then
        Assert.Equal(first, state.Commit);
        Assert.Null(state.Branch);
        Assert.False(state.Dirty);
    }

    [Fact]
    public void Should_read_packed_refs_and_packed_objects()
    {
        // Given a repository whose refs and objects are all packed
        var repo = CommittedRepository();
        Git(repo, "gc", "-q");
        Git(repo, "pack-refs", "--all");
        Assert.False(File.Exists(Path.Combine(repo, ".git/refs/heads/main")));

        // When / Then
        var state = Probe(repo)!;
        Assert.Equal(Git(repo, "rev-parse", "HEAD"), state.Commit);
        Assert.Equal("main", state.Branch);
        Assert.False(state.Dirty);
        File.WriteAllText(Path.Combine(repo, "in/a.txt"), "changed\n");
        Assert.True(Probe(repo)!.Dirty);
    }

    [Fact]
    public void Should_read_a_linked_worktree_through_its_gitdir_file()
    {
        // Given a second worktree on its own branch
        var repo = CommittedRepository();
        var linked = _ws.PathOf("linked");
        Git(repo, "worktree", "add", "-q", "-b", "feature", linked);
        File.WriteAllText(Path.Combine(linked, "README.md"), "feature\n");
        Git(linked, "commit", "-q", "-am", "feature");

        // When
        var state = Probe(linked)!;

        // Then
        Assert.True(File.Exists(Path.Combine(linked, ".git")));
        Assert.Equal(Git(linked, "rev-parse", "HEAD"), state.Commit);
        Assert.NotEqual(Git(repo, "rev-parse", "HEAD"), state.Commit);
        Assert.Equal("feature", state.Branch);
        Assert.False(state.Dirty);
        File.WriteAllText(Path.Combine(linked, "data/d1/f1.txt"), "changed\n");
        Assert.True(Probe(linked)!.Dirty);
        Assert.False(Probe(repo)!.Dirty);
    }

    [Fact]
    public void Should_read_an_index_of_version_4()
    {
        // Given
        var repo = CommittedRepository();
        Git(repo, "update-index", "--index-version", "4");

        // When / Then
        Assert.False(Probe(repo)!.Dirty);
        File.WriteAllText(Path.Combine(repo, "data/d1/f2.txt"), "changed\n");
        Assert.True(Probe(repo)!.Dirty);
    }

    [Fact]
    public void Should_give_the_workspace_path_of_a_workspace_below_the_top_level()
    {
        // Given
        var repo = CommittedRepository();

        // When
        var state = GitProbe.Read(Path.Combine(repo, "data"), ["d1/f1.txt"], [], _ => null)!;

        // Then
        Assert.Equal("data", state.WorkspacePath);
        Assert.False(state.Dirty);
        File.WriteAllText(Path.Combine(repo, "data/d1/f1.txt"), "changed\n");
        Assert.True(GitProbe.Read(Path.Combine(repo, "data"), ["d1/f1.txt"], [], _ => null)!.Dirty);
    }

    [Fact]
    public void Should_record_nothing_outside_a_repository_or_before_the_first_commit()
    {
        // Given
        var plain = _ws.PathOf("plain");
        Directory.CreateDirectory(plain);
        var unborn = _ws.PathOf("unborn");
        Directory.CreateDirectory(unborn);
        Git(unborn, "init", "-q", "-b", "main");

        // When / Then
        Assert.Null(Probe(plain));
        Assert.Null(Probe(unborn));
    }

    [Fact]
    public void Should_not_follow_a_head_that_leads_outside_the_git_directory()
    {
        // Given a HEAD naming a ref outside refs/ (a hostile or damaged repository)
        var repo = CommittedRepository();
        var secret = _ws.Write("secret", new string('b', 40) + "\n");
        File.WriteAllText(Path.Combine(repo, ".git/HEAD"), "ref: refs/../../../secret\n");

        // When
        var state = Probe(repo);

        // Then the outside file is never taken for a commit (git itself refuses such a HEAD)
        Assert.True(state is null || state.Commit != new string('b', 40), secret);
    }

    [Fact]
    public void Should_take_the_stats_the_run_saw_and_still_find_a_changed_file_among_them()
    {
        // Given a committed repository whose inputs the run has looked at (their stats are what it saw)
        var repo = CommittedRepository();
        Assert.False(ProbeSeeing(repo)!.Dirty);

        // When one file of an input folder changes and the run sees its new stat
        File.WriteAllText(Path.Combine(repo, "data/d1/f2.txt"), "changed and longer\n");

        // Then the entry whose stat no longer matches is looked at, and the state is dirty
        Assert.True(ProbeSeeing(repo)!.Dirty);
    }

    [Fact]
    public void Should_take_an_index_read_early_only_while_the_file_is_unchanged()
    {
        // Given a committed repository whose index was read early, as a run reads it while its plan is made
        var repo = CommittedRepository();
        var index = Path.Combine(repo, ".git", "index");
        var preload = GitIndexPreload.Start(repo);
        Assert.Equal(File.ReadAllBytes(index), preload.Take(index));
        Assert.False(GitProbe.Read(repo, ["pipeline.yaml", "in/a.txt"], ["data"], _ => null, preload)!.Dirty);

        // When a step stages a change of an input meanwhile (git writes a new index)
        File.WriteAllText(Path.Combine(repo, "in/a.txt"), "staged by a step\n");
        Git(repo, "add", "in/a.txt");

        // Then the early bytes are not taken, and the record sees the staged change
        Assert.Null(preload.Take(index));
        Assert.True(GitProbe.Read(repo, ["pipeline.yaml", "in/a.txt"], ["data"], _ => null, preload)!.Dirty);
    }

    [Fact]
    public void Should_read_nothing_early_outside_a_repository()
    {
        // Given a folder in no repository
        var folder = _ws.PathOf("plain");
        Directory.CreateDirectory(folder);

        // When its index is read early, Then there is nothing to take
        Assert.Null(GitIndexPreload.Start(folder).Take(Path.Combine(folder, ".git", "index")));
    }

    private GitState? Probe(string repo) => GitProbe.Read(repo, ["pipeline.yaml", "in/a.txt"], ["data"], _ => null);

    private static GitState? ProbeSeeing(string repo) =>
        GitProbe.Read(repo, ["pipeline.yaml", "in/a.txt"], ["data"], path => FileStat.Read(Path.Combine(repo, Encoding.UTF8.GetString(path))));

    /// <summary>pipeline.yaml, in/a.txt, data/d1/f1.txt, data/d1/f2.txt and README.md, committed on main.</summary>
    private string CommittedRepository()
    {
        var repo = _ws.PathOf("repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q", "-b", "main");
        _ws.Write("repo/pipeline.yaml", "pipeline: p\n");
        _ws.Write("repo/in/a.txt", "a\n");
        _ws.Write("repo/data/d1/f1.txt", "one\n");
        _ws.Write("repo/data/d1/f2.txt", "two\n");
        _ws.Write("repo/README.md", "readme\n");

        // Stat data older than the index, so no entry is "racily clean" by accident of timing.
        foreach (var file in Directory.EnumerateFiles(repo, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.git/", StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-10));
        }

        Git(repo, "add", "-A");
        Git(repo, "commit", "-q", "-m", "first");
        return repo;
    }

    private static string Git(string folder, params string[] args) => TestGit.Run(folder, args);
}
