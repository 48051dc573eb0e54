using System.Globalization;

namespace PipelineBuild.Cli.Rendering;

internal static class Durations
{
    public static string Format(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => $"{duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}ms",
        < 60 => $"{duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s",
        _ => $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s",
    };
}
