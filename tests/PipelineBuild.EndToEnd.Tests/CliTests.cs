using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests;

public sealed class CliTests
{
    private const string Pipeline = """
        pipeline: demo
        params:
          train: { depth: 5 }
        stages:
          prepare:
            steps:
              split:
                run: mkdir -p data/split && cp data/raw.csv data/split/train.csv
                inputs: [data/raw.csv]
                outputs: [data/split/]
          train:
            steps:
              fit:
                run: echo "depth ${{ params.train.depth }}" > model.txt && cat data/split/train.csv >> model.txt
                inputs: [data/split/]
                outputs: [model.txt]
        """;

    [Theory]
    [InlineData("run")]
    [InlineData("serve")]
    public void Should_refuse_jobs_below_one_with_PB1005_in_run_and_serve(string command)
    {
        // Given
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("data/raw.csv", "a,b\n");

        // When
        var result = scenario.Tool(command, "--jobs", "0");

        // Then
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--jobs: error PB1005: 0 is not a valid number of jobs; give 1 or more", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PIPELINEBUILD_TASK_HOSTS", "forever", "'forever' is not a task host lifetime; write run (hosts end with each run), kept")]
    [InlineData("PIPELINEBUILD_PROCESS_LAUNCHER", "Managed", "'Managed' is not a process launcher; write spawn (the default) or managed")]
    public void Should_refuse_a_bad_setting_in_the_environment_with_PB1007_before_anything_runs(string variable, string value, string message)
    {
        // Given a setting the tool does not accept, and a secret beside it
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("data/raw.csv", "a,b\n");
        var environment = new Dictionary<string, string> { [variable] = value, ["API_TOKEN"] = "s3cr3t-beside-it" };

        // When the pipeline is run
        var result = PipelineTool.Run(scenario.Root, environment, "run");

        // Then the run stops with a usage error naming the variable, its value and the values it takes; nothing ran,
        // and no other variable's value is shown
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{variable}: error PB1007: {message}", result.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("data/split"));
        Assert.DoesNotContain("s3cr3t-beside-it", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_explain_in_status_why_each_step_would_run()
    {
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("data/raw.csv", "a,b\n");

        var fresh = Status(scenario);
        scenario.Run();
        var clean = Status(scenario);
        scenario.Workspace.Write("data/raw.csv", "a,b\n1,2\n");
        var inputChanged = Status(scenario);
        scenario.Run();
        var paramChanged = Status(scenario, "--param", "train.depth=7");

        Assert.Equal(("run", "new"), fresh["prepare.split"]);
        Assert.Equal(("run", "upstream: prepare.split"), fresh["train.fit"]);
        Assert.All(clean.Values, v => Assert.Equal("up-to-date", v.State));
        Assert.Equal(("run", "input changed: data/raw.csv"), inputChanged["prepare.split"]);
        Assert.Equal(("run", "upstream: prepare.split"), inputChanged["train.fit"]);
        Assert.Equal(("run", "param changed: train.depth"), paramChanged["train.fit"]);
    }

    [Fact]
    public void Should_show_the_plan_and_run_nothing_with_dry_run()
    {
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("data/raw.csv", "a,b\n");

        var result = scenario.Tool("run", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("prepare.split", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("new", result.Stdout, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("model.txt"));
        Assert.False(scenario.Workspace.Exists("pipeline.lock"));
    }

    [Fact]
    public void Should_print_the_graph_in_each_format()
    {
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("data/raw.csv", "a,b\n");

        var mermaid = scenario.Tool("graph");
        var dot = scenario.Tool("graph", "--format", "dot");
        var json = scenario.Tool("graph", "--format", "json");

        Assert.Contains("flowchart TD", mermaid.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"prepare.split\" -> \"train.fit\"", dot.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Stdout);
        var fit = document.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "train.fit");
        Assert.Equal("prepare.split", fit.GetProperty("needs")[0].GetString());
    }

    [Fact]
    public void Should_write_a_lock_file_beside_the_pipeline_named_after_it()
    {
        using var scenario = new Scenario("pipeline: demo\nstages:\n  s:\n    steps:\n      t:\n        run: echo hi > out.txt\n        outputs: [out.txt]\n");
        File.Move(Path.Combine(scenario.Root, "pipeline.yaml"), Path.Combine(scenario.Root, "train.yaml"));

        var result = scenario.Tool("run", "train.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.True(scenario.Workspace.Exists("train.lock"), result.ToString());
        Assert.Contains("\"s.t\"", scenario.Workspace.Read("train.lock"), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_accept_a_folder_holding_pipeline_yaml()
    {
        using var scenario = new Scenario("pipeline: demo\nstages:\n  s:\n    steps:\n      t:\n        run: echo hi > out.txt\n        outputs: [out.txt]\n");

        var result = PipelineTool.Run(Path.GetTempPath(), "validate", scenario.Root);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("demo: valid", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_exit_2_with_a_located_error_for_an_invalid_pipeline()
    {
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  t:
                    run: echo hi
                    inptus: [a.txt]
            """);

        var result = scenario.Tool("run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pipeline.yaml(7,9): error PB2001: unknown key 'inptus'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'inputs'?", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists(".pipeline"));
    }

    [Fact]
    public void Should_answer_random_bytes_with_located_errors_and_exit_2_never_a_crash()
    {
        var random = new Random(4242);
        for (var i = 0; i < 5; i++)
        {
            // Given a pipeline file of random bytes
            using var scenario = new Scenario("");
            var bytes = new byte[random.Next(1, 4_000)];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(scenario.Root, "pipeline.yaml"), bytes);

            // When
            var result = scenario.Tool("validate");

            // Then it is a user error with a location, not an internal one
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("pipeline.yaml(", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_exit_2_for_a_graph_error_naming_the_whole_cycle()
    {
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  a:
                    run: cp b.txt a.txt
                    inputs: [b.txt]
                    outputs: [a.txt]
                  b:
                    run: cp a.txt b.txt
                    inputs: [a.txt]
                    outputs: [b.txt]
            """);

        var result = scenario.Tool("validate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("PB3001", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("s.a -> s.b -> s.a", result.Stderr.Replace("s.b -> s.a -> s.b", "s.a -> s.b -> s.a", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_exit_2_for_a_bad_command_line_and_for_an_unknown_step()
    {
        using var scenario = new Scenario("pipeline: demo\nstages:\n  s:\n    steps:\n      t:\n        run: echo hi > out.txt\n        outputs: [out.txt]\n");

        var badOption = scenario.Tool("run", "--no-such-option");
        var unknownStep = scenario.Tool("run", "--step", "s.tt");
        var missingFile = scenario.Tool("run", "nope.yaml");

        Assert.Equal(2, badOption.ExitCode);
        Assert.Equal(2, unknownStep.ExitCode);
        Assert.Contains("s.t", unknownStep.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missingFile.ExitCode);
        Assert.Contains("nope.yaml", missingFile.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_expand_a_matrix_into_one_step_per_combination()
    {
        using var scenario = new Scenario("""
            pipeline: grid
            stages:
              train:
                steps:
                  fit:
                    matrix: { lr: [0.1, 0.01], depth: [3, 5] }
                    run: echo "${{ matrix.lr }} ${{ matrix.depth }}" > out/fit-${{ matrix.lr }}-${{ matrix.depth }}.txt
                    outputs: ["out/fit-${{ matrix.lr }}-${{ matrix.depth }}.txt"]
            """);

        var (result, report) = scenario.Run();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["train.fit[lr=0.01,depth=3]", "train.fit[lr=0.01,depth=5]", "train.fit[lr=0.1,depth=3]", "train.fit[lr=0.1,depth=5]"],
            report.Steps.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("0.01 5", scenario.Workspace.Read("out/fit-0.01-5.txt").Trim());
    }

    [Fact]
    public void Should_print_phase_timings_when_asked()
    {
        using var scenario = new Scenario("pipeline: demo\nstages:\n  s:\n    steps:\n      t:\n        run: echo hi > out.txt\n        outputs: [out.txt]\n");

        var result = PipelineTool.Run(scenario.Root, new Dictionary<string, string> { ["PIPELINEBUILD_TIMINGS"] = "1" }, "run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("timing: load", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("timing: run", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_stream_step_output_prefixed_with_the_step_id_and_keep_a_log()
    {
        using var scenario = new Scenario("pipeline: demo\nstages:\n  s:\n    steps:\n      t:\n        run: echo hello-from-step && echo hi > out.txt\n        outputs: [out.txt]\n");

        var (result, report) = scenario.Run();

        Assert.Contains("[s.t] hello-from-step", result.Stdout, StringComparison.Ordinal);
        var log = Path.Combine(scenario.Root, ".pipeline", "logs", report.RunId, "s.t.log");
        Assert.Contains("hello-from-step", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_no_log_for_a_quiet_step_and_a_full_log_for_a_quiet_step_that_failed()
    {
        // Given a step that writes only its output, one that writes a line, and a quiet one that fails
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  quiet:
                    run: echo hi > out.txt
                    outputs: [out.txt]
                  loud:
                    run: echo hello-from-step > loud.txt && echo said-it
                    outputs: [loud.txt]
                  broken:
                    run: exit 3
            """);

        // When it runs (with a JUnit report, which reads the logs)
        var (result, report) = scenario.Run("--jobs", "1", "--keep-going", "--junit", "junit.xml");

        // Then only the steps that wrote something have a log; the quiet one is a passed test case, the failed one's log says why
        Assert.Equal(1, result.ExitCode);
        var logs = Path.Combine(scenario.Root, ".pipeline", "logs", report.RunId);
        Assert.False(File.Exists(Path.Combine(logs, "s.quiet.log")), result.ToString());
        Assert.Contains("said-it", File.ReadAllText(Path.Combine(logs, "s.loud.log")), StringComparison.Ordinal);
        Assert.Contains("[pipeline] step failed: exit code 3", File.ReadAllText(Path.Combine(logs, "s.broken.log")), StringComparison.Ordinal);
        Assert.Contains($"log: {Path.Combine(logs, "s.broken.log")}", result.Stdout + result.Stderr, StringComparison.Ordinal);
        var junit = System.Xml.Linq.XDocument.Load(scenario.Workspace.PathOf("junit.xml"));
        var quiet = junit.Descendants("testcase").Single(c => (string?)c.Attribute("name") == "s.quiet");
        Assert.Empty(quiet.Descendants("failure"));
        Assert.Single(junit.Descendants("failure"));

        // And the next run finds the quiet step up to date (nothing expects its missing log)
        var (_, second) = scenario.Run("--jobs", "1", "--keep-going");
        Assert.Equal("up-to-date", second.State("s.quiet"));
        Assert.Equal("up-to-date", second.State("s.loud"));
    }

    [Fact]
    public void Should_start_steps_with_default_signal_handling_in_a_session_of_their_own()
    {
        // Given a step that reports its ignored and blocked signals and its session
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  t:
                    run: grep -E '^(SigIgn|SigBlk)' /proc/self/status > out.txt; ps -o sid= -p $$ | tr -d ' ' >> out.txt; echo $$ >> out.txt; readlink /proc/$$/fd/0 >> out.txt
                    outputs: [out.txt]
            """);

        // When
        var (result, _) = scenario.Run();

        // Then nothing is ignored or blocked (the runtime ignores SIGPIPE; a child must not inherit that),
        // the step's shell leads a session of its own, so its whole tree can be stopped as one (and the
        // tool's watcher kills that group if the tool dies), and its stdin reads nothing
        Assert.Equal(0, result.ExitCode);
        var lines = scenario.Workspace.Read("out.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0UL, StandardSignals(lines, "SigIgn:"));
        Assert.Equal(0UL, StandardSignals(lines, "SigBlk:"));
        Assert.Equal(lines[3], lines[2]);
        Assert.Equal("/dev/null", lines[4]);
    }

    /// <summary>The signals 1–31 of a /proc status mask (glibc keeps its internal real-time signals 32 and 33 to itself).</summary>
    private static ulong StandardSignals(string[] lines, string field) =>
        ulong.Parse(lines.Single(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & 0x7FFF_FFFFUL;

    private static Dictionary<string, (string State, string Reason)> Status(Scenario scenario, params string[] args)
    {
        var result = scenario.Tool(["status", "--json", .. args]);
        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("id").GetString()!,
            e => (e.GetProperty("state").GetString()!, e.GetProperty("reason").GetString()!),
            StringComparer.Ordinal);
    }
}
