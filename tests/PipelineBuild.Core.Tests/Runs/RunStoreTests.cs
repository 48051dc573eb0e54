using Microsoft.Data.Sqlite;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Runs;

public sealed class RunStoreTests
{
    [Fact]
    public void Should_read_back_a_saved_run_with_params_steps_metrics_and_git_state()
    {
        // Given
        using var ws = TestWorkspace.Create();
        var run = Run("0cfcc6c0398f666b", DateTimeOffset.UnixEpoch.AddDays(20000)) with
        {
            Git = new GitState(new string('a', 40), "main", Dirty: true, "."),
            Params = [new("seed", "42"), new("train.depth", "7")],
            Steps = [new StepRecord("train.fit", StepState.Ran, "param changed: train.depth", TimeSpan.FromMilliseconds(1234), "ff", 0, 1, null)],
            Metrics = [new MetricValue("train.fit", "metrics/train.json", "acc", 0.93), new MetricValue("train.fit", "metrics/train.json", "loss", double.NaN)],
        };

        // When
        using (var store = RunStore.Open(ws.PathOf(".pipeline/runs.db")))
        {
            store.Save(run);
        }

        using var reopened = RunStore.Open(ws.PathOf(".pipeline/runs.db"));
        var read = reopened.Get(run.Id)!;

        // Then
        Assert.Equal("main", read.Git!.Branch);
        Assert.True(read.Git.Dirty);
        Assert.Equal(run.Params, read.Params);
        Assert.Equal(StepState.Ran, read.Steps.Single().State);
        Assert.Equal(TimeSpan.FromMilliseconds(1234), read.Steps.Single().Duration);
        Assert.Equal(0.93, read.Metrics[0].Value);
        Assert.True(double.IsNaN(read.Metrics[1].Value));
        Assert.Equal(run.StartedAt, read.StartedAt);
    }

    [Fact]
    public void Should_give_each_step_the_duration_of_its_newest_run_among_the_recent_runs_and_ignore_up_to_date_steps()
    {
        // Given an old run that ran fit and prep, a newer run that ran fit again, then a no-op
        using var ws = TestWorkspace.Create();
        var start = DateTimeOffset.UnixEpoch.AddDays(20000);
        using var store = RunStore.Open(ws.PathOf(".pipeline/runs.db"));
        store.Save(Run("0000000000000001", start) with
        {
            Steps = [Step("prep", StepState.Ran, 100), Step("fit", StepState.Ran, 200), Step("old", StepState.Ran, 50)],
        });
        store.Save(Run("0000000000000002", start.AddMinutes(1)) with { Steps = [Step("fit", StepState.Ran, 300), Step("prep", StepState.UpToDate, 1)] });
        store.Save(Run("0000000000000003", start.AddMinutes(2)) with { Steps = [Step("fit", StepState.UpToDate, 2), Step("prep", StepState.UpToDate, 2)] });
        store.Save(Run("0000000000000004", start.AddMinutes(3)) with { Steps = [Step("fit", StepState.UpToDate, 2)] });

        // When the newest three runs are read, and then all four
        var recent = store.RecentDurations(3);
        var all = store.RecentDurations(4);

        // Then the newest run that ran a step gives its duration; runs outside the window count for nothing
        Assert.Equal(TimeSpan.FromMilliseconds(300), recent["fit"]);
        Assert.False(recent.ContainsKey("prep"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), all["prep"]);
        Assert.Equal(TimeSpan.FromMilliseconds(50), all["old"]);
        Assert.Equal(TimeSpan.FromMilliseconds(300), all["fit"]);
    }

    [Fact]
    public async Task Should_keep_every_run_when_several_processes_write_at_once()
    {
        // Given four writers, each with its own connection, as concurrent tools would have
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");
        var start = DateTimeOffset.UtcNow;

        // When they each record 15 runs at the same time (opening, hence migrating, at the same time too)
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(() =>
        {
            using var store = RunStore.Open(path);
            for (var i = 0; i < 15; i++)
            {
                store.Save(Run($"{writer:x8}{i:x8}", start.AddSeconds(i)));
            }
        })));

        // Then
        using var reader = RunStore.Open(path);
        Assert.Equal(60, reader.Ids().Count);
    }

    [Fact]
    public void Should_refuse_a_history_written_by_a_newer_tool()
    {
        // Given a database whose schema version is ahead of this tool
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf("runs.db");
        using (var store = RunStore.Open(path))
        {
            store.Save(Run("0000000000000001", DateTimeOffset.UtcNow));
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        // When / Then
        var error = Assert.Throws<PipelineException>(() => RunStore.Open(path));
        Assert.Equal(RunCodes.NewerSchema, error.Code);
        Assert.Contains("update PipelineBuild", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_list_runs_newest_first()
    {
        using var ws = TestWorkspace.Create();
        using var store = RunStore.Open(ws.PathOf("runs.db"));
        var now = DateTimeOffset.UtcNow;
        store.Save(Run("00000000000000aa", now.AddMinutes(-2)));
        store.Save(Run("00000000000000bb", now));
        store.Save(Run("00000000000000cc", now.AddMinutes(-1)));

        Assert.Equal(["00000000000000bb", "00000000000000cc", "00000000000000aa"], store.Ids());
        Assert.Equal(2, store.List(2).Count);
    }

    [Fact]
    public void Should_keep_a_closed_run_in_the_log_for_the_next_connection_without_folding_it_in()
    {
        // Given a run saved by one tool, which then closes the history as it exits
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");
        using (var store = RunStore.Open(path))
        {
            store.Save(Run("0000000000000001", DateTimeOffset.UtcNow));
        }

        // When the next tool opens it
        var log = new FileInfo(path + "-wal");
        using var reader = RunStore.Open(path);

        // Then the run was left in the log (closing did not checkpoint and sync), and the next tool reads it
        Assert.True(log.Exists && log.Length > 0, "the log was folded into the database on close");
        Assert.Equal(["0000000000000001"], reader.Ids());
    }

    [Fact]
    public void Should_fold_the_log_into_the_database_before_it_grows_past_its_bound()
    {
        // Given a history that 120 no-op runs of 1,000 steps record one after the other, each tool closing it
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");
        var start = DateTimeOffset.UnixEpoch.AddDays(20000);
        var steps = Enumerable.Range(0, 1000).Select(i => Step($"s.t{i:d4}", StepState.UpToDate, 1) with { Fingerprint = new string('a', 64) }).ToList();
        long largest = 0;
        for (var i = 0; i < 120; i++)
        {
            using (var store = RunStore.Open(path))
            {
                store.Save(Run($"{i:x16}", start.AddMinutes(i)) with { Steps = steps });
            }

            largest = Math.Max(largest, new FileInfo(path + "-wal").Length);
        }

        // When it is read
        using var reader = RunStore.Open(path);

        // Then every run is there with every step, and the log never held much more than its checkpoint size
        Assert.Equal(120, reader.Ids().Count);
        Assert.Equal(1000, reader.Get($"{119:x16}")!.Steps.Count);
        Assert.InRange(largest, 1, 2 * RunStore.CheckpointLogBytes);
        Assert.True(new FileInfo(path).Length > RunStore.CheckpointLogBytes, "the log was never folded into the database");
    }

    private static StepRecord Step(string id, StepState state, int milliseconds) =>
        new(id, state, "", TimeSpan.FromMilliseconds(milliseconds), "ff", 0, 1, null);

    private static RunRecord Run(string id, DateTimeOffset started) => new()
    {
        Id = id,
        Pipeline = "demo",
        PipelineFile = "pipeline.yaml",
        StartedAt = started,
        EndedAt = started.AddSeconds(3),
        Status = RunStatus.Succeeded,
        ToolVersion = "0.1.0",
    };
}
