using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Workspace;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>
/// Host steps: a simple command starts without bash, and behaves as it did through bash: the same folder and
/// <c>PWD</c>, exit codes, and bash's own words when the program cannot start.
/// </summary>
public sealed class HostStepRunnerTests
{
    [Fact]
    public async Task Should_start_a_simple_command_without_bash()
    {
        // Given a program that shows "_", which bash sets to the path of every program it starts
        using var workspace = TestWorkspace.Create();
        Script(workspace, "probe", "#!/bin/sh\necho \"last=$_\"\n");
        var step = Step("./probe") with { Env = new Dictionary<string, string> { ["_"] = "set-by-the-step" } };

        // When a step runs it as a simple command
        var (exitCode, lines) = await RunAsync(workspace, step);

        // Then bash did not run in between: "_" is still what the step set
        Assert.Equal(0, exitCode);
        Assert.Equal(["last=set-by-the-step"], lines);
    }

    [Fact]
    public async Task Should_run_a_simple_command_in_the_workspace_with_PWD_naming_it()
    {
        // Given a workspace that is not the tool's own folder, and a program that is not a shell (which would mend PWD itself)
        using var workspace = TestWorkspace.Create();
        workspace.Write("marker.txt", "");

        // When steps show PWD and list the folder they run in
        var (pwdExit, pwd) = await RunAsync(workspace, Step("printenv PWD"));
        var (lsExit, listed) = await RunAsync(workspace, Step("ls"));

        // Then both name the workspace, as they did through bash
        Assert.Equal((0, 0), (pwdExit, lsExit));
        Assert.Equal([Path.TrimEndingDirectorySeparator(workspace.Root)], pwd);
        Assert.Contains("marker.txt", listed);
    }

    [Fact]
    public async Task Should_keep_the_exit_code_of_a_simple_command_that_fails()
    {
        using var workspace = TestWorkspace.Create();

        var (exitCode, lines) = await RunAsync(workspace, Step("ls no-such-file"));

        Assert.Equal(2, exitCode);
        Assert.Contains(lines, line => line.Contains("no-such-file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_report_a_missing_program_as_bash_does()
    {
        using var workspace = TestWorkspace.Create();

        var (exitCode, lines) = await RunAsync(workspace, Step("no-such-program-pb --help"));

        Assert.Equal(127, exitCode);
        Assert.Contains(lines, line => line.Contains("no-such-program-pb: command not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_report_a_file_that_is_not_executable_as_bash_does()
    {
        using var workspace = TestWorkspace.Create();
        workspace.Write("prepare.sh", "#!/bin/sh\necho ran\n");

        var (exitCode, lines) = await RunAsync(workspace, Step("./prepare.sh"));

        Assert.Equal(126, exitCode);
        Assert.Contains(lines, line => line.Contains("Permission denied", StringComparison.Ordinal));
        Assert.DoesNotContain("ran", lines);
    }

    [Fact]
    public async Task Should_run_a_script_without_a_shebang_line_with_bash()
    {
        // Given an executable script with no #! line, which only a shell can run
        using var workspace = TestWorkspace.Create();
        Script(workspace, "plain", "echo \"ran by ${BASH_VERSION:+bash}\"\n");

        var (exitCode, lines) = await RunAsync(workspace, Step("./plain"));

        Assert.Equal(0, exitCode);
        Assert.Equal(["ran by bash"], lines);
    }

    [Fact]
    public async Task Should_find_a_simple_command_on_the_PATH_the_step_sets()
    {
        // Given a program only on a PATH the step's env sets
        using var workspace = TestWorkspace.Create();
        Script(workspace, "tools/hello-pb", "#!/bin/sh\necho hello\n");
        var step = Step("hello-pb") with
        {
            Env = new Dictionary<string, string> { ["PATH"] = $"{workspace.PathOf("tools")}:{Environment.GetEnvironmentVariable("PATH")}" },
        };

        var (exitCode, lines) = await RunAsync(workspace, step);

        Assert.Equal(0, exitCode);
        Assert.Equal(["hello"], lines);
    }

    [Fact]
    public void Should_start_through_the_shell_a_step_that_names_one_or_uses_the_portable_launcher()
    {

        Assert.NotNull(HostStepRunner.StartsDirectly(Step("cp a b"), ProcessLaunch.Spawn));
        Assert.Null(HostStepRunner.StartsDirectly(Step("cp a b") with { Shell = "bash" }, ProcessLaunch.Spawn));
        Assert.Null(HostStepRunner.StartsDirectly(Step("cp a b") with { Shell = "sh" }, ProcessLaunch.Spawn));
        Assert.Null(HostStepRunner.StartsDirectly(Step("cp a b"), ProcessLaunch.Managed));
        Assert.Null(HostStepRunner.StartsDirectly(Step("cp a b") with { Env = new Dictionary<string, string> { ["BASH_ENV"] = "setup.sh" } }, ProcessLaunch.Spawn));
    }

    private static StepDefinition Step(string command) =>
        new() { Id = "s.t", Stage = "s", Name = "t", Kind = StepKind.Host, Command = command, Location = SourceLocation.Nowhere };

    private static void Script(TestWorkspace workspace, string relative, string content)
    {
        var path = workspace.Write(relative, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task<(int ExitCode, List<string> Lines)> RunAsync(TestWorkspace workspace, StepDefinition step)
    {
        var lines = new List<string>();
        var layout = new WorkspaceLayout(workspace.Root);
        using var log = new StepLog(Path.Combine(layout.LogsFolder, "run-1", "t.log"), (line, _) => { lock (lines) { lines.Add(line); } });
        var result = await new HostStepRunner().RunAsync(new StepExecution(step, "run-1", layout, log), CancellationToken.None);
        return (result.ExitCode, lines);
    }
}
