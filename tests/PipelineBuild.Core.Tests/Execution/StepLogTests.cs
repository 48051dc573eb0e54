using PipelineBuild.Core.Execution;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Execution;

/// <summary>A step's log: made by its first line, so a quiet step leaves no file; every line still reaches the console.</summary>
public sealed class StepLogTests
{
    [Fact]
    public void Should_create_no_file_and_no_folder_when_the_step_writes_nothing()
    {
        // Given a log in a run folder that does not exist yet
        using var workspace = TestWorkspace.Create();
        var path = workspace.PathOf(".pipeline/logs/run-1/s.quiet.log");

        // When the step ends without a line
        string? written;
        using (var log = new StepLog(path, (_, _) => { }))
        {
            written = log.WrittenPath;
        }

        // Then there is no file (nor run folder) and nothing claims one
        Assert.Null(written);
        Assert.False(workspace.Exists(".pipeline/logs/run-1"));
    }

    [Fact]
    public void Should_create_the_run_folder_and_the_file_with_the_first_line()
    {
        // Given a log in a run folder that does not exist yet
        using var workspace = TestWorkspace.Create();
        var path = workspace.PathOf(".pipeline/logs/run-1/s.loud.log");
        var console = new List<string>();

        // When the step writes to stdout and stderr, and the tool notes a line
        string? written;
        IReadOnlyList<string> tail;
        using (var log = new StepLog(path, (line, _) => console.Add(line)))
        {
            log.Write("out", isError: false);
            log.Write("err", isError: true);
            log.Note("[pipeline] note");
            written = log.WrittenPath;
            tail = log.ErrorTail();
        }

        // Then the file has every line, the console the step's own, the tail stderr's
        Assert.Equal(path, written);
        Assert.Equal("out\nerr\n[pipeline] note\n", File.ReadAllText(path).ReplaceLineEndings("\n"));
        Assert.Equal(["out", "err"], console);
        Assert.Equal(["err"], tail);
    }

    [Fact]
    public void Should_keep_the_lines_on_the_console_when_the_log_cannot_be_written()
    {
        // Given a log whose folder is a file
        using var workspace = TestWorkspace.Create();
        workspace.Write(".pipeline/logs/run-1", "not a folder");
        var console = new List<string>();

        // When the step writes
        using var log = new StepLog(workspace.PathOf(".pipeline/logs/run-1/s.t.log"), (line, _) => console.Add(line));
        log.Write("still shown", isError: true);

        // Then the line is shown and kept for the failure summary; no log is claimed
        Assert.Equal(["still shown"], console);
        Assert.Equal(["still shown"], log.ErrorTail());
        Assert.Null(log.WrittenPath);
    }

    [Fact]
    public void Should_write_nothing_after_it_was_disposed()
    {
        // Given a quiet step's log that was closed
        using var workspace = TestWorkspace.Create();
        var path = workspace.PathOf(".pipeline/logs/run-1/s.late.log");
        var log = new StepLog(path, (_, _) => { });
        log.Dispose();

        // When a late line arrives (a pipe drained after the step ended)
        log.Write("late", isError: false);

        // Then no file is made for it
        Assert.False(File.Exists(path));
    }
}
