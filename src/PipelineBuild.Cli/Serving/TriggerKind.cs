namespace PipelineBuild.Cli.Serving;

/// <summary>What asked <c>serve</c> for a run; the <c>trigger</c> label of <c>pipeline_serve_triggers_total</c>.</summary>
internal enum TriggerKind
{
    Start,
    Cron,
    Watch,
    Drift,
    Http,
}
