using System.Diagnostics;

namespace PipelineBuild.EndToEnd.Tests.Security;

/// <summary>
/// A cache written by someone else (a shared or copied <c>.pipeline/</c>, later a remote) cannot make a
/// run write outside the workspace, restore another step's bytes, hang, or break every later run.
/// </summary>
public sealed class PoisonedCacheTests
{
    private const string Pipeline = """
        pipeline: poison
        stages:
          build:
            steps:
              make:
                run: mkdir -p out && echo made > out/a.txt && echo ran >> executions.log
                outputs: [out/]
        """;

    [Fact]
    public void Should_run_the_step_instead_of_restoring_a_tree_listing_that_names_a_path_outside_the_workspace()
    {
        // Given a cache whose folder listing also names '../POISON-….txt' and an absolute path
        using var scenario = new Scenario(Pipeline);
        scenario.Tool("run").Succeeds();
        var cache = new CacheStore(scenario.Root);
        var name = $"POISON-{Guid.NewGuid():N}.txt";
        var absolute = Path.Combine(Path.GetDirectoryName(scenario.Root)!, "abs-" + name);
        var blob = cache.Put("pwned\n");
        var listing = cache.Put($"{CacheStore.Hex("made\n")}  out/a.txt\n{blob}  ../{name}\n{blob}  {absolute}\n");
        cache.RewriteOutputs(new() { ["out/"] = listing });
        scenario.Workspace.Delete("out");

        // When
        var result = scenario.Tool("run");

        // Then nothing is written outside; the step ran instead and its output is its own
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(scenario.Root)!, name)));
        Assert.False(File.Exists(absolute));
        Assert.Contains("PB4011", result.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, scenario.Executions());
        Assert.Equal("made\n", scenario.Workspace.Read("out/a.txt"));
    }

    [Fact]
    public void Should_run_the_step_instead_of_restoring_an_entry_whose_output_key_leaves_the_workspace()
    {
        // Given the entry maps '../POISON_KEY-….txt' (an output the step does not declare) to a stored blob
        using var scenario = new Scenario(Pipeline);
        scenario.Tool("run").Succeeds();
        var cache = new CacheStore(scenario.Root);
        var name = $"POISON_KEY-{Guid.NewGuid():N}.txt";
        cache.RewriteOutputs(new() { ["../" + name] = cache.Put("pwned\n") });
        scenario.Workspace.Delete("out");

        // When
        var result = scenario.Tool("run");

        // Then
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(scenario.Root)!, name)));
        Assert.Contains("PB4001", result.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, scenario.Executions());
    }

    [Fact]
    public void Should_finish_the_run_when_a_store_object_is_a_fifo()
    {
        // Given the object of out/a.txt replaced by a FIFO nobody writes to
        using var scenario = new Scenario(Pipeline);
        scenario.Tool("run").Succeeds();
        var cache = new CacheStore(scenario.Root);
        cache.Replace(CacheStore.Hex("made\n"), Mkfifo);
        scenario.Workspace.Delete("out");

        // When
        var result = scenario.Tool("run");

        // Then the restore missed, the step ran and the store holds the object again
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, scenario.Executions());
        Assert.Equal("made\n", File.ReadAllText(cache.ObjectPath(CacheStore.Hex("made\n"))));
    }

    [Fact]
    public void Should_repair_a_store_object_replaced_by_a_folder_instead_of_failing_every_later_run()
    {
        using var scenario = new Scenario(Pipeline);
        scenario.Tool("run").Succeeds();
        var cache = new CacheStore(scenario.Root);
        cache.Replace(CacheStore.Hex("made\n"), p => Directory.CreateDirectory(Path.Combine(p, "x")));
        scenario.Workspace.Delete("out");

        var first = scenario.Tool("run");
        scenario.Workspace.Delete("out");
        var second = scenario.Tool("run");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("IO_FileExists", first.ToString() + second, StringComparison.Ordinal);
        Assert.Equal(2, scenario.Executions());
        Assert.Equal("made\n", scenario.Workspace.Read("out/a.txt"));
    }

    private static void Mkfifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
