using PipelineBuild.Core.Model;
using PipelineBuild.Core.Monitoring;

namespace PipelineBuild.Cli.Serving;

/// <summary>Requests a run at each occurrence of a <c>cron:</c> schedule; occurrences missed while busy are not made up.</summary>
internal static class CronTrigger
{
    public static async Task RunAsync(CronSchedule schedule, TimeZoneInfo zone, TriggerQueue queue, TimeProvider time, CancellationToken cancellationToken)
    {
        var next = schedule.Next(time.GetUtcNow(), zone);
        while (next is { } due)
        {
            // Timers may fire a little early: wait until the occurrence has really come.
            for (var wait = due - time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - time.GetUtcNow())
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            queue.Request(TriggerKind.Cron, RunRequest.For($"cron \"{schedule.Text}\""));
            var now = time.GetUtcNow();
            next = schedule.Next(due > now ? due : now, zone);
        }
    }
}
