namespace PipelineBuild.EndToEnd.Tests;

public sealed class IncrementalRunTests
{
    private const string TwoSteps = """
        pipeline: demo
        params:
          scale: 2
        stages:
          prepare:
            steps:
              count:
                run: echo count >> executions.log && wc -l < data/in.txt | tr -d ' ' > out/count.txt
                inputs: [data/in.txt]
                outputs: [out/count.txt]
          report:
            steps:
              double:
                run: echo double >> executions.log && echo $(( $(cat out/count.txt) * ${{ params.scale }} )) > out/double.txt
                inputs: [out/count.txt]
                outputs: [out/double.txt]
        """;

    [Fact]
    public void Should_execute_nothing_when_nothing_changed()
    {
        // Given a pipeline that ran once
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        var (first, _) = scenario.Run();
        Assert.Equal(0, first.ExitCode);

        // When it runs again
        var (second, report) = scenario.Run();

        // Then every step is up to date and no command ran
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("up-to-date", report.State("prepare.count"));
        Assert.Equal("up-to-date", report.State("report.double"));
        Assert.Equal(2, scenario.Executions());
        Assert.Equal("6", scenario.Workspace.Read("out/double.txt").Trim());
    }

    [Fact]
    public void Should_keep_a_downstream_step_up_to_date_when_its_upstream_reran_to_identical_bytes()
    {
        // Given a run, then an input edit that does not change the line count
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Run();
        scenario.Workspace.Write("data/in.txt", "x\ny\nz\n");

        // When
        var (_, report) = scenario.Run();

        // Then the upstream reran for the changed input, and early cut-off spared the downstream
        Assert.Equal("ran", report.State("prepare.count"));
        Assert.Equal("input changed: data/in.txt", report.Reason("prepare.count"));
        Assert.Equal("up-to-date", report.State("report.double"));
        Assert.Equal(3, scenario.Executions());
    }

    [Fact]
    public void Should_rerun_the_downstream_step_with_upstream_changed_when_upstream_bytes_differ()
    {
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Run();
        scenario.Workspace.Write("data/in.txt", "a\nb\n");

        var (_, report) = scenario.Run();

        Assert.Equal("ran", report.State("report.double"));
        Assert.Equal("upstream changed: prepare.count", report.Reason("report.double"));
        Assert.Equal("4", scenario.Workspace.Read("out/double.txt").Trim());
    }

    [Fact]
    public void Should_restore_a_deleted_output_from_the_cache_without_running()
    {
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Run();
        scenario.Workspace.Delete("out/double.txt");

        var (result, report) = scenario.Run();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("restored", report.State("report.double"));
        Assert.Equal("output missing: out/double.txt", report.Reason("report.double"));
        Assert.Equal("6", scenario.Workspace.Read("out/double.txt").Trim());
        Assert.Equal(2, scenario.Executions());
    }

    [Fact]
    public void Should_restore_a_hand_edited_output()
    {
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Run();
        scenario.Workspace.Write("out/double.txt", "tampered\n");

        var (_, report) = scenario.Run();

        Assert.Equal("restored", report.State("report.double"));
        Assert.Equal("output modified: out/double.txt", report.Reason("report.double"));
        Assert.Equal("6", scenario.Workspace.Read("out/double.txt").Trim());
    }

    [Fact]
    public void Should_restore_from_the_cache_when_a_param_is_switched_back()
    {
        // Given runs with scale 2, then scale 3
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Run();
        var (_, changed) = scenario.Run("--param", "scale=3");
        Assert.Equal("param changed: scale", changed.Reason("report.double"));
        Assert.Equal("9", scenario.Workspace.Read("out/double.txt").Trim());

        // When the param goes back to its default
        var (_, back) = scenario.Run();

        // Then the earlier result comes back from the cache; nothing runs
        Assert.Equal("restored", back.State("report.double"));
        Assert.Equal("6", scenario.Workspace.Read("out/double.txt").Trim());
        Assert.Equal(3, scenario.Executions());
    }

    [Fact]
    public void Should_be_up_to_date_in_a_copy_of_the_workspace_at_another_path()
    {
        // Given a workspace that ran, copied elsewhere (lock file and cache included)
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Run();
        using var copy = PipelineBuild.Testing.TestWorkspace.Create();
        CopyFolder(scenario.Root, copy.Root);

        // When
        var reportPath = Path.Combine(copy.Root, "report.json");
        var result = PipelineTool.Run(copy.Root, "run", "--report", reportPath);

        // Then fingerprints hold no absolute paths or timestamps: nothing runs
        var report = ReportReader.Read(reportPath);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("up-to-date", report.State("prepare.count"));
        Assert.Equal("up-to-date", report.State("report.double"));
    }

    [Fact]
    public void Should_rerun_everything_selected_with_force()
    {
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\n");
        scenario.Run();

        var (_, report) = scenario.Run("--force");

        Assert.Equal("ran", report.State("prepare.count"));
        Assert.Equal("forced", report.Reason("prepare.count"));
        Assert.Equal(4, scenario.Executions());
    }

    [Fact]
    public void Should_rerun_when_the_command_changes()
    {
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\n");
        scenario.Run();
        scenario.Workspace.Write("pipeline.yaml", TwoSteps.Replace("echo double >>", "echo double2 >>", StringComparison.Ordinal));

        var (_, report) = scenario.Run();

        Assert.Equal("up-to-date", report.State("prepare.count"));
        Assert.Equal("command changed", report.Reason("report.double"));
    }

    [Fact]
    public void Should_run_only_the_selected_step_and_its_upstream()
    {
        using var scenario = new Scenario(TwoSteps + """

              extra:
                steps:
                  other:
                    run: echo other >> executions.log && echo o > out/other.txt
                    outputs: [out/other.txt]
            """);
        scenario.Workspace.Write("data/in.txt", "a\n");

        var (_, report) = scenario.Run("--step", "report.double");

        Assert.Equal(["prepare.count", "report.double"], report.Steps.Keys.Order(StringComparer.Ordinal));
        Assert.False(scenario.Workspace.Exists("out/other.txt"));
    }

    [Fact]
    public void Should_always_run_a_step_with_cache_disabled()
    {
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  always:
                    run: echo run >> executions.log && date +%N > out.txt
                    outputs: [out.txt]
                    cache: false
            """);
        scenario.Run();

        var (_, report) = scenario.Run();

        Assert.Equal("ran", report.State("s.always"));
        Assert.Equal("cache disabled", report.Reason("s.always"));
        Assert.Equal(2, scenario.Executions());
    }

    [Fact]
    public void Should_not_rewrite_the_lock_file_when_nothing_ran()
    {
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\n");
        scenario.Run();
        var written = File.GetLastWriteTimeUtc(scenario.Workspace.PathOf("pipeline.lock"));
        Thread.Sleep(50);

        scenario.Run();

        Assert.Equal(written, File.GetLastWriteTimeUtc(scenario.Workspace.PathOf("pipeline.lock")));
    }

    [Fact]
    public void Should_not_record_last_run_s_output_when_the_step_stops_writing_it()
    {
        // Given a step that wrote its output, then is changed so that it no longer does
        using var scenario = new Scenario("pipeline: demo\nstages:\n  s:\n    steps:\n      t:\n        run: echo v1 > out.txt\n        outputs: [out.txt]\n");
        scenario.Run();
        scenario.Workspace.Write("pipeline.yaml", "pipeline: demo\nstages:\n  s:\n    steps:\n      t:\n        run: echo forgot\n        outputs: [out.txt]\n");

        // When
        var (result, report) = scenario.Run();

        // Then declared outputs were removed before the step ran, so the stale file is not taken as new
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", report.State("s.t"));
        Assert.Contains("PB4005", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_excluded_files_out_of_folder_and_glob_inputs()
    {
        // Given inputs that exclude build output, as "!pattern" entries
        using var scenario = new Scenario("""
            pipeline: demo
            stages:
              s:
                steps:
                  glob:
                    run: cat src/*.txt > out/glob.txt
                    inputs: ["src/**/*.txt", "!**/obj/**"]
                    outputs: [out/glob.txt]
                  folder:
                    run: ls -R src > out/folder.txt
                    inputs: [src/, "!**/obj/**"]
                    outputs: [out/folder.txt]
            """);
        scenario.Workspace.Write("src/a.txt", "a");
        scenario.Workspace.Write("src/obj/generated.txt", "1");
        scenario.Run();

        // When only an excluded file changes, then a real input
        scenario.Workspace.Write("src/obj/generated.txt", "2");
        var (_, excludedChanged) = scenario.Run();
        scenario.Workspace.Write("src/a.txt", "A");
        var (_, inputChanged) = scenario.Run();

        // Then the first run does nothing and the second names the input
        Assert.Equal("up-to-date", excludedChanged.State("s.glob"));
        Assert.Equal("up-to-date", excludedChanged.State("s.folder"));
        Assert.Equal("input changed: src/a.txt", inputChanged.Reason("s.glob"));
        Assert.Equal("input changed: src/a.txt", inputChanged.Reason("s.folder"));
    }

    [Fact]
    public void Should_keep_the_cache_intact_when_a_restored_output_is_written_in_place()
    {
        // Given an output that came back from the cache, then was overwritten in place (as root, read-only bits would not stop it)
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Run();
        scenario.Workspace.Delete("out/double.txt");
        scenario.Run();
        using (var stream = new FileStream(scenario.Workspace.PathOf("out/double.txt"), FileMode.Open, FileAccess.Write))
        {
            stream.Write("999"u8);
        }

        // When the output is restored once more
        scenario.Workspace.Delete("out/double.txt");
        var (_, report) = scenario.Run();

        // Then the store still held the original bytes: restores copy, they never share the file
        Assert.Equal("restored", report.State("report.double"));
        Assert.Equal("6", scenario.Workspace.Read("out/double.txt").Trim());
    }

    [Fact]
    public void Should_run_instead_of_restoring_when_the_cached_object_is_damaged()
    {
        // Given a cached output whose object in the store was tampered with, and the output deleted
        using var scenario = new Scenario(TwoSteps);
        scenario.Workspace.Write("data/in.txt", "a\nb\nc\n");
        scenario.Run();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(scenario.Root, ".pipeline/cache/cas"), "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (File.ReadAllText(file) == "6\n")
            {
                File.WriteAllText(file, "666\n");
            }
        }

        scenario.Workspace.Delete("out/double.txt");

        // When
        var (result, report) = scenario.Run();

        // Then the damage is detected, reported, and the step reruns to the right result
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ran", report.State("report.double"));
        Assert.Contains("PB4006", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("6", scenario.Workspace.Read("out/double.txt").Trim());
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
