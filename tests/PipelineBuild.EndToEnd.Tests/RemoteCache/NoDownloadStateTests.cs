using System.Text.RegularExpressions;

namespace PipelineBuild.EndToEnd.Tests.RemoteCache;

/// <summary>
/// <c>.pipeline/remote-only.json</c> (what <c>run --no-download</c> left remote) is read as hostile: a record that names a path outside
/// the workspace, of another run, or a state file that is a symlink is refused with PB4120 and never written through; and the flag
/// is refused where no step could leave anything remote.
/// </summary>
public sealed partial class NoDownloadStateTests
{
    private const string OneStep = """
        pipeline: demo
        stages:
          s:
            steps:
              make:
                run: echo made > out.txt
                outputs: [out.txt]
        """;

    [GeneratedRegex("\"fingerprint\": \"([0-9a-f]{64})\"")]
    private static partial Regex Fingerprint();

    [Theory]
    [InlineData("../x")]
    [InlineData("/tmp/pb-remote-only-abs/x")]
    [InlineData(".pipeline/x")]
    public void Should_refuse_a_record_whose_path_leaves_the_outputs_and_write_nothing_there(string path)
    {
        // Given
        using var scenario = new Scenario(OneStep);
        var fingerprint = RunOnce(scenario);
        scenario.Workspace.Write(".pipeline/remote-only.json", State(path, "s.make", fingerprint));

        // When
        var (result, report) = scenario.Run();

        // Then
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PB4120", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal("output-missing", report.ReasonCode("s.make"));
        Assert.Equal("made\n", scenario.Workspace.Read("out.txt"));
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(scenario.Root, "..", "x"))));
        Assert.False(File.Exists("/tmp/pb-remote-only-abs/x"));
        Assert.False(scenario.Workspace.Exists(".pipeline/x"));
        Assert.False(scenario.Workspace.Exists(".pipeline/remote-only.json"), "the refused state stays on disk");
    }

    [Fact]
    public void Should_refuse_a_record_of_another_run_than_the_lock_file_records()
    {
        // Given a record for the step's output under a fingerprint the lock file does not hold
        using var scenario = new Scenario(OneStep);
        RunOnce(scenario);
        scenario.Workspace.Write(".pipeline/remote-only.json", State("out.txt", "s.make", new string('a', 64)));

        // When
        var (result, report) = scenario.Run();

        // Then: the output is missing, not remote only
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PB4120", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("another run", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal("output-missing", report.ReasonCode("s.make"));
        Assert.Equal("made\n", scenario.Workspace.Read("out.txt"));
    }

    [Fact]
    public void Should_not_follow_a_state_file_that_is_a_symlink_nor_write_through_it()
    {
        // Given a state file that links to a well-formed one outside the workspace, with the lock file's fingerprint
        using var scenario = new Scenario(OneStep);
        using var outside = Testing.TestWorkspace.Create();
        var fingerprint = RunOnce(scenario);
        var target = outside.Write("remote-only.json", State("out.txt", "s.make", fingerprint));
        var before = File.ReadAllBytes(target);
        File.CreateSymbolicLink(scenario.Workspace.PathOf(".pipeline/remote-only.json"), target);

        // When
        var (result, report) = scenario.Run();

        // Then
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PB4120", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal("output-missing", report.ReasonCode("s.make"));
        Assert.Equal(before, File.ReadAllBytes(target));
    }

    [Fact]
    public void Should_refuse_no_download_with_exit_2_when_no_step_runs_on_a_cluster()
    {
        using var scenario = new Scenario(OneStep);

        var result = scenario.Tool("run", "--no-download");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("PB8542", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--executor swarm", result.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("out.txt"), "a refused run ran a step");
    }

    /// <summary>Runs the pipeline, removes its output, and gives the step's fingerprint from the lock file.</summary>
    private static string RunOnce(Scenario scenario)
    {
        var (result, _) = scenario.Run();
        Assert.True(result.ExitCode == 0, result.ToString());
        scenario.Workspace.Delete("out.txt");
        return Fingerprint().Match(scenario.Workspace.Read("pipeline.lock")).Groups[1].Value;
    }

    private static string State(string path, string step, string fingerprint) => $$"""
        {
          "schema": 1,
          "files": [
            { "path": "{{path}}", "step": "{{step}}", "fingerprint": "{{fingerprint}}", "sha256": "{{new string('b', 64)}}", "size": 5 }
          ]
        }
        """;
}
