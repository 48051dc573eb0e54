namespace PipelineBuild.EndToEnd.Tests;

/// <summary>The real tool reuses the validated definition on a no-op and sees every edit of the pipeline file.</summary>
public sealed class DefinitionCacheTests
{
    private static readonly Dictionary<string, string> Timings = new(StringComparer.Ordinal) { ["PIPELINEBUILD_TIMINGS"] = "1" };

    [Fact]
    public void Should_run_the_new_command_after_the_pipeline_file_is_edited_between_two_cached_runs()
    {
        // Given a pipeline that ran until its definition came from the cache
        using var scenario = new Scenario(Pipeline("one"));
        Run(scenario);
        Run(scenario);
        var cached = Run(scenario);
        Assert.Contains("timing: load-cached", cached.Stderr, StringComparison.Ordinal);
        Assert.Equal("one", scenario.Workspace.Read("out/word.txt").Trim());

        // When the command is edited (same length, same modification time) and it runs again
        var time = File.GetLastWriteTimeUtc(scenario.Workspace.PathOf("pipeline.yaml"));
        scenario.Workspace.Write("pipeline.yaml", Pipeline("two"));
        File.SetLastWriteTimeUtc(scenario.Workspace.PathOf("pipeline.yaml"), time);
        var edited = Run(scenario);

        // Then the file was loaded, the new command ran, and the run after that uses the cache again
        Assert.DoesNotContain("timing: load-cached", edited.Stderr, StringComparison.Ordinal);
        Assert.Equal("two", scenario.Workspace.Read("out/word.txt").Trim());
        Assert.Contains("timing: load-cached", Run(scenario).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_load_the_file_when_the_cache_is_bypassed()
    {
        // Given a pipeline whose definition is cached
        using var scenario = new Scenario(Pipeline("one"));
        Run(scenario);
        Run(scenario);

        // When it runs with PIPELINEBUILD_NO_DEFINITION_CACHE=1
        var bypassed = PipelineTool.Run(scenario.Root, new Dictionary<string, string>(Timings, StringComparer.Ordinal) { ["PIPELINEBUILD_NO_DEFINITION_CACHE"] = "1" }, "run");

        // Then the file is loaded
        Assert.Equal(0, bypassed.ExitCode);
        Assert.Contains("timing: load ", bypassed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("timing: load-cached", bypassed.Stderr, StringComparison.Ordinal);
    }

    private static ToolResult Run(Scenario scenario)
    {
        var result = PipelineTool.Run(scenario.Root, Timings, "run");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static string Pipeline(string word) => $$"""
        pipeline: demo
        stages:
          s:
            steps:
              say:
                run: mkdir -p out && echo {{word}} > out/word.txt
                outputs: [out/word.txt]
        """;
}
