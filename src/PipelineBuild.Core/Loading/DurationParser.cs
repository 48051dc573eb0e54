using System.Globalization;

namespace PipelineBuild.Core.Loading;

/// <summary>Parses <c>timeout:</c> values: <c>90</c> (seconds), <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>1h2m3s</c>.</summary>
internal static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Length == 0)
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            return TryMake(plainSeconds, out duration);
        }

        long total = 0;
        var order = "hms";
        var next = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length || i - start > 9)
            {
                return false;
            }

            var unit = order.IndexOf(text[i], next);
            if (unit < 0)
            {
                return false;
            }

            var amount = long.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            total += amount * (unit switch { 0 => 3600, 1 => 60, _ => 1 });
            next = unit + 1;
            i++;
        }

        return TryMake(total, out duration);
    }

    private static bool TryMake(long seconds, out TimeSpan duration)
    {
        duration = TimeSpan.FromSeconds(seconds);
        return seconds > 0 && seconds < 100L * 365 * 24 * 3600;
    }
}
