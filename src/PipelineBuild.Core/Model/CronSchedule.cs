using Cronos;

namespace PipelineBuild.Core.Model;

/// <summary>
/// A <c>cron:</c> schedule (Cronos): five fields (minute hour day month weekday), or six with seconds
/// first (<c>*/10 * * * * *</c>), or a macro such as <c>@hourly</c>.
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    public string Text { get; }

    /// <summary>Parses a cron expression; null and the reason when it is invalid.</summary>
    public static CronSchedule? TryParse(string text, out string? problem)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            var format = fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            problem = null;
            return new CronSchedule(text, CronExpression.Parse(string.Join(' ', fields), format));
        }
        catch (CronFormatException e)
        {
            problem = e.Message.TrimEnd('.');
            return null;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="from"/>, in <paramref name="zone"/>; null if there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset from, TimeZoneInfo zone) => _expression.GetNextOccurrence(from, zone);
}
