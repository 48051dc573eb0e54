using PipelineBuild.Core.Model;
using PipelineBuild.Core.Monitoring;

namespace PipelineBuild.Core.Tests.Monitoring;

public sealed class CronScheduleTests
{
    [Fact]
    public void Should_read_five_fields_as_minutes_and_six_as_seconds_first()
    {
        var from = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(from.AddHours(17), CronSchedule.TryParse("0 3 * * *", out _)!.Next(from, TimeZoneInfo.Utc));
        Assert.Equal(from.AddSeconds(10), CronSchedule.TryParse("*/10 * * * * *", out _)!.Next(from, TimeZoneInfo.Utc));
        Assert.Equal(from.AddHours(1), CronSchedule.TryParse("@hourly", out _)!.Next(from, TimeZoneInfo.Utc));
    }

    [Fact]
    public void Should_say_why_an_expression_is_invalid()
    {
        Assert.Null(CronSchedule.TryParse("61 * * * *", out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }
}
