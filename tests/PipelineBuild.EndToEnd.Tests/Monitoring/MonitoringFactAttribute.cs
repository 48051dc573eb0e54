namespace PipelineBuild.EndToEnd.Tests.Monitoring;

/// <summary>
/// A test that needs Debian's prometheus and prometheus-pushgateway: skipped, with the reason, when they
/// are not installed, unless PIPELINEBUILD_REQUIRE_SERVICES=1 (CI), where a missing service must fail it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MonitoringFactAttribute : FactAttribute
{
    public MonitoringFactAttribute()
    {
        if ((MonitoringServer.Find("prometheus") is null || MonitoringServer.Find("prometheus-pushgateway") is null)
            && Environment.GetEnvironmentVariable("PIPELINEBUILD_REQUIRE_SERVICES") != "1")
        {
            Skip = "prometheus / prometheus-pushgateway are not installed: run build/monitoring-up.sh (Debian packages prometheus, prometheus-pushgateway)";
        }
    }
}
