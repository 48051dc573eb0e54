namespace PipelineBuild.EndToEnd.Tests.Pictures;

public sealed class RunHtmlTests
{
    [Fact]
    public void Should_write_the_report_of_the_run_just_recorded_with_run_html()
    {
        // Given
        using var scenario = new Scenario("""
            pipeline: one
            stages:
              s:
                steps:
                  a:
                    run: printf '{"score":3}' > score.json
                    metrics: [score.json]
            """);

        // When
        var result = scenario.Tool("run", "--html", "report.html");

        // Then
        Assert.True(result.ExitCode == 0, result.ToString());
        var runId = scenario.Tool("runs", "--json").Stdout.Split('"')[3];
        var html = scenario.Workspace.Read("report.html");
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains($"\"id\":\"{runId}\"", html, StringComparison.Ordinal);
        Assert.Contains("\"score\":3", html, StringComparison.Ordinal);
        Assert.Contains("connect-src 'none'", html, StringComparison.Ordinal);
    }
}
