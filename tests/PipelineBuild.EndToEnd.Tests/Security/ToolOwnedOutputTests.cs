namespace PipelineBuild.EndToEnd.Tests.Security;

/// <summary>Outputs are deleted before a step runs, so an output may never be git's or the tool's own file.</summary>
public sealed class ToolOwnedOutputTests
{
    [Theory]
    [InlineData(".git/")]
    [InlineData(".git/config")]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData(".pipeline/")]
    [InlineData(".pipeline/runs.db")]
    [InlineData(".pipeline/lock")]
    [InlineData("pipeline.lock")]
    [InlineData("pipeline.yaml")]
    public void Should_reject_an_output_the_tool_owns_in_validate_and_run_and_touch_nothing(string output)
    {
        // Given a repository whose pipeline declares a tool-owned output
        using var scenario = MlScenario.Create($"""
            pipeline: owned
            stages:
              build:
                steps:
                  clobber:
                    run: rm -rf .git && echo ran > executions.log
                    outputs: [{output}]
            """);

        // When
        var validate = scenario.Tool("validate");
        var run = scenario.Tool("run");

        // Then both refuse it at load time, with its position; nothing ran, .git is intact
        foreach (var result in new[] { validate, run })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"pipeline.yaml(7,19): error PB3011: output '{output}' of step 'build.clobber'", result.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(0, scenario.Executions());
        Assert.True(File.Exists(scenario.Workspace.PathOf(".git/HEAD")));
    }
}
