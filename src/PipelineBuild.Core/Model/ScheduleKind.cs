namespace PipelineBuild.Core.Model;

public enum ScheduleKind
{
    Cron,
    Watch,
    Drift,
}
