using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class FullPipelineLoadingTests
{
    private const string SpecExample = """
        pipeline: iris                  # required; [a-z0-9][a-z0-9-]*
        workspace: .
        params:
          seed: 42
          train: { depth: 5, lr: 0.1 }
        env: { PYTHONHASHSEED: "0" }
        images:
          sklearn: { build: docker/sklearn }
        tasks: build/Tasks/Tasks.csproj
        stages:
          prepare:
            steps:
              split:
                run: python3 src/split.py --seed ${{ params.seed }}
                inputs: [src/split.py, "data/raw/**/*.csv"]
                outputs: [data/split/]
          train:
            needs: [prepare]
            image: sklearn
            steps:
              fit:
                run: python3 src/train.py
                inputs: [src/train.py, data/split/]
                params: [train.depth]
                outputs: [models/model.pkl]
                metrics: [metrics/train.json]
                timeout: 30m
                retries: 1
              evaluate:
                task: Evaluate
                with: { threshold: 0.9 }
                inputs: [models/model.pkl, data/split/test.csv]
                metrics: [metrics/eval.json]
        artifacts:
          iris-model:
            path: models/
            version: 1.0.x
            publish: [local]
        schedules:
          - cron: "0 3 * * *"
          - watch: ["data/raw/**"]
        """;

    [Fact]
    public void Should_load_the_spec_example_into_the_expected_definitions()
    {
        // Given the example pipeline of docs/pipeline-format.md
        // When it is loaded
        var pipeline = LoaderTestKit.AssertLoads(SpecExample).Pipeline!;

        // Then the top level is read
        Assert.Equal("iris", pipeline.Name);
        Assert.Equal(Path.GetFullPath("pipelines"), pipeline.WorkspaceRoot);
        Assert.Equal("42", pipeline.Params.Find("seed")!.ToExpansionText());
        Assert.Equal("0", pipeline.Env["PYTHONHASHSEED"]);
        Assert.Equal("build/Tasks/Tasks.csproj", pipeline.TasksProject);
        var image = Assert.Single(pipeline.Images);
        Assert.Equal(("sklearn", "docker/sklearn", PullPolicy.Missing), (image.Name, image.BuildContext, image.Pull));

        // And the stages and steps, in file order
        Assert.Equal(["prepare", "train"], pipeline.Stages.Select(s => s.Name));
        Assert.Equal(["train.fit", "train.evaluate"], pipeline.Stages[1].StepIds);
        Assert.Equal("prepare", Assert.Single(pipeline.Stages[1].Needs).Target);
        Assert.Equal(["prepare.split", "train.fit", "train.evaluate"], pipeline.Steps.Select(s => s.Id));
    }

    [Fact]
    public void Should_expand_and_normalize_each_step_of_the_spec_example()
    {
        // Given / When
        var steps = LoaderTestKit.AssertLoads(SpecExample).Pipeline!.Steps;

        // Then the host step has its command expanded and its paths classified
        var split = steps[0];
        Assert.Equal(StepKind.Host, split.Kind);
        Assert.Equal("python3 src/split.py --seed 42", split.Command);
        Assert.Equal(["seed"], split.Params);
        Assert.Equal("0", split.Env["PYTHONHASHSEED"]);
        Assert.Equal(InputKind.Glob, split.Inputs[1].Kind);
        var output = Assert.Single(split.Outputs);
        Assert.Equal(("data/split", true), (output.Path, output.IsFolder));

        // And the stage image makes the fit step a container step
        var fit = steps[1];
        Assert.Equal((StepKind.Container, "sklearn"), (fit.Kind, fit.Image));
        Assert.Equal(["train.depth"], fit.Params);
        Assert.Equal(TimeSpan.FromMinutes(30), fit.Timeout);
        Assert.Equal(1, fit.Retries);
        Assert.True(fit.Inputs[1].IsFolder);
        Assert.Equal(["metrics/train.json"], fit.Metrics);

        // And the task step keeps its with values and no image
        var evaluate = steps[2];
        Assert.Equal((StepKind.Task, "Evaluate", null), (evaluate.Kind, evaluate.Task, evaluate.Image));
        Assert.Equal("0.9", evaluate.With["threshold"]!.ToExpansionText());
    }

    [Fact]
    public void Should_read_artifacts_and_schedules_of_the_spec_example()
    {
        // Given / When
        var pipeline = LoaderTestKit.AssertLoads(SpecExample).Pipeline!;

        // Then
        var artifact = Assert.Single(pipeline.Artifacts);
        Assert.Equal(("iris-model", "models/", "1.0.x"), (artifact.Name, artifact.Path, artifact.Version));
        Assert.Equal(["local"], artifact.Publish);
        Assert.Equal([ScheduleKind.Cron, ScheduleKind.Watch], pipeline.Schedules.Select(s => s.Kind));
        Assert.Equal("0 3 * * *", pipeline.Schedules[0].Cron);
        Assert.Equal(["data/raw/**"], pipeline.Schedules[1].Watch);
    }

    [Fact]
    public void Should_read_step_options_and_resources()
    {
        // Given
        const string yaml = """
            pipeline: p
            images:
              base: { image: "busybox:1.36", pull: never }
            stages:
              s:
                steps:
                  a:
                    run: echo hi
                    image: base
                    network: none
                    cache: false
                    timeout: 1h30m
                    resources: { cpus: 1.5, memory: 512m, gpus: all }
                    shell: sh
                    description: says hi
            """;

        // When
        var pipeline = LoaderTestKit.AssertLoads(yaml).Pipeline!;

        // Then
        var step = Assert.Single(pipeline.Steps);
        Assert.Equal((StepKind.Container, "none", false), (step.Kind, step.Network, step.Cache));
        Assert.Equal(TimeSpan.FromMinutes(90), step.Timeout);
        Assert.Equal(new ResourceLimits(1.5, 512L * 1024 * 1024, "all"), step.Resources);
        Assert.Equal("sh", step.Shell);
        Assert.Equal(("busybox:1.36", PullPolicy.Never), (pipeline.Images[0].Reference, pipeline.Images[0].Pull));
    }
}
