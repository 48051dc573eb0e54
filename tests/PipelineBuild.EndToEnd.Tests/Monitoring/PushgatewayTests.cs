namespace PipelineBuild.EndToEnd.Tests.Monitoring;

public sealed class PushgatewayTests
{
    private const string Pipeline = """
        pipeline: pushed
        stages:
          train:
            steps:
              evaluate:
                run: echo '{"accuracy":0.93,"data":{"drift":{"max":0.12}}}' > eval.json
                metrics: [eval.json]
        """;

    [MonitoringFact]
    public void Should_push_the_run_metrics_which_prometheus_reads_back_after_a_scrape()
    {
        // Given a Pushgateway and a Prometheus scraping it
        using var gateway = MonitoringServer.Pushgateway();
        using var prometheus = MonitoringServer.Prometheus(("pushgateway", $"127.0.0.1:{gateway.Port}"));
        using var scenario = new Scenario(Pipeline);

        // When a run pushes its metrics (twice, to see the counter grow)
        var first = scenario.Tool("run", "--pushgateway", gateway.Url);
        var second = PipelineTool.Run(scenario.Root, new Dictionary<string, string> { ["PIPELINEBUILD_PUSHGATEWAY"] = gateway.Url }, "run");

        // Then Prometheus has them under job=pipelinebuild, pipeline=pushed
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, $"{first}\n{second}");
        var timeout = TimeSpan.FromSeconds(60);
        Assert.Equal(0.93, prometheus.QueryValue("pipeline_metric{job=\"pipelinebuild\",pipeline=\"pushed\",step=\"train.evaluate\",name=\"accuracy\"}", timeout));
        Assert.Equal(0.12, prometheus.QueryValue("pipeline_metric{pipeline=\"pushed\",name=\"data.drift.max\"}", timeout));
        Assert.Equal(2, prometheus.QueryValue("pipeline_runs_total{pipeline=\"pushed\",status=\"succeeded\"} == 2", timeout));
        Assert.Equal(1, prometheus.QueryValue("pipeline_step_cache_hits_total{pipeline=\"pushed\"} == 1", timeout));
        Assert.NotNull(prometheus.QueryValue("pipeline_run_last_success_timestamp_seconds{pipeline=\"pushed\"}", timeout));
    }

    [Fact]
    public void Should_warn_but_succeed_when_the_pushgateway_is_down()
    {
        // Given nothing listening where the Pushgateway should be
        using var scenario = new Scenario(Pipeline);
        var url = $"http://127.0.0.1:{MonitoringServer.FreePort()}";

        // When a run pushes there
        var result = scenario.Tool("run", "--pushgateway", url);

        // Then the run succeeds, with a warning that names the problem
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning PB9505", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(url, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_an_invalid_pushgateway_url_before_running()
    {
        using var scenario = new Scenario(Pipeline);

        var result = scenario.Tool("run", "--pushgateway", "localhost:9091");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error PB9506", result.Stderr, StringComparison.Ordinal);
        Assert.False(scenario.Workspace.Exists("eval.json"));
    }
}
