namespace PipelineBuild.EndToEnd.Tests;

public sealed class ReproduceTests
{
    [Fact]
    public void Should_rebuild_a_version_from_its_commit_inputs_and_params_after_everything_moved_on()
    {
        // Given a version built with an overridden param, then new data and a new default committed
        using var scenario = MlScenario.Create();
        scenario.Tool("run", "--param", "train.depth=7").Succeeds();
        scenario.Workspace.Write("data/raw.csv", "sepal,petal\n9.9,9.9\n");
        scenario.Workspace.Write("pipeline.yaml", MlScenario.Pipeline.Replace("depth: 5", "depth: 3", StringComparison.Ordinal));
        MlScenario.Commit(scenario.Root, "new data, new default");
        scenario.Tool("run").Succeeds();

        // When
        var result = scenario.Tool("reproduce", "iris-model@1.0.0");

        // Then the rebuild used what was recorded and came out identical; the temporary worktree is gone
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("✔ iris-model@1.0.0 reproduced", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("train.fit      same         match", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("pipeline-reproduce", MlScenario.Git(scenario.Root, "worktree", "list"), StringComparison.Ordinal);
        Assert.StartsWith("depth=3", scenario.Workspace.Read("models/model.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_first_step_whose_outputs_differ_when_a_step_is_not_deterministic()
    {
        // Given a training step that writes the time into the model
        using var scenario = MlScenario.Create(MlScenario.Pipeline.Replace(
            "cat data/split/train.csv >> models/model.txt",
            "date +%s%N >> models/model.txt",
            StringComparison.Ordinal));
        scenario.Tool("run").Succeeds();

        // When
        var result = scenario.Tool("reproduce", "iris-model@1.0.0");

        // Then
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("prepare.split  same         match", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("train.fit      same         differ: models/", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("iris-model@1.0.0 not reproduced", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("first differing step: train.fit", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_exit_2_naming_the_recorded_inputs_that_are_no_longer_available()
    {
        // Given a version made outside git whose recorded inputs were then deleted from the store
        using var scenario = MlScenario.Create(git: false);
        scenario.Tool("run").Succeeds();
        scenario.Workspace.Delete(".pipeline/artifacts/objects");

        // When
        var result = scenario.Tool("reproduce", "iris-model@1.0.0");

        // Then
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error PB8109", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("data/raw.csv", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("pipeline.yaml (the pipeline file)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reproduce_without_git_from_the_inputs_kept_in_the_store()
    {
        using var scenario = MlScenario.Create(git: false);
        scenario.Tool("run").Succeeds();
        scenario.Workspace.Delete("data/raw.csv");

        var result = scenario.Tool("reproduce", "iris-data@0.1.0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("reproduced", result.Stdout, StringComparison.Ordinal);
    }
}
