namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// Expressions in <c>run</c> are data: a param, a params file or an environment variable never runs as
/// shell code, wherever the expression sits in the command; <c>${{ raw(…) }}</c> is the explicit opt-in.
/// Host steps run with <c>bash -e -o pipefail</c>.
/// </summary>
public sealed class ShellSafetyTests
{
    public static TheoryData<string> Payloads => new()
    {
        "$(touch pwned)",
        "`touch pwned`",
        "x; touch pwned",
        "x && touch pwned",
        "x | tee pwned",
        "it's'; touch pwned; echo '",
        "a\"; touch pwned; echo \"",
        "$HOME ${PATH} * ~ \\ \\\\ end",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Should_pass_a_param_from_the_command_line_as_one_word_without_running_it(string payload)
    {
        // Given a command that uses a param bare, inside double quotes and inside single quotes
        using var scenario = new Scenario("""
            pipeline: quoting
            params: { msg: hello }
            stages:
              s:
                steps:
                  echo:
                    run: |
                      printf '%s|' ${{ params.msg }} > bare.txt
                      printf '%s|' "in double ${{ params.msg }} quotes" > double.txt
                      printf '%s|' 'in single ${{ params.msg }} quotes' > single.txt
                    outputs: [bare.txt, double.txt, single.txt]
            """);

        // When the param comes from --param with shell syntax in it
        var (result, _) = scenario.Run("--param", $"msg={payload}");

        // Then nothing of it ran, and each place received the value verbatim as one word
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(scenario.Workspace.Exists("pwned"), "the param was executed as shell code");
        Assert.Equal(payload + "|", scenario.Workspace.Read("bare.txt"));
        Assert.Equal($"in double {payload} quotes|", scenario.Workspace.Read("double.txt"));
        Assert.Equal($"in single {payload} quotes|", scenario.Workspace.Read("single.txt"));
    }

    [Fact]
    public void Should_not_run_shell_syntax_from_a_params_file_an_environment_variable_or_a_here_document()
    {
        // Given values from a params file and from the environment, used in a command substitution and a here-document
        using var scenario = new Scenario("""
            pipeline: quoting
            params: { msg: hello }
            stages:
              s:
                steps:
                  echo:
                    run: |
                      echo "$(printf '%s' ${{ env.FROM_CI }})" > env.txt
                      cat > doc.txt <<EOF
                      msg: ${{ params.msg }}
                      EOF
                    outputs: [env.txt, doc.txt]
            """);
        scenario.Workspace.Write("params.yaml", "msg: |-\n  $(touch pwned) `touch pwned`\n  touch pwned\n");

        // When it runs
        var result = PipelineTool.Run(scenario.Root, new Dictionary<string, string> { ["FROM_CI"] = "a; touch pwned" }, "run", "--params-file", "params.yaml");

        // Then neither value ran
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(scenario.Workspace.Exists("pwned"), "a value was executed as shell code");
        Assert.Equal("a; touch pwned\n", scenario.Workspace.Read("env.txt"));
        Assert.Equal("msg: $(touch pwned) `touch pwned`\ntouch pwned\n", scenario.Workspace.Read("doc.txt"));

        // And a value holding the line that ends the here-document is refused before anything runs
        scenario.Workspace.Write("params.yaml", "msg: |-\n  x\n  EOF\n  touch pwned\n");
        var refused = PipelineTool.Run(scenario.Root, new Dictionary<string, string> { ["FROM_CI"] = "a" }, "run", "--params-file", "params.yaml");
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("PB2032", refused.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("pwned"), "a value was executed as shell code");
    }

    [Fact]
    public void Should_run_shell_syntax_from_a_param_only_through_the_raw_form()
    {
        // Given a param that is meant to be shell syntax, used through raw()
        using var scenario = new Scenario("""
            pipeline: raw
            params: { redirect: "> out.txt" }
            stages:
              s:
                steps:
                  echo:
                    run: echo made ${{ raw(params.redirect) }}
                    outputs: [out.txt]
            """);

        // When it runs
        var (result, _) = scenario.Run();

        // Then the shell interpreted it
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("made\n", scenario.Workspace.Read("out.txt"));
    }

    [Fact]
    public void Should_fail_a_multi_line_command_at_its_first_failing_line_and_cache_nothing()
    {
        // Given a command whose middle line fails, and one whose failure is inside a pipe
        using var scenario = new Scenario("""
            pipeline: failfast
            stages:
              s:
                steps:
                  lines:
                    run: |
                      echo a > a.txt
                      false
                      echo b > b.txt
                    outputs: [a.txt, b.txt]
                  piped:
                    run: false | cat > p.txt
                    outputs: [p.txt]
            """);

        // When it runs
        var (result, report) = scenario.Run("--keep-going");

        // Then both steps failed, the line after the failure never ran, and a rerun runs them again
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("s.lines"));
        Assert.Equal("failed", report.State("s.piped"));
        Assert.False(scenario.Workspace.Exists("b.txt"), "the line after the failing one ran");
        Assert.Equal("failed", scenario.Run("--keep-going").Report.State("s.lines"));
    }

    [Fact]
    public void Should_let_a_step_opt_out_of_stopping_at_the_first_failure_with_shell()
    {
        // Given a step that asks for a plain 'bash -c'
        using var scenario = new Scenario("""
            pipeline: optout
            stages:
              s:
                steps:
                  lines:
                    shell: bash -c
                    run: |
                      false
                      echo b > b.txt
                    outputs: [b.txt]
            """);

        // When it runs
        var (result, report) = scenario.Run();

        // Then the failing line did not stop it
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("ran", report.State("s.lines"));
        Assert.Equal("b\n", scenario.Workspace.Read("b.txt"));
    }

    [Fact]
    public void Should_run_even_a_simple_command_through_bash_when_the_tools_environment_gives_bash_a_startup_file()
    {
        // Given a simple command, which would otherwise start without bash, and a BASH_ENV set where the tool runs
        using var scenario = new Scenario("""
            pipeline: bashenv
            stages:
              s:
                steps:
                  copy:
                    run: cp in.txt out.txt
                    inputs: [in.txt]
                    outputs: [out.txt]
            """);
        scenario.Workspace.Write("in.txt", "x\n");
        scenario.Workspace.Write("startup.sh", "echo sourced >> bash-env-ran.txt\n");

        // When it runs
        var result = PipelineTool.Run(scenario.Root, new Dictionary<string, string> { ["BASH_ENV"] = Path.Combine(scenario.Root, "startup.sh") }, "run");

        // Then bash ran the command, and read the startup file first, as it did before simple commands started directly
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("x\n", scenario.Workspace.Read("out.txt"));
        Assert.Equal("sourced\n", scenario.Workspace.Read("bash-env-ran.txt"));
    }
}
