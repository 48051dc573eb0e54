using PipelineBuild.Core.Caching;
using PipelineBuild.Core.Caching.RemoteOnly;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Hashing;
using PipelineBuild.Core.Locking;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Planning;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Planning;

public sealed class ExecutionPlannerTests
{
    [Fact]
    public void Should_decide_new_for_a_step_never_run()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("in.txt", "1");

        var decision = Planner(ws, LockFile.Empty("p")).Evaluate(Step(), force: false).Decision;

        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.New)), decision);
    }

    [Fact]
    public void Should_be_up_to_date_when_fingerprint_and_outputs_match_the_lock()
    {
        using var ws = WorkspaceWhereTheCopyRan();
        var lockFile = LockAfterRun(ws, Step());

        var decision = Planner(ws, lockFile).Evaluate(Step(), force: false).Decision;

        Assert.IsType<StepDecision.UpToDate>(decision);
    }

    [Fact]
    public void Should_say_task_code_changed_when_only_the_task_assembly_hash_differs()
    {
        // Given a task step recorded with one task assembly
        using var ws = WorkspaceWhereTheCopyRan();
        var step = Step() with { Kind = StepKind.Task, Command = null, Task = "Copy" };
        var evaluation = Planner(ws, LockFile.Empty("p")).Evaluate(step, force: false, new StepEnvironment(TaskAssemblyHash: "aaa"));
        var recorder = new LockRecorder(LockFile.Empty("p"), [step.Id]);
        recorder.Record(evaluation, []);

        // When the task project's build output changed
        var decision = Planner(ws, recorder.ToLockFile()).Evaluate(step, force: false, new StepEnvironment(TaskAssemblyHash: "bbb")).Decision;

        // Then
        Assert.Equal("aaa", recorder.ToLockFile().Find(step.Id)!.TaskAssembly);
        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.TaskChanged)), decision);
        Assert.Equal("task code changed", ReasonText.Format(new StepReason(ReasonKind.TaskChanged)));
    }

    [Fact]
    public void Should_name_the_changed_input_file()
    {
        using var ws = WorkspaceWhereTheCopyRan();
        var lockFile = LockAfterRun(ws, Step());
        ws.Write("in.txt", "2");

        var decision = Planner(ws, lockFile).Evaluate(Step(), force: false).Decision;

        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.InputChanged, "in.txt")), decision);
    }

    [Fact]
    public void Should_name_the_file_that_changed_inside_an_input_folder()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("data/a.csv", "a");
        ws.Write("data/b.csv", "b");
        ws.Write("out.txt", "result");
        var step = Step() with { Inputs = [new InputSpec("data", InputKind.Path, true, default)] };
        var lockFile = LockAfterRun(ws, step);
        ws.Write("data/b.csv", "B");

        var decision = Planner(ws, lockFile).Evaluate(step, force: false).Decision;

        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.InputChanged, "data/b.csv")), decision);
    }

    [Theory]
    [InlineData("changed", "data/d1/f0321.txt")]
    [InlineData("added", "data/d1/f0321b.txt")]
    [InlineData("removed", "data/d1/f0321.txt")]
    [InlineData("replaced by a link", "data/d1/f0321.txt")]
    [InlineData("replaced by a folder", "data/d1/f0321.txt")]
    public void Should_name_the_file_that_changed_in_a_large_input_folder_whose_other_files_come_from_the_stat_cache(string change, string named)
    {
        // Given 600 files in three folders (stat'ed while listed, looked up in parallel), all in the stat cache
        using var ws = TestWorkspace.Create();
        for (var i = 0; i < 600; i++)
        {
            ws.Write($"data/d{i / 200}/f{i:0000}.txt", $"content {i:000}");
        }

        ws.Write("out.txt", "result");
        var step = Step() with { Inputs = [new InputSpec("data", InputKind.Path, true, default)] };
        var lockFile = LockAfterRun(ws, step);
        var digests = new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), parallelism: 2);
        Assert.IsType<StepDecision.UpToDate>(Planner(ws, lockFile, digests: digests).Evaluate(step, force: false).Decision);

        // When one file changes (its size kept), is added, removed, or replaced by a link to another or by a folder
        switch (change)
        {
            case "changed":
                ws.Write("data/d1/f0321.txt", "content 999");
                break;
            case "added":
                ws.Write("data/d1/f0321b.txt", "new");
                break;
            case "removed":
                ws.Delete("data/d1/f0321.txt");
                break;
            case "replaced by a link":
                ws.Delete("data/d1/f0321.txt");
                File.CreateSymbolicLink(ws.PathOf("data/d1/f0321.txt"), "f0322.txt");
                break;
            default:
                ws.Delete("data/d1/f0321.txt");
                ws.Write("data/d1/f0321.txt/inner.txt", "content 321");
                break;
        }

        var decision = Planner(ws, lockFile, digests: digests).Evaluate(step, force: false).Decision;

        // Then that file is named
        var run = Assert.IsType<StepDecision.Run>(decision);
        Assert.Equal(ReasonKind.InputChanged, run.Reason.Kind);
        Assert.StartsWith(named, run.Reason.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_changed_param()
    {
        using var ws = WorkspaceWhereTheCopyRan();
        var step = Step() with { Params = ["train.depth"] };
        var lockFile = LockAfterRun(ws, step, Params("5"));

        var decision = Planner(ws, lockFile, Params("7")).Evaluate(step, force: false).Decision;

        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.ParamChanged, "train.depth")), decision);
    }

    [Fact]
    public void Should_say_command_changed_when_the_run_line_changes()
    {
        using var ws = WorkspaceWhereTheCopyRan();
        var lockFile = LockAfterRun(ws, Step());

        var decision = Planner(ws, lockFile).Evaluate(Step() with { Command = "cp in.txt out.txt # v2" }, force: false).Decision;

        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.CommandChanged)), decision);
    }

    [Fact]
    public void Should_say_the_fingerprint_format_changed_when_only_the_fingerprint_differs()
    {
        // Given a lock entry written by a tool that computed fingerprints another way: all it records compares equal
        using var ws = WorkspaceWhereTheCopyRan();
        var recorded = LockAfterRun(ws, Step());
        var entry = recorded.Find(Step().Id)!;
        var older = new LockFile("p", new Dictionary<string, LockEntry>(StringComparer.Ordinal)
        {
            [Step().Id] = entry with { Fingerprint = new ActionKey(ContentDigest.Of("fingerprint of format 1"u8)) },
        });

        // When the same step is decided now
        var decision = Planner(ws, older).Evaluate(Step(), force: false).Decision;

        // Then it runs, and says why in words that do not blame the user's command
        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.FormatChanged)), decision);
        Assert.Equal("format-changed", ReasonNames.CodeOf(ReasonKind.FormatChanged));
        Assert.Equal("fingerprint format changed (another version of the tool ran it last)", ReasonText.Format(new StepReason(ReasonKind.FormatChanged)));
    }

    [Fact]
    public void Should_restore_when_the_output_is_missing_and_the_cache_has_the_fingerprint()
    {
        using var ws = WorkspaceWhereTheCopyRan();
        var layout = new WorkspaceLayout(ws.Root);
        var lockFile = LockAfterRun(ws, Step(), cache: true);
        ws.Delete("out.txt");

        var decision = Planner(ws, lockFile).Evaluate(Step(), force: false).Decision;

        var restore = Assert.IsType<StepDecision.Restore>(decision);
        Assert.Equal(new StepReason(ReasonKind.OutputMissing, "out.txt"), restore.Reason);
        Assert.True(new ContentStore(layout.ContentFolder).Contains(restore.Entry.Outputs[0].Digest));
    }

    [Fact]
    public void Should_run_with_output_missing_when_the_cache_does_not_have_it()
    {
        using var ws = WorkspaceWhereTheCopyRan();
        var lockFile = LockAfterRun(ws, Step());
        ws.Delete("out.txt");

        var decision = Planner(ws, lockFile).Evaluate(Step(), force: false).Decision;

        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.OutputMissing, "out.txt")), decision);
    }

    [Fact]
    public void Should_be_up_to_date_remote_only_when_no_download_and_the_records_cover_the_missing_outputs()
    {
        // Given a run --no-download left out.txt in the remote cache
        using var ws = WorkspaceWhereTheCopyRan();
        var lockFile = LockAfterRun(ws, Step());
        var remoteOnly = LeftRemote(lockFile);
        ws.Delete("out.txt");

        // When
        var decision = Planner(ws, lockFile, remoteOnly: remoteOnly, noDownload: true).Evaluate(Step(), force: false).Decision;

        // Then
        var upToDate = Assert.IsType<StepDecision.UpToDate>(decision);
        Assert.True(upToDate.RemoteOnly);
        Assert.Equal(ReasonKind.RemoteOnly, upToDate.Reason.Kind);
    }

    [Fact]
    public void Should_restore_from_the_remote_with_reason_remote_only_when_run_without_the_flag()
    {
        // Given
        using var ws = WorkspaceWhereTheCopyRan();
        var lockFile = LockAfterRun(ws, Step());
        var remoteOnly = LeftRemote(lockFile);
        ws.Delete("out.txt");

        // When
        var decision = Planner(ws, lockFile, remoteOnly: remoteOnly).Evaluate(Step(), force: false).Decision;

        // Then: a run, which the worker serves from the remote cache first
        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.RemoteOnly)), decision);
    }

    [Fact]
    public void Should_not_trust_remote_only_records_of_another_content_than_the_lock_records()
    {
        // Given records whose digest is not the lock entry's
        using var ws = WorkspaceWhereTheCopyRan();
        var lockFile = LockAfterRun(ws, Step());
        var entry = lockFile.Find("s.copy")!;
        var remoteOnly = new RemoteOnlyOutputs([new RemoteOnlyFile("out.txt", "s.copy", entry.Fingerprint, ContentDigest.Of("other"u8), 5)]);
        ws.Delete("out.txt");

        // When
        var decision = Planner(ws, lockFile, remoteOnly: remoteOnly, noDownload: true).Evaluate(Step(), force: false).Decision;

        // Then
        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.OutputMissing, "out.txt")), decision);
    }

    [Fact]
    public void Should_run_when_forced_even_if_up_to_date()
    {
        using var ws = WorkspaceWhereTheCopyRan();
        var lockFile = LockAfterRun(ws, Step());

        var decision = Planner(ws, lockFile).Evaluate(Step(), force: true).Decision;

        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.Forced)), decision);
    }

    [Fact]
    public void Should_run_a_container_step_again_when_its_image_content_id_changes()
    {
        using var ws = WorkspaceWhereTheCopyRan();
        var step = Step() with { Kind = StepKind.Container, Image = "tools" };
        var planner = Planner(ws, LockFile.Empty("p"));
        var before = planner.Evaluate(step, force: false, new StepEnvironment(ImageId: "sha256:1111"));
        var recorder = new LockRecorder(LockFile.Empty("p"), [step.Id]);
        recorder.Record(before, new OutputRecorder(new WorkspaceLayout(ws.Root), new FileDigests(new WorkspaceLayout(ws.Root), new StatCache(), 1), new ContentStore(new WorkspaceLayout(ws.Root).ContentFolder)).Record(step, store: false));

        var same = Planner(ws, recorder.ToLockFile()).Evaluate(step, force: false, new StepEnvironment(ImageId: "sha256:1111"));
        var rebuilt = Planner(ws, recorder.ToLockFile()).Evaluate(step, force: false, new StepEnvironment(ImageId: "sha256:2222"));

        Assert.IsType<StepDecision.UpToDate>(same.Decision);
        Assert.Equal(new StepDecision.Run(new StepReason(ReasonKind.ImageChanged)), rebuilt.Decision);
        Assert.NotEqual(same.Fingerprint, rebuilt.Fingerprint);
    }

    /// <summary>A workspace holding the step's input and the output it wrote.</summary>
    private static TestWorkspace WorkspaceWhereTheCopyRan()
    {
        var ws = TestWorkspace.Create();
        ws.Write("in.txt", "1");
        ws.Write("out.txt", "result");
        return ws;
    }

    private static StepDefinition Step() => new()
    {
        Id = "s.copy",
        Stage = "s",
        Name = "copy",
        Kind = StepKind.Host,
        Command = "cp in.txt out.txt",
        Inputs = [new InputSpec("in.txt", InputKind.Path, false, default)],
        Outputs = [new OutputSpec("out.txt", false, default)],
        Location = default,
    };

    private static ParamSet Params(string depth) =>
        new(new MapValue([new("train", new MapValue([new("depth", new ScalarValue(depth))]))]));

    private static ExecutionPlanner Planner(TestWorkspace ws, LockFile lockFile, ParamSet? parameters = null, RemoteOnlyOutputs? remoteOnly = null, bool noDownload = false, FileDigests? digests = null)
    {
        var layout = new WorkspaceLayout(ws.Root);
        return new ExecutionPlanner(new PlannerContext(
            layout,
            digests ?? new FileDigests(layout, new StatCache(), 1),
            new StepCache(new ContentStore(layout.ContentFolder), new ActionCache(layout.ActionFolder, _ => { })),
            lockFile,
            parameters ?? ParamSet.Empty,
            _ => null)
        {
            RemoteOnly = remoteOnly ?? RemoteOnlyOutputs.Empty(),
            NoDownload = noDownload,
        });
    }

    /// <summary>The step's outputs as a run --no-download records them: by the lock entry's fingerprint and digests.</summary>
    private static RemoteOnlyOutputs LeftRemote(LockFile lockFile)
    {
        var entry = lockFile.Find("s.copy")!;
        return new([.. entry.Outputs.Select(o => new RemoteOnlyFile(o.Key, "s.copy", entry.Fingerprint, o.Value, 6))]);
    }

    /// <summary>Records the step as if it had just run, optionally storing its outputs in the cache.</summary>
    private static LockFile LockAfterRun(TestWorkspace ws, StepDefinition step, ParamSet? parameters = null, bool cache = false)
    {
        var layout = new WorkspaceLayout(ws.Root);
        var digests = new FileDigests(layout, new StatCache(), 1);
        var store = new ContentStore(layout.ContentFolder);
        var planner = Planner(ws, LockFile.Empty("p"), parameters);
        var evaluation = planner.Evaluate(step, force: false);
        var outputs = new OutputRecorder(layout, digests, store).Record(step, store: true);
        foreach (var input in evaluation.Inputs.Where(i => i.Listing is not null))
        {
            store.PutText(input.Listing!.Text);
        }

        if (cache)
        {
            new ActionCache(layout.ActionFolder, _ => { }).Put(new ActionEntry(evaluation.Fingerprint, outputs));
        }

        var recorder = new LockRecorder(LockFile.Empty("p"), [step.Id]);
        recorder.Record(evaluation, outputs);
        return recorder.ToLockFile();
    }
}
