namespace PipelineBuild.EndToEnd.Tests;

public sealed class RunHistoryTests
{
    [Fact]
    public void Should_record_every_run_with_params_steps_metrics_and_the_git_commit()
    {
        // Given a pipeline in a git repository
        using var scenario = MlScenario.Create();
        var head = MlScenario.Git(scenario.Root, "rev-parse", "HEAD");

        // When it runs twice, the second time with another param
        scenario.Tool("run").Succeeds();
        scenario.Tool("run", "--param", "train.depth=7").Succeeds();

        // Then both runs are in the history, newest first, with what they used and measured
        var runs = scenario.Json("runs");
        Assert.Equal(2, runs.GetArrayLength());
        var newest = scenario.Json("runs", "show", runs[0].GetProperty("id").GetString()!);
        Assert.Equal("succeeded", newest.GetProperty("status").GetString());
        Assert.Equal(head, newest.GetProperty("git").GetProperty("commit").GetString());
        Assert.False(newest.GetProperty("git").GetProperty("dirty").GetBoolean());
        Assert.Equal("7", newest.GetProperty("params").GetProperty("train.depth").GetString());
        Assert.Equal(0.7, newest.GetProperty("metrics").GetProperty("metrics-train.json").GetProperty("train.loss").GetDouble());
        Assert.Equal("NaN", newest.GetProperty("metrics").GetProperty("metrics-train.json").GetProperty("auc").GetString());
        Assert.Equal(0.97, newest.GetProperty("metrics").GetProperty("eval.yaml").GetProperty("accuracy").GetDouble());
        var steps = newest.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("state").GetString());
        Assert.Equal("up-to-date", steps["prepare.split"]);
        Assert.Equal("ran", steps["train.fit"]);
        Assert.True(scenario.Workspace.Exists(".pipeline/runs.db"));
    }

    [Fact]
    public void Should_compare_two_runs_showing_changed_params_and_metrics_with_deltas()
    {
        using var scenario = MlScenario.Create();
        scenario.Tool("run").Succeeds();
        scenario.Tool("run", "--param", "train.depth=7").Succeeds();

        // When
        var diff = scenario.Json("compare", "latest~1", "latest");
        var text = scenario.Tool("compare", "latest~1", "latest");
        var all = scenario.Json("compare", "latest~1", "latest", "--all");

        // Then only what changed, old / new / diff, DVC style
        var depth = diff.GetProperty("params").GetProperty("train.depth");
        Assert.Equal("5", depth.GetProperty("old").GetString());
        Assert.Equal("7", depth.GetProperty("new").GetString());
        Assert.Equal(2, depth.GetProperty("diff").GetDouble());
        Assert.False(diff.GetProperty("params").TryGetProperty("seed", out _));
        var accuracy = diff.GetProperty("metrics").GetProperty("eval.yaml").GetProperty("accuracy");
        Assert.Equal(0.95, accuracy.GetProperty("old").GetDouble());
        Assert.Equal(0.97, accuracy.GetProperty("new").GetDouble());
        Assert.Equal(0.02, accuracy.GetProperty("diff").GetDouble(), 9);
        Assert.Contains("train.depth  5    7    +2", text.Stdout, StringComparison.Ordinal);
        Assert.Equal("42", all.GetProperty("params").GetProperty("seed").GetProperty("new").GetString());
    }

    [Fact]
    public void Should_accept_abbreviated_run_ids_and_latest_with_an_offset()
    {
        using var scenario = MlScenario.Create();
        scenario.Tool("run").Succeeds();
        scenario.Tool("run", "--param", "train.depth=6").Succeeds();
        var ids = scenario.Json("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();

        // When
        var byPrefix = scenario.Json("runs", "show", ids[1][..10]);
        var byOffset = scenario.Json("runs", "show", "latest~1");
        var ambiguous = scenario.Tool("runs", "show", ids[0][..4]);
        var unknown = scenario.Tool("compare", "latest~1", "ffffffff");

        // Then
        Assert.Equal(ids[1], byPrefix.GetProperty("id").GetString());
        Assert.Equal(ids[1], byOffset.GetProperty("id").GetString());
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("PB8004", ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Contains(ids[0], ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("ffffffff: error PB8003: no such run", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_show_metrics_and_diff_params_of_recorded_runs()
    {
        using var scenario = MlScenario.Create();
        scenario.Tool("run").Succeeds();
        scenario.Tool("run", "--param", "train.lr=0.01").Succeeds();

        var metrics = scenario.Tool("metrics", "show");
        var metricsJson = scenario.Json("metrics", "show", "latest~1");
        var paramsDiff = scenario.Tool("params", "diff", "latest~1", "latest");

        metrics.Succeeds();
        Assert.Contains("eval.yaml           accuracy    0.95", metrics.Stdout, StringComparison.Ordinal);
        Assert.Equal(0.5, metricsJson.GetProperty("metrics-train.json").GetProperty("train.loss").GetDouble());
        Assert.Contains("train.lr  0.1  0.01", paramsDiff.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("train.depth", paramsDiff.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_record_a_failed_run_as_failed_and_publish_nothing()
    {
        using var scenario = MlScenario.Create(MlScenario.Pipeline.Replace("cat data/split/train.csv >> models/model.txt", "exit 3", StringComparison.Ordinal));

        var result = scenario.Tool("run");

        Assert.Equal(1, result.ExitCode);
        var run = scenario.Json("runs", "show", "latest");
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "train.fit").GetProperty("exitCode").GetInt32());
        Assert.Equal(0, run.GetProperty("artifacts").GetArrayLength());
        Assert.Equal(0, scenario.Json("artifacts", "list").GetArrayLength());
    }

    [Fact]
    public void Should_say_where_to_look_when_there_is_no_history_yet()
    {
        using var scenario = new Scenario("pipeline: x\nstages:\n  s:\n    steps:\n      a: { run: 'true' }\n");
        var empty = scenario.Tool("runs");
        var nowhere = PipelineTool.Run(Path.GetTempPath(), "runs", "-C", Path.Combine(Path.GetTempPath(), "pb-no-such-" + Guid.NewGuid().ToString("N")[..6]));

        empty.Succeeds();
        Assert.Contains("no runs recorded yet", empty.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, nowhere.ExitCode);
        Assert.Contains("PB8001", nowhere.Stderr, StringComparison.Ordinal);
    }
}
