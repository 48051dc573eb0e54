using PipelineBuild.Core.Workspace.Watching;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Workspace.Watching;

/// <summary>
/// The change journal (inotify, Linux): every kind of change under a watched root is reported since a token, and
/// whatever the watches cannot vouch for (a root watched only now, an overflow, another instance, a link, a root
/// replaced) gives "unknown", never an empty change set.
/// </summary>
public sealed class ChangeJournalTests : IDisposable
{
    private static readonly string[] Data = ["data"];

    private readonly TestWorkspace _ws = TestWorkspace.Create();
    private readonly ChangeJournal _journal;

    public ChangeJournalTests()
    {
        _ws.Write("data/a/one.txt", "1");
        _ws.Write("data/a/two.txt", "2");
        _ws.Write("data/b/three.txt", "3");
        _ws.Write("outside/x.txt", "x");
        _journal = new ChangeJournal(_ws.Root);
    }

    public void Dispose()
    {
        _journal.Dispose();
        _ws.Dispose();
    }

    /// <summary>A token for <paramref name="roots"/>, taken the way a run takes it: a first question (unknown), then its sequence.</summary>
    private long Watched(params string[] roots)
    {
        var first = _journal.ChangesSince(_journal.Instance, 0, roots);
        Assert.False(first.IsKnown);
        return first.Sequence;
    }

    private IReadOnlyList<string> ChangedSince(long token, params string[] roots)
    {
        var answer = _journal.ChangesSince(_journal.Instance, token, roots.Length == 0 ? Data : roots);
        Assert.True(answer.IsKnown, "the journal should know");
        return answer.Changed!;
    }

    [FolderEntriesFact]
    public void Should_answer_an_empty_change_set_when_nothing_changed_and_unknown_for_a_root_watched_only_now()
    {
        // Given a root watched
        var token = Watched("data");

        // When asked again, twice
        var first = ChangedSince(token);
        var second = _journal.ChangesSince(_journal.Instance, token, Data);

        // Then nothing changed, with the same sequence
        Assert.Empty(first);
        Assert.Equal(token, second.Sequence);
    }

    [FolderEntriesTheory]
    [InlineData("modify", new[] { "data/a/one.txt" })]
    [InlineData("create", new[] { "data/a/new.txt" })]
    [InlineData("delete", new[] { "data/a/one.txt" })]
    [InlineData("rename within", new[] { "data/a/one.txt", "data/b/moved.txt" })]
    [InlineData("rename into", new[] { "data/a/x.txt" })]
    [InlineData("rename out of", new[] { "data/a/one.txt" })]
    [InlineData("touch -m", new[] { "data/a/one.txt" })]
    [InlineData("chmod", new[] { "data/a/one.txt" })]
    [InlineData("truncate", new[] { "data/a/two.txt" })]
    public void Should_report_each_kind_of_change_by_its_path(string change, string[] expected)
    {
        // Given a root watched
        var token = Watched("data");

        // When one file changes
        switch (change)
        {
            case "modify": File.AppendAllText(_ws.PathOf("data/a/one.txt"), "more"); break;
            case "create": _ws.Write("data/a/new.txt", "new"); break;
            case "delete": File.Delete(_ws.PathOf("data/a/one.txt")); break;
            case "rename within": File.Move(_ws.PathOf("data/a/one.txt"), _ws.PathOf("data/b/moved.txt")); break;
            case "rename into": File.Move(_ws.PathOf("outside/x.txt"), _ws.PathOf("data/a/x.txt")); break;
            case "rename out of": File.Move(_ws.PathOf("data/a/one.txt"), _ws.PathOf("outside/one.txt")); break;
            case "touch -m": File.SetLastWriteTimeUtc(_ws.PathOf("data/a/one.txt"), DateTime.UtcNow.AddDays(-3)); break;
            case "chmod": File.SetUnixFileMode(_ws.PathOf("data/a/one.txt"), UnixFileMode.UserRead); break;
            case "truncate": new FileStream(_ws.PathOf("data/a/two.txt"), FileMode.Truncate).Dispose(); break;
        }

        // Then exactly that is reported
        Assert.Equal(expected, ChangedSince(token));
    }

    [FolderEntriesFact]
    public void Should_report_a_new_folder_wholly_and_watch_it_from_then_on()
    {
        // Given a root watched
        var token = Watched("data");

        // When a folder is made with a file in it, and later another file is written there
        _ws.Write("data/c/d/first.txt", "1");
        var afterFolder = _journal.ChangesSince(_journal.Instance, token, Data);
        _ws.Write("data/c/d/second.txt", "2");
        var afterFile = ChangedSince(afterFolder.Sequence);

        // Then the folder stands for all it holds, and the later file is reported by its own path
        Assert.Equal(["data/c"], afterFolder.Changed!.Where(p => !p.StartsWith("data/c/", StringComparison.Ordinal)));
        Assert.Equal(["data/c/d/second.txt"], afterFile);
    }

    [FolderEntriesFact]
    public void Should_report_changes_in_a_folder_moved_within_the_root_under_its_new_path()
    {
        // Given a root watched, one of its folders renamed
        var token = Watched("data");
        Directory.Move(_ws.PathOf("data/a"), _ws.PathOf("data/z"));
        Assert.Equal(["data/a", "data/z"], ChangedSince(token));
        token = _journal.ChangesSince(_journal.Instance, token, Data).Sequence;

        // When a file in the moved folder changes
        File.AppendAllText(_ws.PathOf("data/z/one.txt"), "more");

        // Then it is reported where it is now
        Assert.Equal(["data/z/one.txt"], ChangedSince(token));
    }

    [FolderEntriesFact]
    public void Should_report_a_folder_moved_in_from_outside_and_watch_it()
    {
        // Given a root watched
        var token = Watched("data");

        // When a folder moves in, then a file in it changes
        Directory.Move(_ws.PathOf("outside"), _ws.PathOf("data/in"));
        var moved = ChangedSince(token);
        token = _journal.ChangesSince(_journal.Instance, token, Data).Sequence;
        File.AppendAllText(_ws.PathOf("data/in/x.txt"), "more");

        // Then both are reported
        Assert.Equal(["data/in"], moved);
        Assert.Equal(["data/in/x.txt"], ChangedSince(token));
    }

    [FolderEntriesFact]
    public void Should_not_know_after_a_queue_overflow_until_a_new_token()
    {
        // Given a root watched
        var token = Watched("data");

        // When the kernel's queue overflows (struct inotify_event: wd -1, mask IN_Q_OVERFLOW)
        var overflow = new byte[16];
        BitConverter.TryWriteBytes(overflow.AsSpan(0), -1);
        BitConverter.TryWriteBytes(overflow.AsSpan(4), 0x4000u);
        _journal.Process(overflow);
        var after = _journal.ChangesSince(_journal.Instance, token, Data);

        // Then the old token gets "unknown", the one given after it an answer again
        Assert.False(after.IsKnown);
        Assert.Empty(ChangedSince(after.Sequence));
    }

    [FolderEntriesFact]
    public void Should_not_know_when_more_paths_changed_than_it_remembers()
    {
        // Given a journal that remembers two paths
        using var small = new ChangeJournal(_ws.Root, maxRemembered: 2);
        var token = small.ChangesSince(small.Instance, 0, Data).Sequence;

        // When three change
        _ws.Write("data/a/one.txt", "a");
        _ws.Write("data/a/two.txt", "b");
        _ws.Write("data/b/three.txt", "c");

        // Then it cannot say
        Assert.False(small.ChangesSince(small.Instance, token, Data).IsKnown);
    }

    [FolderEntriesFact]
    public void Should_not_know_for_another_instances_token_or_a_root_added_since()
    {
        // Given "data" watched
        var token = Watched("data");

        // When another instance's token comes, or the same token with a new root
        var foreign = _journal.ChangesSince(Guid.NewGuid(), token, Data);
        var widened = _journal.ChangesSince(_journal.Instance, token, ["data", "outside"]);

        // Then neither is known; the widened one's sequence serves both roots next time
        Assert.False(foreign.IsKnown);
        Assert.False(widened.IsKnown);
        Assert.Empty(ChangedSince(widened.Sequence, "data", "outside"));
    }

    [FolderEntriesFact]
    public void Should_never_know_a_root_with_a_link_under_it()
    {
        // Given a root with a link in it, and one where a link appears later
        _ws.Write("linked/f.txt", "f");
        File.CreateSymbolicLink(_ws.PathOf("linked/to-outside"), _ws.PathOf("outside"));
        var linked = Watched("linked");
        var token = Watched("data");

        // When the second gets a link
        File.CreateSymbolicLink(_ws.PathOf("data/a/link.txt"), _ws.PathOf("outside/x.txt"));

        // Then neither root is known, now or on the next question
        Assert.False(_journal.ChangesSince(_journal.Instance, linked, ["linked"]).IsKnown);
        var after = _journal.ChangesSince(_journal.Instance, token, Data);
        Assert.False(after.IsKnown);
        Assert.False(_journal.ChangesSince(_journal.Instance, after.Sequence, Data).IsKnown);
    }

    [FolderEntriesTheory]
    [InlineData("root deleted and made again")]
    [InlineData("root renamed and replaced")]
    [InlineData("parent renamed and replaced")]
    public void Should_not_know_once_a_roots_folder_is_another(string change)
    {
        // Given "data/a" watched
        var token = Watched("data/a");

        // When the folder at that path is another one
        switch (change)
        {
            case "root deleted and made again":
                Directory.Delete(_ws.PathOf("data/a"), recursive: true);
                Directory.CreateDirectory(_ws.PathOf("data/a"));
                break;
            case "root renamed and replaced":
                Directory.Move(_ws.PathOf("data/a"), _ws.PathOf("data/old"));
                _ws.Write("data/a/one.txt", "other");
                break;
            case "parent renamed and replaced":
                Directory.Move(_ws.PathOf("data"), _ws.PathOf("data-old"));
                _ws.Write("data/a/one.txt", "other");
                break;
        }

        // Then the journal cannot say what changed there
        Assert.False(_journal.ChangesSince(_journal.Instance, token, ["data/a"]).IsKnown);
    }

    [FolderEntriesFact]
    public void Should_not_watch_a_root_outside_the_workspaces_names()
    {
        // Given / When roots that are no workspace-relative folder
        var parent = _journal.ChangesSince(_journal.Instance, 0, [".."]);
        var absolute = _journal.ChangesSince(_journal.Instance, 0, ["/etc"]);

        // Then neither is known, also asked again with the token given
        Assert.False(parent.IsKnown);
        Assert.False(absolute.IsKnown);
        Assert.False(_journal.ChangesSince(_journal.Instance, absolute.Sequence, [".."]).IsKnown);
    }
}
