using System.Diagnostics;
using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>A small "training" pipeline in a git repository: split → fit (params) → evaluate (metrics), with artifacts.</summary>
internal static class MlScenario
{
    public const string Pipeline = """
        pipeline: iris
        params:
          seed: 42
          train: { depth: 5, lr: 0.1 }
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
                run: |
                  mkdir -p models
                  echo "depth=${{ params.train.depth }} lr=${{ params.train.lr }}" > models/model.txt
                  cat data/split/train.csv >> models/model.txt
                  echo '{"train": {"loss": 0.${{ params.train.depth }}}, "auc": NaN}' > metrics-train.json
                inputs: [data/split/]
                outputs: [models/]
                metrics: [metrics-train.json]
              evaluate:
                run: |
                  echo "accuracy: 0.9${{ params.train.depth }}" > eval.yaml
                inputs: [models/]
                metrics: [eval.yaml]
        artifacts:
          iris-model:
            path: models/
            version: 1.0.x
          iris-data:
            path: data/split/
        """;

    public static Scenario Create(string? pipeline = null, bool git = true)
    {
        var scenario = new Scenario(pipeline ?? Pipeline);
        scenario.Workspace.Write("data/raw.csv", "sepal,petal\n5.1,1.4\n");
        scenario.Workspace.Write(".gitignore", ".pipeline/\n");
        if (git)
        {
            Git(scenario.Root, "init", "-q");
            Commit(scenario.Root, "initial");
        }

        return scenario;
    }

    public static void Commit(string root, string message)
    {
        Git(root, "add", "-A");
        Git(root, "-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-q", "-m", message);
    }

    public static string Git(string root, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
        return output.Trim();
    }

    /// <summary>Runs the tool with <c>--json</c> and parses stdout, failing with the tool's output when it did not succeed.</summary>
    public static JsonElement Json(this Scenario scenario, params string[] args)
    {
        var result = scenario.Tool([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    public static void Succeeds(this ToolResult result) => Assert.True(result.ExitCode == 0, result.ToString());
}
