using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>Pipeline and params files that are devices, pipes, folders, huge or full of errors: refused with exit 2, never a hang or a crash.</summary>
public sealed partial class HostileInputTests
{
    private const string OneStep = """
        pipeline: demo
        stages:
          s:
            steps:
              a:
                run: echo ${{ params.k1 }} > a.txt
                outputs: [a.txt]
        """;

    // .NET resource keys (IO_FileNotFound_FileName, Arg_InvalidOperationException) that the Native AOT
    // tool prints instead of words when a message comes from an exception's text.
    [GeneratedRegex(@"\b[A-Z][A-Za-z]*_[A-Z][A-Za-z_]*\b")]
    private static partial Regex ResourceKey();

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public void Should_refuse_a_device_as_the_pipeline_file(string device)
    {
        using var scenario = new Scenario(OneStep);

        var result = scenario.Tool("validate", device);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error PB2040", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not a regular file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_device_as_the_params_file()
    {
        using var scenario = new Scenario(OneStep);

        var result = scenario.Tool("run", "--params-file", "/dev/zero");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--params-file: error PB2040: cannot read params file '/dev/zero': it is not a regular file", result.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("a.txt"));
    }

    [Fact]
    public void Should_run_afresh_and_write_a_regular_lock_file_when_the_lock_file_is_a_link_to_a_device()
    {
        // Given a lock file that is a link to /dev/zero (git can commit a link): reading it would never end
        using var scenario = new Scenario(OneStep.Replace("${{ params.k1 }}", "x", StringComparison.Ordinal));
        File.CreateSymbolicLink(scenario.Workspace.PathOf("pipeline.lock"), "/dev/zero");

        // When the pipeline runs
        var (result, report) = scenario.Run();

        // Then it warns, runs the step, and leaves a regular lock file in the link's place
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning PB4003", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Contains("the lock file is a link, not a regular file", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Equal("ran", report.State("s.a"));
        Assert.Null(new FileInfo(scenario.Workspace.PathOf("pipeline.lock")).LinkTarget);
        Assert.Contains("\"s.a\"", scenario.Workspace.Read("pipeline.lock"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_fifo_as_the_pipeline_file_without_opening_it()
    {
        // Given a FIFO nobody writes to: opening it for reading would block forever
        using var scenario = new Scenario(OneStep);
        var fifo = scenario.Workspace.PathOf("fifo.yaml");
        Assert.Equal(0, MakeFifo(fifo, Convert.ToUInt32("600", 8)));

        var result = scenario.Tool("validate", "fifo.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("fifo.yaml: error PB2040: cannot read the pipeline file: it is not a regular file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_folder_as_the_params_file()
    {
        using var scenario = new Scenario(OneStep);
        Directory.CreateDirectory(scenario.Workspace.PathOf("params"));

        var result = scenario.Tool("validate", "--params-file", "params");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error PB2040: cannot read params file 'params': it is a folder, not a file", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_pipeline_file_larger_than_the_limit()
    {
        using var scenario = new Scenario(OneStep);
        scenario.Workspace.Write("big.yaml", OneStep + "\n" + new string('#', 9 * 1024 * 1024) + "\n");

        var result = scenario.Tool("validate", "big.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("big.yaml: error PB2041: cannot read the pipeline file: it is larger than 8 MiB", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_print_the_first_hundred_problems_and_count_the_rest()
    {
        // Given a pipeline with 5,000 unknown keys
        var text = new StringBuilder(OneStep.Replace("${{ params.k1 }}", "x", StringComparison.Ordinal)).Append('\n');
        for (var i = 0; i < 5000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"unknown{i}: x\n");
        }

        using var scenario = new Scenario(text.ToString());

        var result = scenario.Tool("validate");

        // Then 100 errors are listed, then one line that counts the others
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(100, lines.Count(l => l.Contains("error PB2001", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("error PB2042: … and 4,900 more problems not shown", StringComparison.Ordinal));
        Assert.Equal(101, lines.Length);
    }

    [Fact]
    public void Should_load_a_params_file_of_a_hundred_thousand_params()
    {
        // Given 100,000 params (quadratic loading took minutes for this)
        using var scenario = new Scenario(OneStep.Replace("params.k1", "params.k99999", StringComparison.Ordinal));
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"k{i}: v{i}\n");
        }

        scenario.Workspace.Write("params.yaml", text.ToString());

        var result = scenario.Tool("run", "--params-file", "params.yaml", "--param", "k5=changed");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("v99999\n", scenario.Workspace.Read("a.txt"));
    }

    [Theory]
    [InlineData("--report")]
    [InlineData("--junit")]
    public void Should_refuse_a_report_path_whose_folder_does_not_exist_and_create_nothing(string option)
    {
        using var scenario = new Scenario(OneStep.Replace("${{ params.k1 }}", "x", StringComparison.Ordinal));
        var missing = Path.Combine(scenario.Root, "missing", "deeper");

        var result = scenario.Tool("run", option, Path.Combine(missing, "r.out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error PB1015: the folder {missing} of {option} does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(scenario.Root, "missing")));
        Assert.False(scenario.Workspace.Exists("a.txt"), "the run started although its report could not be written");
    }

    [Fact]
    public void Should_refuse_a_ci_file_path_whose_folder_does_not_exist()
    {
        using var scenario = new Scenario(OneStep.Replace("${{ params.k1 }}", "x", StringComparison.Ordinal));

        var result = scenario.Tool("ci", "generate", "--provider", "github", "-o", "nowhere/ci.yml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error PB1015", result.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("nowhere"));
    }

    [Fact]
    public void Should_report_an_unclosed_flow_sequence_at_a_position_in_words()
    {
        using var scenario = new Scenario("pipeline: [unclosed\n");

        var result = scenario.Tool("validate");

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"pipeline\.yaml\(\d+,\d+\): error PB2008: invalid YAML", result.Stderr);
        Assert.DoesNotMatch(ResourceKey(), result.Stderr);
    }

    [Fact]
    public void Should_report_a_tab_used_as_indentation_on_its_line()
    {
        using var scenario = new Scenario("pipeline: demo\nstages:\n  s:\n    steps:\n      a:\n\trun: echo\n");

        var result = scenario.Tool("validate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yaml(6,", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("error PB2008", result.Stderr, StringComparison.Ordinal);
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeFifo(string path, uint mode);
}
