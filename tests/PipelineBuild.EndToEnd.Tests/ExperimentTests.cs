using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests;

public sealed partial class ExperimentTests : IDisposable
{
    // split uses no param (shared by every experiment); fit uses both varied params. Every execution is
    // logged outside the workspace (the experiments run in copies), and fit exports its outputs, which
    // carry a nanosecond timestamp, so that only a restore can reproduce them byte for byte.
    private const string Pipeline = """
        pipeline: exps
        params:
          train: { lr: 0.1, depth: 1 }
        stages:
          prepare:
            steps:
              split:
                run: echo split >> "$EXEC_LOG" && mkdir -p data && cat raw.txt > data/split.txt
                inputs: [raw.txt]
                outputs: [data/split.txt]
          train:
            steps:
              fit:
                env: { LR: "${{ params.train.lr }}", DEPTH: "${{ params.train.depth }}" }
                run: >-
                  echo fit >> "$EXEC_LOG" && mkdir -p out metrics &&
                  { cat data/split.txt; echo "$LR $DEPTH"; date +%s%N; } > out/model.txt &&
                  awk -v lr="$LR" -v d="$DEPTH" 'BEGIN { printf "{\"score\": %s}\n", lr * d }' > metrics/score.json &&
                  mkdir -p "$EXPORT/$LR-$DEPTH" && cp out/model.txt metrics/score.json "$EXPORT/$LR-$DEPTH/"
                inputs: [data/split.txt]
                outputs: [out/model.txt]
                metrics: [metrics/score.json]
        """;

    private readonly string _outside = Directory.CreateTempSubdirectory("pb-exp-").FullName;

    private Dictionary<string, string> Env => new(StringComparer.Ordinal)
    {
        ["EXEC_LOG"] = Path.Combine(_outside, "executions.log"),
        ["EXPORT"] = Path.Combine(_outside, "export"),
    };

    [Fact]
    public void Should_run_a_2x3_grid_in_copies_running_the_shared_step_once_and_leaving_the_workspace_untouched()
    {
        // Given a workspace that never ran
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("raw.txt", "a\nb\n");
        var before = Snapshot(scenario.Root);

        // When a 2×3 grid runs two experiments at a time
        var result = PipelineTool.Run(scenario.Root, Env, "exp", "run", "--grid", "train.lr=0.1,0.2;train.depth=1,2,3", "--jobs", "2", "--name", "grid");

        // Then six experiments ran, the shared step once, and the workspace is as it was
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, Executions("split"));
        Assert.Equal(6, Executions("fit"));
        Assert.Equal(before, Snapshot(scenario.Root));
        Assert.False(Directory.EnumerateFileSystemEntries(Path.Combine(scenario.Root, ".pipeline", "exp")).Any(), "a copy of the workspace was left behind");

        using var show = JsonDocument.Parse(scenario.Tool("exp", "show", "--json", "--sort-by", "score").Stdout);
        var rows = show.RootElement.EnumerateArray().ToList();
        Assert.Equal(["grid-1", "grid-2", "grid-3", "grid-4", "grid-5", "grid-6"], rows.Select(r => r.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal("succeeded", r.GetProperty("status").GetString()));
        Assert.Equal("grid-6", rows[0].GetProperty("name").GetString());
        Assert.True(rows[0].GetProperty("best").GetBoolean());
        Assert.Equal(0.6, rows[0].GetProperty("metrics").GetProperty("score").GetDouble(), 6);
        Assert.Equal("3", rows[0].GetProperty("params").GetProperty("train.depth").GetString());

        var table = scenario.Tool("exp", "show", "--sort-by", "score", "--sort-order", "asc");
        var first = table.Stdout.Split('\n')[1];
        Assert.StartsWith("*", first, StringComparison.Ordinal);
        Assert.Contains("grid-1", first, StringComparison.Ordinal);
        Assert.Contains("train.lr", table.Stdout.Split('\n')[0], StringComparison.Ordinal);

        var remove = scenario.Tool("exp", "remove", "grid-1");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        using var after = JsonDocument.Parse(scenario.Tool("exp", "show", "--json").Stdout);
        Assert.Equal(5, after.RootElement.GetArrayLength());
        var unknown = scenario.Tool("exp", "apply", "grid-1");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("PB1073", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_bring_the_chosen_experiments_params_and_outputs_byte_for_byte_with_exp_apply()
    {
        // Given a grid of experiments
        using var scenario = new Scenario(Pipeline);
        scenario.Workspace.Write("raw.txt", "a\nb\n");
        var run = PipelineTool.Run(scenario.Root, Env, "exp", "run", "--grid", "train.lr=0.1,0.2;train.depth=1,2,3", "--jobs", "2", "--name", "grid");
        Assert.True(run.ExitCode == 0, run.ToString());

        // When the best one is applied
        var apply = PipelineTool.Run(scenario.Root, Env, "exp", "apply", "grid-6");

        // Then its params are in the pipeline file and its outputs are the experiment's, restored, not recomputed
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("train: { lr: 0.2, depth: 3 }", scenario.Workspace.Read("pipeline.yaml"), StringComparison.Ordinal);
        var exported = Path.Combine(_outside, "export", "0.2-3");
        Assert.Equal(File.ReadAllBytes(Path.Combine(exported, "model.txt")), File.ReadAllBytes(scenario.Workspace.PathOf("out/model.txt")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(exported, "score.json")), File.ReadAllBytes(scenario.Workspace.PathOf("metrics/score.json")));
        Assert.Equal(6, Executions("fit"));
        Assert.Equal(0, PipelineTool.Run(scenario.Root, Env, "status", "--exit-code").ExitCode);
    }

    [Fact]
    public void Should_stop_every_experiment_and_remove_the_copies_on_ctrl_c()
    {
        // Given two experiments running at once, each in a long step
        using var scenario = new Scenario("""
            pipeline: slow
            params: { n: 1 }
            stages:
              s:
                steps:
                  wait:
                    env: { N: "${{ params.n }}" }
                    run: echo "$N" >> "$EXEC_LOG" && sleep 60 && echo done > out.txt
                    outputs: [out.txt]
            """);
        using var process = PipelineTool.Start(scenario.Root, Env, "exp", "run", "--grid", "n=1,2", "--jobs", "2");
        var clock = Stopwatch.StartNew();
        while (Executions("1") + Executions("2") < 2)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the experiments never started");
            Thread.Sleep(50);
        }

        // When Ctrl-C reaches the tool
        Assert.Equal(0, Kill(process.Id, 2));

        // Then both stop, the tool exits 130 and no copy is left
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the tool did not stop within 30 s");
        Assert.Equal(130, process.ExitCode);
        Assert.False(Directory.EnumerateFileSystemEntries(Path.Combine(scenario.Root, ".pipeline", "exp")).Any(), "a copy of the workspace was left behind");
        Assert.False(scenario.Workspace.Exists("out.txt"));
    }

    public void Dispose() => Directory.Delete(_outside, recursive: true);

    private int Executions(string line)
    {
        var log = Path.Combine(_outside, "executions.log");
        return File.Exists(log) ? File.ReadAllLines(log).Count(l => string.Equals(l, line, StringComparison.Ordinal)) : 0;
    }

    /// <summary>Every file of the workspace but its state folder, with its bytes.</summary>
    private static SortedDictionary<string, string> Snapshot(string root)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (!relative.StartsWith(".pipeline", StringComparison.Ordinal))
            {
                files[relative] = Convert.ToBase64String(File.ReadAllBytes(file));
            }
        }

        return files;
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
