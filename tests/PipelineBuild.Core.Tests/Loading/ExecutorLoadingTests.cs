using PipelineBuild.Core.Loading;
using PipelineBuild.Core.Model;
using static PipelineBuild.Core.Tests.Loading.LoaderTestKit;

namespace PipelineBuild.Core.Tests.Loading;

public sealed class ExecutorLoadingTests
{
    private const string Pipeline = """
        pipeline: p
        executor: swarm
        registry: registry.example.com:5000/ml
        stages:
          prep:
            image: busybox
            steps:
              split: { run: "true" }
              pinned: { run: "true", executor: local }
          train:
            image: busybox
            executor: kubernetes
            steps:
              fit: { run: "true", placement: [node.labels.gpu==true, "node.hostname != a"] }
              again: { run: "true", executor: swarm }
          report:
            steps:
              write: { run: "true" }
        """;

    [Fact]
    public void Should_run_a_container_step_where_its_own_then_its_stage_then_the_pipeline_executor_says()
    {
        // When
        var steps = AssertLoads(Pipeline).Pipeline!.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);

        // Then
        Assert.Equal(Executor.Swarm, steps["prep.split"].Executor);
        Assert.Equal(Executor.Local, steps["prep.pinned"].Executor);
        Assert.Equal(Executor.Kubernetes, steps["train.fit"].Executor);
        Assert.Equal(Executor.Swarm, steps["train.again"].Executor);
        Assert.Equal(["node.labels.gpu==true", "node.hostname != a"], steps["train.fit"].Placement);
    }

    [Fact]
    public void Should_keep_host_steps_local_whatever_executor_the_pipeline_and_the_stage_name()
    {
        // When
        var steps = AssertLoads(Pipeline).Pipeline!.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);

        // Then
        Assert.Equal(StepKind.Host, steps["report.write"].Kind);
        Assert.Equal(Executor.Local, steps["report.write"].Executor);
    }

    [Fact]
    public void Should_let_run_executor_replace_the_pipeline_executor_but_not_a_stage_or_step_one()
    {
        // When
        var steps = AssertLoads(Pipeline, LoadOptions.Default with { Executor = Executor.Local }).Pipeline!.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);

        // Then
        Assert.Equal(Executor.Local, steps["prep.split"].Executor);
        Assert.Equal(Executor.Kubernetes, steps["train.fit"].Executor);
        Assert.Equal(Executor.Swarm, steps["train.again"].Executor);
    }

    [Fact]
    public void Should_read_the_registry_without_a_trailing_slash_and_default_to_local_without_executor()
    {
        // When
        var pipeline = AssertLoads("""
            pipeline: p
            registry: "10.0.0.2:5000/"
            stages:
              s:
                steps:
                  a: { run: "true", image: busybox }
            """).Pipeline!;

        // Then
        Assert.Equal("10.0.0.2:5000", pipeline.Registry);
        Assert.Equal(Executor.Local, Assert.Single(pipeline.Steps).Executor);
    }

    [Fact]
    public void Should_report_a_cluster_executor_or_a_placement_on_a_host_step_at_its_key()
    {
        // When
        var result = Load("""
            pipeline: p
            stages:
              s:
                steps:
                  a:
                    run: "true"
                    executor: swarm
                  b:
                    run: "true"
                    placement: [node.role==worker]
            """);

        // Then
        var problems = result.Diagnostics.Where(d => d.Code == ExecutorCodes.NotAContainerStep).ToList();
        Assert.Equal(2, problems.Count);
        AssertAt(problems[0], 7, 9);
        Assert.Contains("'s.a' is a host step", problems[0].Message, StringComparison.Ordinal);
        AssertAt(problems[1], 10, 9);
    }

    [Fact]
    public void Should_report_an_unknown_executor_a_bad_placement_and_a_bad_registry_with_their_positions()
    {
        // When
        var result = Load("""
            pipeline: p
            executor: slurm
            registry: https://registry.example.com
            stages:
              s:
                image: busybox
                steps:
                  a:
                    run: "true"
                    placement: [gpu]
            """);

        // Then
        AssertAt(Single(result, LoaderCodes.BadValue), 2, 11);
        AssertAt(Single(result, ExecutorCodes.BadRegistry), 3, 11);
        AssertAt(Single(result, ExecutorCodes.BadPlacement), 10, 21);
    }

    [Theory]
    [InlineData("registry.example.com", true)]
    [InlineData("10.213.0.2:5000", true)]
    [InlineData("localhost:5000/team/ml", true)]
    [InlineData("https://registry.example.com", false)]
    [InlineData("registry:port", false)]
    [InlineData("registry.example.com/Team", false)]
    [InlineData("", false)]
    public void Should_accept_only_host_port_and_path_as_a_registry(string text, bool valid) =>
        Assert.Equal(valid, RegistryAddress.IsValid(text));

    [Theory]
    [InlineData("node.labels.gpu==true", true)]
    [InlineData("node.hostname!=build-1", true)]
    [InlineData("node.role == manager", true)]
    [InlineData("gpu", false)]
    [InlineData("==x", false)]
    [InlineData("node.labels.gpu==", false)]
    [InlineData("node labels==x", false)]
    public void Should_accept_only_equality_and_inequality_constraints_as_placement(string text, bool valid) =>
        Assert.Equal(valid, PlacementConstraint.IsValid(text));
}
