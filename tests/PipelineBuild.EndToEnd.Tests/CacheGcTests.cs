using System.Diagnostics;
using Docker.DotNet.Models;
using PipelineBuild.EndToEnd.Tests.Docker;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary><c>cache gc</c> on real workspaces: what goes, what the lock file keeps, the workspace lock, and old images.</summary>
public sealed class CacheGcTests
{
    private const string Pipeline = """
        pipeline: gc
        stages:
          s:
            steps:
              copy:
                run: cp data/in.txt out.txt
                inputs: [data/in.txt]
                outputs: [out.txt]
        """;

    [Fact]
    public void Should_remove_entries_unused_for_longer_than_keep_days_but_keep_what_the_lock_file_needs()
    {
        // Given two versions of the input, each run once, and a cache last touched 40 days ago
        using var scenario = TwoVersionsRunLongAgo();

        // When
        var gc = scenario.Tool("cache", "gc", "--keep-days", "30");

        // Then the entry of 'one' went; the lock file's entry ('two') stayed and restores
        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.Contains("local cache: removed 1 entry and 1 object", gc.Stdout, StringComparison.Ordinal);
        scenario.Workspace.Write("data/in.txt", "one\n");
        Assert.Equal("ran", scenario.Run().Report.State("s.copy"));
        scenario.Workspace.Write("data/in.txt", "two\n");
        var (result, report) = scenario.Run();
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("restored", report.State("s.copy"));
        Assert.Equal("two\n", scenario.Workspace.Read("out.txt"));
    }

    [Fact]
    public void Should_say_what_it_would_remove_on_a_dry_run_and_remove_nothing()
    {
        using var scenario = TwoVersionsRunLongAgo();

        var gc = scenario.Tool("cache", "gc", "--dry-run", "--max-size", "1KB");

        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.Contains("local cache: would remove 1 entry and 1 object", gc.Stdout, StringComparison.Ordinal);
        scenario.Workspace.Write("data/in.txt", "one\n");
        Assert.Equal("restored", scenario.Run().Report.State("s.copy"));
    }

    [Fact]
    public void Should_sweep_the_temp_file_a_killed_definition_write_left_and_keep_the_cached_definition()
    {
        // Given a workspace whose definition is cached (the second run stores it) and a killed writer's temp file beside it
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("data/in.txt", "one\n");
        Assert.Equal(0, scenario.Run().Result.ExitCode);
        Assert.Equal(0, scenario.Run().Result.ExitCode);
        var definitions = Path.Combine(scenario.Root, ".pipeline", "definitions");
        var entry = Assert.Single(Directory.GetFiles(definitions));
        var stray = Path.Combine(definitions, $".{Path.GetFileName(entry)}.2000000000.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stray, "half an entry");

        // When
        var gc = scenario.Tool("cache", "gc");

        // Then the temp file went, the entry stayed
        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.Contains("definitions: removed 1 leftover of interrupted writes", gc.Stdout, StringComparison.Ordinal);
        Assert.Equal([entry], Directory.GetFiles(definitions));
    }

    [Fact]
    public void Should_refuse_a_size_it_cannot_read_with_exit_code_2()
    {
        using var scenario = new Scenario(Pipeline);

        var gc = scenario.Tool("cache", "gc", "--max-size", "ten gigs");

        Assert.Equal(2, gc.ExitCode);
        Assert.Contains("PB4050", gc.Stderr, StringComparison.Ordinal);
        Assert.Contains("--max-size", gc.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_not_collect_while_a_run_holds_the_workspace_and_wait_for_it_without_no_wait()
    {
        // Given a run that holds the workspace until the test releases it
        using var scenario = new Scenario("""
            pipeline: gc
            stages:
              s:
                steps:
                  hold:
                    run: touch started; while [ ! -f release ]; do sleep 0.1; done; echo done > out.txt
                    outputs: [out.txt]
            """);
        using var run = PipelineTool.Start(scenario.Root, null, "run");
        WaitFor(() => scenario.Workspace.Exists("started"));

        // When gc is asked with --no-wait, and without it
        var refused = scenario.Tool("cache", "gc", "--no-wait");
        using var waiting = PipelineTool.Start(scenario.Root, null, "cache", "gc", "--keep-days", "0");
        var waitingOutput = waiting.StandardOutput.ReadToEndAsync();
        var told = await waiting.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        scenario.Workspace.Write("release", "");
        var waitingErrors = await waiting.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        await waiting.WaitForExitAsync();

        // Then the first is refused, the second waited for the run and kept what its lock file names
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("another run", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        Assert.True(waiting.ExitCode == 0, told + waitingErrors);
        Assert.Contains("waiting for another run", told, StringComparison.Ordinal);
        Assert.Contains("local cache: removed 0 entries", await waitingOutput, StringComparison.Ordinal);
        Assert.Equal("up-to-date", scenario.Run().Report.State("s.hold"));
    }

    [DockerFact]
    public void Should_remove_old_images_of_the_pipeline_but_keep_the_current_one()
    {
        // Given an image built twice from a changed context
        TestEngine.EnsureAvailable();
        var name = $"gc{Guid.NewGuid().ToString("N")[..10]}";
        using var scenario = new Scenario($$"""
            pipeline: gcimages
            images:
              {{name}}: { build: docker/tools }
            stages:
              s:
                image: {{name}}
                steps:
                  words:
                    run: cat /marker.txt > words.txt
                    outputs: [words.txt]
            """);
        scenario.Workspace.Write("docker/tools/Dockerfile", $"FROM {TestEngine.BaseImage}\nCOPY marker.txt /marker.txt\n");
        scenario.Workspace.Write("docker/tools/marker.txt", "v1\n");
        var first = scenario.Run().Result;
        scenario.Workspace.Write("docker/tools/marker.txt", "v2\n");
        var second = scenario.Run().Result;
        var oldTag = BuiltTag(first.Stdout, name);
        var currentTag = BuiltTag(second.Stdout, name);
        try
        {
            Assert.NotEqual(oldTag, currentTag);
            Assert.NotNull(TestEngine.ImageId(oldTag));

            // When
            var gc = scenario.Tool("cache", "gc", "--keep-days", "0");

            // Then
            Assert.True(gc.ExitCode == 0, gc.ToString());
            Assert.Contains($"images: removed {oldTag}", gc.Stdout, StringComparison.Ordinal);
            Assert.Null(TestEngine.ImageId(oldTag));
            Assert.NotNull(TestEngine.ImageId(currentTag));
            Assert.Equal("up-to-date", scenario.Run().Report.State("s.words"));
        }
        finally
        {
            RemoveImage(oldTag);
            RemoveImage(currentTag);
        }
    }

    internal static string BuiltTag(string stdout, string imageName)
    {
        var marker = $"building image '{imageName}' as ";
        var line = stdout.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(line is not null, $"no image was built:\n{stdout}");
        return line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
    }

    internal static void RemoveImage(string tag)
    {
        using var client = TestEngine.Client();
        try
        {
            client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true }).GetAwaiter().GetResult();
        }
        catch (global::Docker.DotNet.DockerImageNotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>A workspace where 'one' then 'two' were run, every file of its local cache set back 40 days, as if last used then.</summary>
    private static Scenario TwoVersionsRunLongAgo()
    {
        var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("data/in.txt", "one\n");
        Assert.Equal(0, scenario.Run().Result.ExitCode);
        scenario.Workspace.Write("data/in.txt", "two\n");
        Assert.Equal(0, scenario.Run().Result.ExitCode);
        var when = DateTime.UtcNow - TimeSpan.FromDays(40);
        foreach (var path in Directory.EnumerateFiles(scenario.Workspace.PathOf(".pipeline/cache"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(path, when);
        }

        return scenario;
    }

    private static void WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the condition was not met within a minute");
            Thread.Sleep(50);
        }
    }
}
