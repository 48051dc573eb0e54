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

    [Fact]
    public async Task Should_start_a_pipeline_without_bash_and_write_its_output_file()
    {
        // Given inputs, and a first member that shows "_", which bash sets to the path of every program it starts
        using var workspace = TestWorkspace.Create();
        workspace.Write("in/a.txt", "alpha\n");
        workspace.Write("in/b.txt", "beta\n");
        Script(workspace, "probe", "#!/bin/sh\necho \"last=$_\" >&2\ncat \"$@\"\n");
        var step = Step("./probe in/a.txt in/b.txt | sha256sum > out.txt") with { Env = new Dictionary<string, string> { ["_"] = "set-by-the-step" } };
        Directory.CreateDirectory(workspace.PathOf("out"));

        // When a step runs the pipeline
        var (exitCode, lines) = await RunAsync(workspace, step);

        // Then the last member wrote the file, and bash did not run in between
        Assert.Equal(0, exitCode);
        Assert.Equal(["last=set-by-the-step"], lines);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("alpha\nbeta\n"u8));
        Assert.Equal($"{expected}  -\n", workspace.Read("out.txt"));
        Assert.NotNull(HostStepRunner.StartsAsPipeline(step, ProcessLaunch.Spawn));
    }

    [Fact]
    public async Task Should_append_to_the_output_file_of_a_pipeline_with_two_angle_brackets()
    {
        using var workspace = TestWorkspace.Create();
        workspace.Write("counts.txt", "before\n");
        workspace.Write("in.txt", "b\na\nb\n");

        var (exitCode, _) = await RunAsync(workspace, Step("sort in.txt | uniq >> counts.txt"));
        var (again, _) = await RunAsync(workspace, Step("sort in.txt | uniq -c >> counts.txt"));

        Assert.Equal((0, 0), (exitCode, again));
        Assert.Equal("before\na\nb\n      1 a\n      2 b\n", workspace.Read("counts.txt"));
    }

    [Fact]
    public async Task Should_truncate_the_output_file_of_a_pipeline_and_create_it_as_bash_does()
    {
        using var workspace = TestWorkspace.Create();
        workspace.Write("out.txt", "a much longer earlier content\n");

        var (exitCode, _) = await RunAsync(workspace, Step("ls in.txt | wc -c > out.txt"));
        var (created, _) = await RunAsync(workspace, Step("ls out.txt | wc -l > new.txt"));

        // ls fails (2) but wc, the last member, still wrote its count of nothing
        Assert.Equal((2, 0), (exitCode, created));
        Assert.Equal("0\n", workspace.Read("out.txt"));
        Assert.Equal("1\n", workspace.Read("new.txt"));
        var mode = File.GetUnixFileMode(workspace.PathOf("new.txt"));
        Assert.Equal(ExpectedCreateMode(), mode);
    }

    [Fact]
    public async Task Should_feed_the_first_member_of_a_pipeline_the_input_file()
    {
        using var workspace = TestWorkspace.Create();
        workspace.Write("in.txt", "c\na\nb\n");

        var (exitCode, lines) = await RunAsync(workspace, Step("sort < in.txt | head -n 2"));
        var (single, counted) = await RunAsync(workspace, Step("wc -l < in.txt"));

        Assert.Equal((0, 0), (exitCode, single));
        Assert.Equal(["a", "b"], lines);
        Assert.Equal(["3"], counted);
    }

    [Fact]
    public async Task Should_give_a_pipeline_the_status_pipefail_gives_it()
    {
        using var workspace = TestWorkspace.Create();
        workspace.Write("in.txt", "x\n");

        var (firstFails, _) = await RunAsync(workspace, Step("ls /no-such-folder-pb | cat"));
        var (bothFail, _) = await RunAsync(workspace, Step("ls /no-such-folder-pb | grep -q nothing"));
        var (lastFails, _) = await RunAsync(workspace, Step("cat in.txt | ls /no-such-folder-pb"));
        var (noneFails, _) = await RunAsync(workspace, Step("cat in.txt | grep -q x"));

        // The rightmost member's status that is not 0, as bash -o pipefail gives
        Assert.Equal((2, 1, 2, 0), (firstFails, bothFail, lastFails, noneFails));
    }

    [Fact]
    public async Task Should_give_a_signalled_member_of_a_pipeline_the_status_bash_gives()
    {
        // Given a first member that ends by SIGPIPE, writing on after the last member has gone
        using var workspace = TestWorkspace.Create();

        var (exitCode, lines) = await RunAsync(workspace, Step("yes | head -n 1"));

        // Then it counts as 128 + 13, as bash -o pipefail counts it
        Assert.Equal(141, exitCode);
        Assert.Equal(["y"], lines);
    }

    [Fact]
    public async Task Should_write_every_members_stderr_to_the_step_log()
    {
        using var workspace = TestWorkspace.Create();

        var (exitCode, lines) = await RunAsync(workspace, Step("ls no-such-first-pb | ls no-such-last-pb"));

        Assert.Equal(2, exitCode);
        Assert.Contains(lines, line => line.Contains("no-such-first-pb", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("no-such-last-pb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_report_a_missing_program_in_a_pipeline_as_bash_does_and_run_the_rest_once()
    {
        // Given a first member that counts its runs
        using var workspace = TestWorkspace.Create();
        Script(workspace, "count", "#!/bin/sh\necho run >> runs.txt\necho out\n");

        var (exitCode, lines) = await RunAsync(workspace, Step("./count | no-such-program-pb --help"));

        // Then bash ran the pipeline (and the first member once): the missing one was found before anything started
        Assert.Equal(127, exitCode);
        Assert.Contains(lines, line => line.Contains("no-such-program-pb: command not found", StringComparison.Ordinal));
        Assert.Equal("run\n", workspace.Read("runs.txt"));
    }

    [Fact]
    public async Task Should_run_a_pipeline_with_a_script_without_a_shebang_line_with_bash()
    {
        // Given an executable script with no #! line in the first member, found to be no program only when it starts
        using var workspace = TestWorkspace.Create();
        Script(workspace, "plain", "echo \"ran by ${BASH_VERSION:+bash}\"\n");

        var (exitCode, lines) = await RunAsync(workspace, Step("./plain | cat"));

        // Then the members started meanwhile were stopped, and bash ran the whole pipeline once
        Assert.Equal(0, exitCode);
        Assert.Equal(["ran by bash"], lines);
    }

    [Fact]
    public async Task Should_report_an_output_file_in_a_missing_folder_as_bash_does()
    {
        using var workspace = TestWorkspace.Create();
        workspace.Write("in.txt", "x\n");

        var (exitCode, lines) = await RunAsync(workspace, Step("cat in.txt | wc -l > missing/out.txt"));
        var (inputExit, inputLines) = await RunAsync(workspace, Step("cat < missing.txt | wc -l"));

        // Then bash reported it (and, as bash does, ran the other members: wc counted nothing)
        Assert.Equal(1, exitCode);
        Assert.Contains(lines, line => line.Contains("missing/out.txt: No such file or directory", StringComparison.Ordinal));
        Assert.Equal(1, inputExit);
        Assert.Contains(inputLines, line => line.Contains("missing.txt: No such file or directory", StringComparison.Ordinal));
        Assert.Contains("0", inputLines);
    }

    [Fact]
    public async Task Should_stop_every_member_of_a_pipeline_when_the_step_is_cancelled_and_record_each_while_it_runs()
    {
        // Given a pipeline whose members each show their id and wait
        using var workspace = TestWorkspace.Create();
        Script(workspace, "first", "#!/bin/sh\necho $$ > first.pid\nexec sleep 300\n");
        Script(workspace, "last", "#!/bin/sh\necho $$ > last.pid\nexec sleep 301\n");
        using var stop = new CancellationTokenSource();
        var layout = new WorkspaceLayout(workspace.Root);
        var running = RunAsync(workspace, Step("./first | ./last"), stop.Token);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(IsWritten(workspace, "first.pid") && IsWritten(workspace, "last.pid") && RecordNames(layout, workspace, "first.pid", "last.pid")))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the pipeline never started");
            await Task.Delay(20);
        }

        var first = Pid(workspace, "first.pid");
        var last = Pid(workspace, "last.pid");
        var leadsOwnSession = new[] { first, last }.Select(pid => LeadsItsSession(pid)).ToList();

        // When the step is cancelled
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        // Then each member had led a session and group of its own, and none is left
        Assert.Equal([true, true], leadsOwnSession);
        Assert.False(IsAlive(first), "the first member outlived the step");
        Assert.False(IsAlive(last), "the last member outlived the step");
    }

    /// <summary>Whether the process's group and session ids (/proc/*/stat, after state and parent) are its own id.</summary>
    private static bool LeadsItsSession(int pid)
    {
        var id = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProcessIdentity.StatFields($"/proc/{id}/stat") is { Length: > 3 } fields && fields[2] == id && fields[3] == id;
    }

    private static bool IsWritten(TestWorkspace workspace, string file) => workspace.Exists(file) && workspace.Read(file).EndsWith('\n');

    private static int Pid(TestWorkspace workspace, string file) => int.Parse(workspace.Read(file).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the run's process record names each member's group (its id, as each leads its own).</summary>
    private static bool RecordNames(WorkspaceLayout layout, TestWorkspace workspace, params string[] pidFiles)
    {
        var records = Directory.Exists(layout.ProcessesFolder) ? Directory.GetFiles(layout.ProcessesFolder) : [];
        var text = string.Concat(records.Select(File.ReadAllText));
        return pidFiles.All(file => text.Contains($"+ {Pid(workspace, file)} ", StringComparison.Ordinal));
    }

    /// <summary>Whether the process exists and is no zombie, waiting a few seconds for it to go.</summary>
    private static bool IsAlive(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            var status = $"/proc/{pid}/status";
            if (!File.Exists(status) || File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal))
            {
                return false;
            }

            Thread.Sleep(100);
        }

        return true;
    }

    private static UnixFileMode ExpectedCreateMode()
    {
        var probe = Path.Combine(Path.GetTempPath(), $"pb-umask-{Guid.NewGuid():N}");
        try
        {
            System.Diagnostics.Process.Start("sh", ["-c", $"> {probe}"])!.WaitForExit();
            return File.GetUnixFileMode(probe);
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static StepDefinition Step(string command) =>
        new() { Id = "s.t", Stage = "s", Name = "t", Kind = StepKind.Host, Command = command, Location = SourceLocation.Nowhere };

    private static void Script(TestWorkspace workspace, string relative, string content)
    {
        var path = workspace.Write(relative, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task<(int ExitCode, List<string> Lines)> RunAsync(TestWorkspace workspace, StepDefinition step, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        var layout = new WorkspaceLayout(workspace.Root);
        using var log = new StepLog(Path.Combine(layout.LogsFolder, "run-1", "t.log"), (line, _) => { lock (lines) { lines.Add(line); } });
        var result = await new HostStepRunner().RunAsync(new StepExecution(step, "run-1", layout, log), cancellationToken);
        return (result.ExitCode, lines);
    }
}
