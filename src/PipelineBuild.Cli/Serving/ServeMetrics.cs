using PipelineBuild.Core.Monitoring;
using PipelineBuild.Core.Runs;
using PipelineBuild.Core.Workspace;

namespace PipelineBuild.Cli.Serving;

/// <summary>What <c>/metrics</c> serves: the pipeline's metrics, read from <c>runs.db</c> at each scrape (so runs made outside <c>serve</c> count too), and serve's own.</summary>
internal sealed class ServeMetrics
{
    private readonly string _pipeline;
    private readonly WorkspaceLayout _layout;
    private readonly TriggerQueue _queue;
    private int _running;

    public ServeMetrics(string pipeline, WorkspaceLayout layout, TriggerQueue queue)
    {
        _pipeline = pipeline;
        _layout = layout;
        _queue = queue;
    }

    public bool Running
    {
        get => Volatile.Read(ref _running) == 1;
        set => Volatile.Write(ref _running, value ? 1 : 0);
    }

    public string Render()
    {
        var families = new List<MetricFamily>(PipelineMetrics.From(PipelineHistory.Read(_layout.RunsDatabase, _pipeline)));
        var counts = _queue.Counts();
        families.Add(new MetricFamily("pipeline_serve_triggers_total", MetricType.Counter, "Run requests serve received, by trigger (start, cron, watch, drift, http); requests during a run merge into one follow-up.",
            Enum.GetValues<TriggerKind>().Select(k => MetricSample.Of(counts.GetValueOrDefault(k), ("pipeline", _pipeline), ("trigger", k.ToString().ToLowerInvariant()))).ToList()));
        families.Add(new MetricFamily("pipeline_serve_run_in_progress", MetricType.Gauge, "1 while serve runs the pipeline.",
            [MetricSample.Of(Running ? 1 : 0, ("pipeline", _pipeline))]));
        return PrometheusText.Write(families);
    }
}
