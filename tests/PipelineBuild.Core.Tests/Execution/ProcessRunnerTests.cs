using PipelineBuild.Core.Execution.Processes;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>Step processes: arguments arrive verbatim, a missing program is reported as not started, stdin reads nothing.</summary>
public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task Should_pass_arguments_with_shell_syntax_verbatim()
    {
        // Given an argument full of shell syntax
        using var workspace = TestWorkspace.Create();
        const string argument = "$(touch pwned); `touch pwned` \"$HOME\" 'x' | tee pwned";
        var lines = new List<string>();

        // When a program is run with it
        var exitCode = await ProcessRunner.RunAsync(
            new ProcessSpec("printf", ["%s\\n", argument], workspace.Root, new Dictionary<string, string>()),
            (line, _) => lines.Add(line),
            CancellationToken.None);

        // Then the program received it as it is, and nothing ran
        Assert.Equal(0, exitCode);
        Assert.Equal([argument], lines);
        Assert.False(workspace.Exists("pwned"));
    }

    [Fact]
    public async Task Should_report_a_program_that_does_not_exist_as_not_started()
    {
        using var workspace = TestWorkspace.Create();

        var error = await Assert.ThrowsAsync<IOException>(() => ProcessRunner.RunAsync(
            new ProcessSpec("no-such-program-pb", [], workspace.Root, new Dictionary<string, string>()),
            (_, _) => { },
            CancellationToken.None));

        Assert.Contains("cannot start 'no-such-program-pb'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_remove_the_process_group_record_when_the_process_ends()
    {
        using var workspace = TestWorkspace.Create();
        var records = workspace.PathOf(".pipeline/processes");

        await ProcessRunner.RunAsync(
            new ProcessSpec("true", [], workspace.Root, new Dictionary<string, string>()) { RecordFolder = records },
            (_, _) => { },
            CancellationToken.None);

        Assert.Empty(Directory.Exists(records) ? Directory.GetFiles(records) : []);
    }
}
