using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PipelineBuild.EndToEnd.Tests;

public sealed partial class GuidanceTests
{
    private const string Pipeline = """
        pipeline: demo
        stages:
          prepare:
            steps:
              split:
                run: echo split > split.txt
                outputs: [split.txt]
          train:
            steps:
              fit:
                run: cat split.txt > model.txt
                inputs: [split.txt]
                outputs: [model.txt]
        """;

    [Fact]
    public void Should_suggest_the_nearest_command_and_option_for_a_typo()
    {
        using var scenario = new Scenario(Pipeline);

        var command = scenario.Tool("rn");
        var option = scenario.Tool("run", "--forse");

        Assert.Equal(2, command.ExitCode);
        Assert.Contains("error PB1001", command.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'run'?", command.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, option.ExitCode);
        Assert.Contains("did you mean '--force'?", option.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_print_the_help_with_dotnet_pipeline_and_optional_arguments_when_called_without_arguments()
    {
        using var scenario = new Scenario(Pipeline);

        var result = scenario.Tool();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  dotnet pipeline [command] [options]", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet-pipeline [command]", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n  run \[<FILE>\]\s+Run the steps", result.Stdout);
        Assert.Matches(@"\n  compare <RUN_A> <RUN_B>\s+Compare", result.Stdout);
        Assert.Contains("exp", result.Stdout, StringComparison.Ordinal);
        var run = scenario.Tool("run", "--help");
        Assert.Contains("dotnet pipeline run [<FILE>] [options]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("(default: the number of cores)", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[default: " + Environment.ProcessorCount + "]", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _dotnet_pipeline_complete dotnet-pipeline")]
    [InlineData("zsh", "compdef _dotnet_pipeline_complete dotnet-pipeline")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName dotnet-pipeline")]
    public void Should_print_a_completion_script_that_asks_the_tool_for_suggestions(string shell, string registration)
    {
        using var scenario = new Scenario(Pipeline);

        var script = scenario.Tool("completion", shell);
        var suggestions = scenario.Tool("[suggest:18]", "dotnet-pipeline st");

        Assert.Equal(0, script.ExitCode);
        Assert.Contains(registration, script.Stdout, StringComparison.Ordinal);
        Assert.Contains("[suggest:", script.Stdout, StringComparison.Ordinal);
        Assert.Contains("status", suggestions.Stdout.Split('\n'), StringComparer.Ordinal);
    }

    [Fact]
    public void Should_complete_the_command_line_through_the_bash_script()
    {
        using var scenario = new Scenario(Pipeline);
        var folder = Directory.CreateTempSubdirectory("pb-completion-").FullName;
        try
        {
            // Given the tool on PATH as dotnet-pipeline, and the script loaded in bash
            var tool = PipelineTool.ToolPath.EndsWith(".dll", StringComparison.Ordinal) ? $"exec dotnet \"{PipelineTool.ToolPath}\" \"$@\"" : $"exec \"{PipelineTool.ToolPath}\" \"$@\"";
            var shim = Path.Combine(folder, "dotnet-pipeline");
            File.WriteAllText(shim, "#!/usr/bin/env bash\n" + tool + "\n");
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var probe = """
                eval "$(dotnet-pipeline completion bash)"
                COMP_LINE="dotnet-pipeline sta"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(dotnet-pipeline sta); COMP_CWORD=1
                _dotnet_pipeline_complete
                printf '%s\n' "${COMPREPLY[@]}"
                """;

            // When bash asks for completions of "dotnet-pipeline sta"
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = scenario.Root };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(probe);
            info.Environment["PATH"] = folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();

            // Then it offers status
            Assert.Equal(["status"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Should_draw_stages_as_clusters_and_colour_steps_by_state_in_dot()
    {
        // Given a pipeline whose first step ran and whose second would run
        using var scenario = new Scenario(Pipeline);
        scenario.Run("--step", "prepare.split");

        // When
        var dot = scenario.Tool("graph", "--format", "dot").Stdout;

        // Then
        Assert.Contains("subgraph \"cluster_prepare\"", dot, StringComparison.Ordinal);
        Assert.Contains("subgraph \"cluster_train\"", dot, StringComparison.Ordinal);
        Assert.Contains("\"prepare.split\" [fillcolor=\"#c8e6c9\", tooltip=\"up to date\"]", dot, StringComparison.Ordinal);
        Assert.Contains("\"train.fit\" [fillcolor=\"#ffe0b2\", tooltip=\"would run\"]", dot, StringComparison.Ordinal);
        Assert.Contains("\"prepare.split\" -> \"train.fit\"", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_colour_a_step_that_failed_in_the_last_run_red()
    {
        using var scenario = new Scenario(Pipeline.Replace("cat split.txt > model.txt", "exit 1", StringComparison.Ordinal));
        scenario.Run();

        var dot = scenario.Tool("graph", "--format", "dot").Stdout;

        Assert.Contains("\"train.fit\" [fillcolor=\"#ffcdd2\", tooltip=\"failed\"]", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_show_done_of_total_an_estimate_and_the_slowest_steps()
    {
        // Given a pipeline that ran once (so its durations are known), then changed
        using var scenario = new Scenario(Pipeline.Replace("echo split >", "sleep 1 && echo split >", StringComparison.Ordinal));
        scenario.Run();

        // When it runs again, everything forced
        var (result, _) = scenario.Run("--force");

        // Then every finished step says where the run is, with an estimate while steps remain, and the end lists the slowest
        Assert.Contains("✔ prepare.split: done in", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"prepare\.split: done in \S+ \[1/2, ~\S+ left\]", result.Stdout);
        Assert.Matches(@"train\.fit: done in \S+ \[2/2\]", result.Stdout);
        Assert.Contains("Slowest steps:", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"STEP\s+STATE\s+DURATION\n\s*prepare\.split\s+ran", result.Stdout);
    }

    [Fact]
    public void Should_count_cancelled_steps_as_cancelled_in_runs()
    {
        // Given a run stopped with Ctrl-C in its step
        using var scenario = new Scenario("""
            pipeline: slow
            stages:
              s:
                steps:
                  long:
                    run: touch started && sleep 60
            """);
        using var run = PipelineTool.Start(scenario.Root, null, "run");
        var clock = Stopwatch.StartNew();
        while (!scenario.Workspace.Exists("started"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the step never started");
            Thread.Sleep(50);
        }

        Assert.Equal(0, Kill(run.Id, 2));
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(15)));

        // When the history is listed
        var runs = scenario.Tool("runs");

        // Then the step counts as cancelled, not failed
        Assert.Contains("1 cancelled", runs.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", runs.Stdout, StringComparison.Ordinal);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
