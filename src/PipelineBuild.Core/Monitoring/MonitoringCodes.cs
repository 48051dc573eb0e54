namespace PipelineBuild.Core.Monitoring;

/// <summary>Codes of monitoring and <c>serve</c> (<c>PB95xx</c>, docs/error-codes.md).</summary>
public static class MonitoringCodes
{
    /// <summary>A <c>cron:</c> schedule that does not parse.</summary>
    public const string BadCron = Loading.LoaderCodes.BadCron;

    /// <summary>The pipeline has no schedules (warning: <c>serve</c> then runs only on <c>POST /runs</c>).</summary>
    public const string NoSchedules = "PB9502";

    /// <summary>The metrics port cannot be listened on.</summary>
    public const string PortUnavailable = "PB9503";

    /// <summary>An unknown <c>--time-zone</c>.</summary>
    public const string UnknownTimeZone = "PB9504";

    /// <summary>A push to the Pushgateway failed after its retries (warning; the run's outcome is unchanged).</summary>
    public const string PushFailed = "PB9505";

    /// <summary>An invalid <c>--pushgateway</c> URL.</summary>
    public const string BadPushgatewayUrl = "PB9506";

    /// <summary>A triggered run could not start: the pipeline file became invalid (serve goes on).</summary>
    public const string TriggeredRunInvalid = "PB9507";

    /// <summary>A drift rule names a metric no step of the run reported (warning).</summary>
    public const string DriftMetricMissing = "PB9508";
}
