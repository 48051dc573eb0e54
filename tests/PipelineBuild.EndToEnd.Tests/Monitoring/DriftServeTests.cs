using System.Reflection;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests.Monitoring;

/// <summary>examples/monitoring under <c>serve</c>: the shipped drifted batch replaces the incoming data and serve retrains by itself.</summary>
public sealed class DriftServeTests
{
    private static readonly string RepositoryRoot =
        typeof(DriftServeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public void Should_retrain_when_the_shifted_data_set_replaces_the_incoming_batch()
    {
        // Given the monitoring example in a fresh workspace, brought up to date by serve's start run
        using var workspace = TestWorkspace.Create();
        var example = Path.Combine(RepositoryRoot, "examples/monitoring");
        foreach (var file in new[] { "pipeline.yaml", "data/reference.csv", "data/current.csv", "data/shifted.csv" })
        {
            workspace.Write(file, File.ReadAllText(Path.Combine(example, file)));
        }

        using var serve = new ServeProcess(workspace.Root, null, "--debounce-ms", "300");
        serve.WaitFor(() => Runs(serve) == 1, Deadline, "the start run");
        Assert.True(Drift(serve) < 0.25, serve.Output);
        Assert.Equal(0, serve.Metric("pipeline_serve_triggers_total{pipeline=\"iris-monitoring\",trigger=\"drift\"}"));
        var trainedAt = workspace.Read("models/trained-at.txt");

        // When the shipped drifted batch replaces the incoming one
        File.Copy(workspace.PathOf("data/shifted.csv"), workspace.PathOf("data/current.csv"), overwrite: true);

        // Then the watch run measures the drift, the drift rule fires, and a third run retrains the model
        serve.WaitFor(() => Runs(serve) == 3, Deadline, "the watch run and the drift retrain");
        Assert.True(Drift(serve) > 0.25, serve.Output);
        Assert.Equal(1, serve.Metric("pipeline_serve_triggers_total{pipeline=\"iris-monitoring\",trigger=\"drift\"}"));
        Assert.Contains("pipeline_step_duration_seconds{pipeline=\"iris-monitoring\",step=\"train.fit\",state=\"ran\"}", serve.Get("/metrics"), StringComparison.Ordinal);
        Assert.NotEqual(trainedAt, workspace.Read("models/trained-at.txt"));
        Assert.Contains("retraining train.fit", serve.Output, StringComparison.Ordinal);

        // And the retrain does not fire the rule again: the measuring steps were up to date
        serve.WaitFor(() => serve.Metric("pipeline_serve_run_in_progress{pipeline=\"iris-monitoring\"}") == 0, Deadline, "the retrain to end");
        Assert.Equal(1, serve.Metric("pipeline_serve_triggers_total{pipeline=\"iris-monitoring\",trigger=\"drift\"}"));
        Assert.Equal(0, serve.Terminate(TimeSpan.FromSeconds(30)));
    }

    private static double Runs(ServeProcess serve) =>
        serve.Metric("pipeline_runs_total{pipeline=\"iris-monitoring\",status=\"succeeded\"}");

    private static double Drift(ServeProcess serve) =>
        serve.Metric("pipeline_metric{pipeline=\"iris-monitoring\",step=\"profile.current\",name=\"drift.max\"}");
}
