namespace PipelineBuild.EndToEnd.Tests.Cluster;

public sealed class KubernetesExecutorTests
{
    [Fact]
    public void Should_stop_before_anything_runs_and_point_at_export_when_a_step_names_the_kubernetes_executor()
    {
        // Given a host step and a container step on the Kubernetes executor, which this version does not connect yet
        using var scenario = new Scenario("""
            pipeline: k8s
            stages:
              s:
                steps:
                  first:
                    run: echo ran > first.txt
                    outputs: [first.txt]
                  train:
                    image: busybox:1.36
                    executor: kubernetes
                    run: echo trained > model.txt
                    outputs: [model.txt]
            """);

        // When
        var result = scenario.Tool("run");

        // Then the run is refused as a whole, naming the step and what to do instead
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("PB8403", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'s.train'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("export --format kubernetes", result.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("first.txt"));
    }
}
