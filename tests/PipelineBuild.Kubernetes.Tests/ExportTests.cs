using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Kubernetes.Export;
using PipelineBuild.Kubernetes.Jobs;
using PipelineBuild.Testing;

namespace PipelineBuild.Kubernetes.Tests;

public sealed class ExportTests
{
    private const string FanOut = """
        pipeline: iris
        params:
          seed: 42
          train: { depth: 7 }
        env:
          LC_ALL: C
        stages:
          prep:
            image: python:3.12-slim
            steps:
              split:
                run: python3 split.py --seed ${{ params.seed }}
                inputs: [split.py]
                outputs: [data/train.csv, data/test.csv]
          train:
            image: python:3.12-slim
            steps:
              fit:
                run: python3 fit.py --depth ${{ params.train.depth }}
                inputs: [fit.py, data/train.csv]
                outputs: [model.pkl]
                retries: 2
                timeout: 90s
                resources: { cpus: 1.5, memory: 512m, gpus: 1 }
              baseline:
                run: python3 baseline.py
                inputs: [baseline.py, data/train.csv]
                outputs: [baseline.pkl]
          report:
            image: python:3.12-slim
            steps:
              compare:
                run: python3 compare.py
                inputs: [compare.py, model.pkl, baseline.pkl, data/test.csv]
                outputs: [report.md]
        """;

    [Fact]
    public void Should_export_one_argo_task_per_step_whose_dependencies_are_the_graph_s()
    {
        using var workspace = FanOutWorkspace();
        var (pipeline, graph) = Pipelines.Load(workspace, FanOut);
        var plan = ExportPlan.Make(pipeline, graph, new Dictionary<string, string>());

        var workflow = StrictManifests.Workflow(ManifestWriter.Write(plan, ExportFormat.Argo, new KubernetesSettings()));

        Assert.Equal("argoproj.io/v1alpha1", workflow.ApiVersion);
        Assert.Equal("Workflow", workflow.Kind);
        var dag = Assert.Single(workflow.Spec.Templates, t => t.Name == workflow.Spec.Entrypoint).Dag!;
        Assert.Equal(graph.Steps.Count, dag.Tasks.Count);
        var nameOf = plan.Steps.ToDictionary(s => s.Step.Id, s => s.Name, StringComparer.Ordinal);
        foreach (var step in graph.Steps)
        {
            var task = Assert.Single(dag.Tasks, t => t.Name == nameOf[step.Id]);
            var expected = graph.DependenciesOf(step.Id).Select(d => nameOf[d.Id]).Order(StringComparer.Ordinal);
            Assert.Equal(expected, (task.Dependencies ?? []).Order(StringComparer.Ordinal));
            var template = Assert.Single(workflow.Spec.Templates, t => t.Name == task.Template);
            Assert.Equal("python:3.12-slim", template.Container!.Image);
            Assert.Equal(["sh", "-e", "-c"], template.Container.Command);
            Assert.Equal([step.Command!], template.Container.Args);
            Assert.Equal("/workspace", template.Container.WorkingDir);
        }

        Assert.Equal(["prep.split"], graph.DependenciesOf("train.fit").Select(s => s.Id));
        Assert.Equal(2, graph.DependenciesOf("report.compare").Count(s => s.Id.StartsWith("train.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_export_params_as_workflow_parameters_given_to_the_steps_that_use_them()
    {
        using var workspace = FanOutWorkspace();
        var (pipeline, graph) = Pipelines.Load(workspace, FanOut, ["train.depth=9"]);
        var plan = ExportPlan.Make(pipeline, graph, new Dictionary<string, string>());

        var workflow = StrictManifests.Workflow(ManifestWriter.Write(plan, ExportFormat.Argo, new KubernetesSettings()));

        Assert.Equal([("seed", "42"), ("train_depth", "9")], workflow.Spec.Arguments!.Parameters.Select(p => (p.Name, p.Value)));
        var fit = plan.Steps.Single(s => s.Step.Id == "train.fit").Name;
        var task = workflow.Spec.Templates.Single(t => t.Dag is not null).Dag!.Tasks.Single(t => t.Name == fit);
        Assert.Equal([("train_depth", "{{workflow.parameters.train_depth}}")], task.Arguments!.Parameters.Select(p => (p.Name, p.Value)));
        var template = workflow.Spec.Templates.Single(t => t.Name == fit);
        Assert.Equal(["train_depth"], template.Inputs!.Parameters.Select(p => p.Name));
        Assert.Contains(template.Container!.Env, e => e.Name == "PIPELINEBUILD_PARAM_TRAIN_DEPTH" && e.Value == "{{inputs.parameters.train_depth}}");
        Assert.Equal(["python3 fit.py --depth 9"], template.Container.Args);
        Assert.Equal("2", template.RetryStrategy!.Limit.Value);
        Assert.Equal("90", template.ActiveDeadlineSeconds!.Value);
        var baseline = workflow.Spec.Templates.Single(t => t.Name == plan.Steps.Single(s => s.Step.Id == "train.baseline").Name);
        Assert.Null(baseline.Inputs);
    }

    [Fact]
    public void Should_export_plain_jobs_in_dependency_order_that_read_back_strictly()
    {
        using var workspace = FanOutWorkspace();
        var (pipeline, graph) = Pipelines.Load(workspace, FanOut);
        var plan = ExportPlan.Make(pipeline, graph, new Dictionary<string, string>());
        var settings = KubernetesSettingsReader.Read("ml", "trainer", ["pool=gpu"], ["gpu=true:NoSchedule"], ["regcred"], 120, "iris-workspace", "iris-secrets");

        var jobs = StrictManifests.Jobs(ManifestWriter.Write(plan, ExportFormat.Kubernetes, settings));

        Assert.Equal(graph.Steps.Select(s => s.Id), jobs.Select(j => j.Metadata.Annotations[JobLabels.StepIdAnnotation]));
        Assert.Equal(jobs.Count, jobs.Select(j => j.Metadata.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(jobs, job =>
        {
            Assert.Equal("batch/v1", job.ApiVersion);
            Assert.Equal("ml", job.Metadata.NamespaceProperty);
            Assert.Equal(0, job.Spec.BackoffLimit);
            Assert.Equal(120, job.Spec.TtlSecondsAfterFinished);
            Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
            Assert.Equal("trainer", job.Spec.Template.Spec.ServiceAccountName);
            Assert.Equal("gpu", job.Spec.Template.Spec.NodeSelector["pool"]);
            Assert.Equal(("gpu", "Equal", "true", "NoSchedule"), job.Spec.Template.Spec.Tolerations.Select(t => (t.Key, t.OperatorProperty, t.Value, t.Effect)).Single());
            Assert.Equal(["regcred"], job.Spec.Template.Spec.ImagePullSecrets.Select(s => s.Name));
            Assert.Equal("iris-workspace", job.Spec.Template.Spec.Volumes.Single().PersistentVolumeClaim.ClaimName);
            Assert.Equal("pipelinebuild", job.Metadata.Labels[JobLabels.ManagedBy]);
            Assert.Equal(job.Metadata.Labels, job.Spec.Template.Metadata.Labels);
        });
        var fit = jobs.Single(j => j.Metadata.Annotations[JobLabels.StepIdAnnotation] == "train.fit");
        Assert.Equal("prep.split", fit.Metadata.Annotations[JobLabels.NeedsAnnotation]);
        Assert.Equal(90, fit.Spec.ActiveDeadlineSeconds);
        var resources = fit.Spec.Template.Spec.Containers.Single().Resources;
        Assert.Equal("1500m", resources.Limits["cpu"].ToString());
        Assert.Equal(512L * 1024 * 1024, resources.Requests["memory"].ToInt64());
        Assert.Equal("1", resources.Limits["nvidia.com/gpu"].ToString());
        Assert.False(resources.Requests.ContainsKey("nvidia.com/gpu"));
    }

    [Fact]
    public void Should_keep_hostile_names_and_commands_as_data_in_both_formats()
    {
        using var workspace = TestWorkspace.Create();
        var (pipeline, graph) = Pipelines.Load(workspace, """
            pipeline: hostile
            params:
              msg: "it's \"$(rm -rf /)\" `id` ${HOME}\n--- !!binary x: [y]"
            stages:
              s:
                image: busybox
                steps:
                  a:
                    run: |
                      echo "quote ' and \" and $(whoami)" > out.txt
                      echo ${{ params.msg }} >> out.txt
                    outputs: [out.txt]
                    env: { "TRICK": "true", "OCTAL": "0755", "COLON": "a: b # c" }
            """);
        var plan = ExportPlan.Make(pipeline, graph, new Dictionary<string, string>());

        var job = Assert.Single(StrictManifests.Jobs(ManifestWriter.Write(plan, ExportFormat.Kubernetes, new KubernetesSettings())));
        var workflow = StrictManifests.Workflow(ManifestWriter.Write(plan, ExportFormat.Argo, new KubernetesSettings()));

        var command = pipeline.Steps.Single().Command!;
        Assert.Equal([command], job.Spec.Template.Spec.Containers.Single().Args);
        Assert.Equal([command], workflow.Spec.Templates.Single(t => t.Container is not null).Container!.Args);
        var env = job.Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        Assert.Equal("true", env["TRICK"]);
        Assert.Equal("0755", env["OCTAL"]);
        Assert.Equal("a: b # c", env["COLON"]);
        Assert.Equal(pipeline.Params.Find("msg")!.ToExpansionText(), workflow.Spec.Arguments!.Parameters.Single().Value);
    }

    [Fact]
    public void Should_refuse_argo_template_syntax_in_a_command_rather_than_let_argo_rewrite_it()
    {
        using var workspace = TestWorkspace.Create();
        var (pipeline, graph) = Pipelines.Load(workspace, """
            pipeline: templ
            stages:
              s:
                image: busybox
                steps:
                  a:
                    run: echo "{{workflow.parameters.secret}}"
            """);
        var plan = ExportPlan.Make(pipeline, graph, new Dictionary<string, string>());

        var error = Assert.Throws<PipelineValidationException>(() => ManifestWriter.Write(plan, ExportFormat.Argo, new KubernetesSettings()));

        Assert.Equal(KubernetesCodes.ArgoTemplateSyntax, Assert.Single(error.Diagnostics).Code);
        var job = Assert.Single(StrictManifests.Jobs(ManifestWriter.Write(plan, ExportFormat.Kubernetes, new KubernetesSettings())));
        Assert.Equal(["echo \"{{workflow.parameters.secret}}\""], job.Spec.Template.Spec.Containers.Single().Args);
    }

    [Fact]
    public void Should_refuse_steps_that_are_not_container_steps_naming_each_of_them()
    {
        using var workspace = TestWorkspace.Create();
        var (pipeline, graph) = Pipelines.Load(workspace, """
            pipeline: mixed
            stages:
              s:
                steps:
                  host:
                    run: echo hi > a.txt
                    outputs: [a.txt]
                  boxed:
                    image: busybox
                    run: echo b > b.txt
                    outputs: [b.txt]
                  other:
                    run: echo there
            """);

        var error = Assert.Throws<PipelineValidationException>(() => ExportPlan.Make(pipeline, graph, new Dictionary<string, string>()));

        Assert.Equal(["s.host", "s.other"], error.Diagnostics.Select(d => d.Message.Split('\'')[1]));
        Assert.All(error.Diagnostics, d => Assert.Equal(KubernetesCodes.ExportStepNotContainer, d.Code));
        Assert.Equal("s.boxed", Assert.Single(ExportPlan.Make(pipeline, graph.Select([], ["s.boxed"]), new Dictionary<string, string>()).Steps).Step.Id);
    }

    [Fact]
    public void Should_refuse_an_image_built_from_the_repository_until_its_pushed_reference_is_given()
    {
        using var workspace = TestWorkspace.Create();
        workspace.Write("docker/Dockerfile", "FROM busybox\n");
        var (pipeline, graph) = Pipelines.Load(workspace, """
            pipeline: built
            images:
              text: { build: docker }
            stages:
              s:
                image: text
                steps:
                  a: { run: echo a }
                  b: { run: echo b }
            """);

        var error = Assert.Throws<PipelineValidationException>(() => ExportPlan.Make(pipeline, graph, new Dictionary<string, string>()));
        var unknown = Assert.Throws<PipelineValidationException>(() => ExportPlan.Make(pipeline, graph, ImageOverrides.Parse(["txet=r/x@sha256:1", "text=r/text@sha256:2"])));
        var plan = ExportPlan.Make(pipeline, graph, ImageOverrides.Parse(["text=registry.example.com/text@sha256:2"]));

        Assert.Equal(KubernetesCodes.ImageNotPushed, Assert.Single(error.Diagnostics).Code);
        Assert.Equal(KubernetesCodes.BadImageOverride, Assert.Single(unknown.Diagnostics).Code);
        Assert.All(plan.Steps, s => Assert.Equal("registry.example.com/text@sha256:2", s.Container.Image));
        Assert.Throws<PipelineValidationException>(() => ImageOverrides.Parse(["text"]));
    }

    private static TestWorkspace FanOutWorkspace()
    {
        var workspace = TestWorkspace.Create();
        foreach (var script in new[] { "split.py", "fit.py", "baseline.py", "compare.py" })
        {
            workspace.Write(script, "print('hi')\n");
        }

        return workspace;
    }
}
