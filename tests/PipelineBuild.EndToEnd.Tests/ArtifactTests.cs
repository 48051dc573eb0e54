using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests;

public sealed class ArtifactTests
{
    [Fact]
    public void Should_publish_a_new_version_only_when_the_content_changes()
    {
        using var scenario = MlScenario.Create();

        // When the pipeline runs, runs again unchanged, then with another param
        var (_, first) = scenario.Run();
        var (_, unchanged) = scenario.Run();
        var (_, changed) = scenario.Run("--param", "train.depth=7");

        // Then 1.0.0, no new version for the same content, then the next patch; the data set keeps its version
        Assert.Equal(("1.0.0", true), first.Artifact("iris-model"));
        Assert.Equal(("0.1.0", true), first.Artifact("iris-data"));
        Assert.Equal(("1.0.0", false), unchanged.Artifact("iris-model"));
        Assert.Equal(("1.0.1", true), changed.Artifact("iris-model"));
        Assert.Equal(("0.1.0", false), changed.Artifact("iris-data"));
        var list = scenario.Json("artifacts", "list").EnumerateArray().Select(a => $"{a.GetProperty("name").GetString()}@{a.GetProperty("version").GetString()}");
        Assert.Equal(["iris-data@0.1.0", "iris-model@1.0.1", "iris-model@1.0.0"], list);
    }

    [Fact]
    public void Should_refuse_to_publish_other_content_under_an_exact_version_that_exists()
    {
        // Given an exact version, published once
        using var scenario = MlScenario.Create(MlScenario.Pipeline.Replace("version: 1.0.x", "version: 2.0.0", StringComparison.Ordinal));
        scenario.Tool("run").Succeeds();
        var published = scenario.Json("artifacts", "show", "iris-model@2.0.0").GetProperty("digest").GetString();

        // When the model changes but the version does not
        var (result, report) = scenario.Run("--param", "train.depth=9");

        // Then the run fails naming the version and what to do; the published version is untouched
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.Status);
        Assert.Contains("pipeline.yaml(29,3): error PB8102: version 2.0.0 of artifact 'iris-model' is already published with other content", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("raise 'version'", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(published, scenario.Json("artifacts", "show", "iris-model@2.0.0").GetProperty("digest").GetString());
        Assert.Equal("failed", scenario.Json("runs", "show", "latest").GetProperty("status").GetString());
    }

    [Fact]
    public void Should_move_aliases_with_promote_and_resolve_them_everywhere()
    {
        using var scenario = MlScenario.Create();
        scenario.Tool("run").Succeeds();
        scenario.Tool("run", "--param", "train.depth=7").Succeeds();

        // When
        scenario.Tool("artifacts", "promote", "iris-model@1.0.0", "--alias", "production").Succeeds();
        var production = scenario.Json("artifacts", "show", "iris-model@production");
        var moved = scenario.Tool("artifacts", "promote", "iris-model@1.0.1", "--alias", "production");
        var lineage = scenario.Json("lineage", "iris-model@production");
        var badAlias = scenario.Tool("artifacts", "promote", "iris-model@1.0.1", "--alias", "2.0.0");
        var unknown = scenario.Tool("artifacts", "show", "iris-model@staging");

        // Then
        Assert.Equal("1.0.0", production.GetProperty("version").GetString());
        Assert.Equal(["production"], production.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("iris-model@production -> 1.0.1 (was 1.0.0)", moved.Stdout, StringComparison.Ordinal);
        Assert.Equal("1.0.1", lineage.GetProperty("version").GetString());
        Assert.Equal(2, badAlias.ExitCode);
        Assert.Contains("PB8104", badAlias.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("aliases: production", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_show_an_artifact_with_files_and_lineage_in_the_spec_shape()
    {
        using var scenario = MlScenario.Create();
        var (_, report) = scenario.Run("--param", "train.lr=0.5");

        var show = scenario.Json("artifacts", "show", "iris-model");

        Assert.Equal("1.0.0", show.GetProperty("version").GetString());
        Assert.Equal("model.txt", show.GetProperty("files")[0].GetProperty("path").GetString());
        var lineage = show.GetProperty("lineage");
        Assert.Equal(report.RunId, lineage.GetProperty("runId").GetString());
        Assert.Equal(MlScenario.Git(scenario.Root, "rev-parse", "HEAD"), lineage.GetProperty("gitCommit").GetString());
        Assert.Equal("0.5", lineage.GetProperty("params").GetProperty("train.lr").GetString());
        Assert.Equal(0.95, lineage.GetProperty("metrics").GetProperty("eval.yaml").GetProperty("accuracy").GetDouble());
        Assert.True(lineage.GetProperty("inputs").TryGetProperty("data/raw.csv", out _));
        Assert.Equal(["prepare.split", "train.fit"], lineage.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Object, lineage.GetProperty("images").ValueKind);
        Assert.Equal(["iris-data@0.1.0"], lineage.GetProperty("upstream").EnumerateArray().Select(u => u.GetString()));
        Assert.False(string.IsNullOrEmpty(lineage.GetProperty("toolVersion").GetString()));
    }

    [Fact]
    public void Should_print_the_lineage_tree_from_artifact_to_inputs_with_digests()
    {
        using var scenario = MlScenario.Create();
        scenario.Tool("run").Succeeds();

        var text = scenario.Tool("lineage", "iris-model@1.0.0");
        var json = scenario.Json("lineage", "iris-model@1.0.0");

        text.Succeeds();
        Assert.StartsWith("iris-model@1.0.0  sha256:", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("step train.fit", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("data/split/", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("(from prepare.split)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("upstream artifact iris-data@0.1.0", text.Stdout, StringComparison.Ordinal);
        // Metrics stay with the step that wrote them: train.fit's line is followed by its metrics.
        var lines = text.Stdout.Split('\n');
        var fitLine = Array.FindIndex(lines, l => l.Contains("step train.fit", StringComparison.Ordinal));
        Assert.Matches(@"^\W*metrics +train\.loss=0\.5", lines[fitLine + 1].Trim());
        Assert.DoesNotContain("train.loss", lines[fitLine - 1], StringComparison.Ordinal);
        var fit = json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "train.fit");
        Assert.Equal("prepare.split", fit.GetProperty("inputs")[0].GetProperty("from").GetString());
        Assert.Equal(64, json.GetProperty("inputs").GetProperty("data/raw.csv").GetString()!.Length);
    }

    [Fact]
    public void Should_write_a_version_into_a_folder_and_refuse_to_overwrite_other_content()
    {
        using var scenario = MlScenario.Create();
        scenario.Tool("run").Succeeds();
        scenario.Tool("run", "--param", "train.depth=8").Succeeds();
        var output = scenario.Workspace.PathOf("fetched");

        // When
        scenario.Tool("artifacts", "get", "iris-model@1.0.0", "-o", output).Succeeds();
        var conflict = scenario.Tool("artifacts", "get", "iris-model@1.0.1", "-o", output);
        var forced = scenario.Tool("artifacts", "get", "iris-model@1.0.1", "-o", output, "--force");

        // Then
        Assert.Equal(2, conflict.ExitCode);
        Assert.Contains("PB8108", conflict.Stderr, StringComparison.Ordinal);
        forced.Succeeds();
        Assert.StartsWith("depth=8", scenario.Workspace.Read("fetched/model.txt"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_an_invalid_version_or_publish_target_with_its_location()
    {
        using var scenario = MlScenario.Create(MlScenario.Pipeline
            .Replace("version: 1.0.x", "version: one", StringComparison.Ordinal)
            .Replace("path: data/split/", "path: data/split/\n    publish: [s3://bucket]", StringComparison.Ordinal));

        var result = scenario.Tool("validate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yaml(31,14): error PB2010: 'one' is not a version of artifact 'iris-model'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error PB2010: 's3://bucket' is not a publish target of artifact 'iris-data'", result.Stderr, StringComparison.Ordinal);
    }
}
