using Microsoft.Data.Sqlite;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Runs;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Runs;

public sealed class PackedStepsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 15, 4, 5, TimeSpan.Zero);
    private static readonly string Hex = new string('0', 56) + "deadbeef";

    [Fact]
    public void Should_read_back_every_field_of_up_to_date_steps_in_their_places_between_the_steps_that_ran()
    {
        // Given a run whose up-to-date steps lie between a step that ran, one that failed and one that was skipped
        using var ws = TestWorkspace.Create();
        var steps = new List<StepRecord>
        {
            new("prep", StepState.UpToDate, "up to date", TimeSpan.FromMilliseconds(3), Hex, null, 0, null, Start.AddTicks(1234567), "up-to-date"),
            new("fit", StepState.Ran, "input changed: data/a.csv", TimeSpan.FromMilliseconds(1500), Hex.Replace('0', '1'), 0, 1, null, Start, "input-changed", "local"),
            new("odd", StepState.UpToDate, "up to date", TimeSpan.Zero, "NOT-HEX", 7, 2, "an error text", null, null, "swarm", "node-1"),
            new("eval", StepState.Failed, "upstream changed", TimeSpan.FromMilliseconds(20), Hex, 1, 1, "exit code 1", Start, "upstream", "local"),
            new("plain", StepState.UpToDate, "up to date", TimeSpan.FromMilliseconds(1), null, null, 0, null),
            new("upper", StepState.UpToDate, "up to date", TimeSpan.FromMilliseconds(1), Hex.ToUpperInvariant(), null, 0, null),
            new("report", StepState.Skipped, "upstream failed: eval", TimeSpan.Zero, null, null, 0, null, Start, "upstream-failed"),
        };
        var path = ws.PathOf(".pipeline/runs.db");

        // When it is saved and read back by another connection
        using (var store = RunStore.Open(path))
        {
            store.Save(Run("00000000000000a1") with { Steps = steps });
        }

        using var reopened = RunStore.Open(path);
        var read = reopened.Get("00000000000000a1")!;

        // Then every step is as it was, in its place, and the up-to-date ones took one packed row and no step rows
        Assert.Equal(steps, read.Steps);
        Assert.Equal(3L, Scalar(path, "SELECT COUNT(*) FROM run_steps;"));
        Assert.Equal(4L, Scalar(path, "SELECT count FROM run_steps_packed;"));
    }

    [Fact]
    public void Should_record_a_no_op_of_a_thousand_steps_as_one_row_and_read_it_back_whole()
    {
        // Given a no-op of 1,000 steps
        using var ws = TestWorkspace.Create();
        var steps = Enumerable.Range(0, 1000)
            .Select(i => new StepRecord($"copy.f{i:d4}", StepState.UpToDate, "up to date", TimeSpan.FromMilliseconds(i % 3), Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(64, 'a'), null, 0, null, Start.AddTicks(i), "up-to-date", null, null))
            .ToList();
        var path = ws.PathOf(".pipeline/runs.db");

        // When
        using var store = RunStore.Open(path);
        store.Save(Run("00000000000000b1") with { Steps = steps });

        // Then
        Assert.Equal(0L, Scalar(path, "SELECT COUNT(*) FROM run_steps;"));
        Assert.Equal(1L, Scalar(path, "SELECT COUNT(*) FROM run_steps_packed;"));
        Assert.Equal(steps, store.Get("00000000000000b1")!.Steps);
        Assert.Equal(steps, store.List(1).Single().Steps);
    }

    [Fact]
    public void Should_count_packed_and_row_steps_alike_in_the_history_by_state()
    {
        // Given a run that ran one step and a no-op after it
        using var ws = TestWorkspace.Create();
        using var store = RunStore.Open(ws.PathOf(".pipeline/runs.db"));
        store.Save(Run("00000000000000c1") with { Steps = [Step("a", StepState.Ran), Step("b", StepState.UpToDate)] });
        store.Save(Run("00000000000000c2", 1) with { Steps = [Step("a", StepState.UpToDate), Step("b", StepState.UpToDate)] });

        // When
        var history = store.History("demo");

        // Then
        Assert.Equal(3, history.StepsByState["up-to-date"]);
        Assert.Equal(1, history.StepsByState["ran"]);
        Assert.Equal(["a", "b"], history.LatestRun!.Steps.Select(s => s.Id));
    }

    [Fact]
    public void Should_migrate_a_history_recorded_before_packing_and_read_its_old_step_rows_beside_new_packed_runs()
    {
        // Given a schema-5 history (as the tool before packing left it) whose no-op stored a row per step
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");
        using (var store = RunStore.Open(path))
        {
            store.Save(Run("00000000000000d1") with { Steps = [Step("a", StepState.Ran)] });
        }

        Execute(
            path,
            """
            DROP TABLE run_steps_packed;
            INSERT INTO run_steps (run_id, position, step_id, state, reason, duration_ms, fingerprint, exit_code, attempts, error, started_at, reason_code)
            VALUES ('00000000000000d1', 1, 'b', 'up-to-date', 'up to date', 0, 'ff', NULL, 0, NULL, NULL, 'up-to-date');
            PRAGMA user_version = 5;
            """);

        // When a tool with packing opens it and records a no-op
        using var migrated = RunStore.Open(path);
        migrated.Save(Run("00000000000000d2", 1) with { Steps = [Step("a", StepState.UpToDate), Step("b", StepState.UpToDate)] });

        // Then the old run reads as it was written, and the new one packed
        Assert.Equal([StepState.Ran, StepState.UpToDate], migrated.Get("00000000000000d1")!.Steps.Select(s => s.State));
        Assert.Equal(["a", "b"], migrated.Get("00000000000000d2")!.Steps.Select(s => s.Id));
        Assert.Equal((long)RunStoreSchema.Version, Scalar(path, "PRAGMA user_version;"));
    }

    [Fact]
    public void Should_remove_the_packed_steps_with_their_run()
    {
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");
        using var store = RunStore.Open(path);
        store.Save(Run("00000000000000e1") with { Experiment = "lr", Steps = [Step("a", StepState.UpToDate)] });

        Assert.Equal(1, store.RemoveExperiment("lr"));

        Assert.Equal(0L, Scalar(path, "SELECT COUNT(*) FROM run_steps_packed;"));
    }

    [Fact]
    public void Should_fail_with_the_history_error_when_the_packed_steps_are_damaged()
    {
        // Given a recorded no-op whose packed value was cut short
        using var ws = TestWorkspace.Create();
        var path = ws.PathOf(".pipeline/runs.db");
        using (var store = RunStore.Open(path))
        {
            store.Save(Run("00000000000000f1") with { Steps = [Step("a", StepState.UpToDate), Step("b", StepState.UpToDate)] });
        }

        Execute(path, "UPDATE run_steps_packed SET data = substr(data, 1, length(data) - 3);");

        // When / Then
        using var reopened = RunStore.Open(path);
        var error = Assert.Throws<PipelineException>(() => reopened.Get("00000000000000f1"));
        Assert.Equal(RunCodes.StoreFailure, error.Code);
    }

    [Fact]
    public void Should_refuse_every_truncation_and_any_trailing_byte_of_a_packed_value()
    {
        // Given
        var data = PackedSteps.Pack([(0, Step("a", StepState.UpToDate)), (4, new StepRecord("b", StepState.UpToDate, "up to date", TimeSpan.FromMilliseconds(9), Hex, 3, 1, "e", Start, "up-to-date", "local", "n"))]);

        // When / Then
        Assert.Equal(2, PackedSteps.Unpack(data).Count);
        for (var length = 0; length < data.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => PackedSteps.Unpack(data[..length]));
        }

        Assert.Throws<InvalidDataException>(() => PackedSteps.Unpack([.. data, 0]));
        Assert.Throws<InvalidDataException>(() => PackedSteps.Unpack([2, .. data[1..]]));
    }

    private static StepRecord Step(string id, StepState state) =>
        new(id, state, state == StepState.Ran ? "input changed: x" : "up to date", TimeSpan.FromMilliseconds(5), Hex, state == StepState.Ran ? 0 : null, state == StepState.Ran ? 1 : 0, null, Start, "up-to-date");

    private static RunRecord Run(string id, int minutes = 0) => new()
    {
        Id = id,
        Pipeline = "demo",
        PipelineFile = "pipeline.yaml",
        StartedAt = Start.AddMinutes(minutes),
        EndedAt = Start.AddMinutes(minutes).AddSeconds(3),
        Status = RunStatus.Succeeded,
        ToolVersion = "0.1.0",
    };

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
