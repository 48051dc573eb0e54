namespace PipelineBuild.EndToEnd.Tests.Docker;

/// <summary>Container steps run <c>sh -e</c>: expressions are quoted for it, a failing line fails the step, a secret reaches it by name.</summary>
public sealed class ContainerShellTests
{
    [DockerFact]
    public void Should_quote_params_for_sh_stop_at_a_failing_line_and_pass_a_secret_by_name()
    {
        // Given container steps: one echoing a param, one with a failing middle line, one using a secret
        TestEngine.EnsureAvailable();
        using var scenario = new Scenario($"""
            pipeline: boxed
            secrets: [BOX_TOKEN]
            params: {"{"} msg: hello {"}"}
            stages:
              s:
                image: {TestEngine.BaseImage}
                steps:
                  echo:
                    run: printf '%s|' ${"{{"} params.msg {"}}"} "in ${"{{"} params.msg {"}}"}" > echo.txt
                    outputs: [echo.txt]
                  lines:
                    run: |
                      false
                      echo b > b.txt
                    outputs: [b.txt]
                  secret:
                    run: printf '%s' ${"{{"} env.BOX_TOKEN {"}}"} > token-length.txt && wc -c < token-length.txt > length.txt && rm token-length.txt
                    outputs: [length.txt]
            """);

        // When it runs with shell syntax in the param and a secret in the environment
        var result = PipelineTool.Run(
            scenario.Root,
            new Dictionary<string, string> { ["BOX_TOKEN"] = "twelve-chars" },
            "run", "--keep-going", "--param", "msg=$(touch pwned); touch pwned", "--report", "report.json");

        // Then the param was data, the failing line failed its step, and the secret reached the container
        var report = ReportReader.Read(scenario.Workspace.PathOf("report.json"));
        Assert.False(scenario.Workspace.Exists("pwned"), "the param was executed as shell code");
        Assert.Equal("$(touch pwned); touch pwned|in $(touch pwned); touch pwned|", scenario.Workspace.Read("echo.txt"));
        Assert.Equal("failed", report.State("s.lines"));
        Assert.False(scenario.Workspace.Exists("b.txt"), "the line after the failing one ran");
        Assert.Equal("ran", report.State("s.secret"));
        Assert.Equal("12", scenario.Workspace.Read("length.txt").Trim());
        Assert.Equal(1, result.ExitCode);
    }
}
