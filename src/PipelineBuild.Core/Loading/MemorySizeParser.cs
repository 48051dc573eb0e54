using System.Globalization;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// Parses <c>resources.memory</c>: a byte count or a number with a unit (<c>512m</c>, <c>2g</c>, <c>1GiB</c>, <c>1.5gb</c>).
/// Units are binary (1k = 1024), as Docker reads them.
/// </summary>
public static class MemorySizeParser
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        if (!double.TryParse(trimmed.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var power = trimmed[split..].ToUpperInvariant() switch
        {
            "" or "B" => 0,
            "K" or "KB" or "KI" or "KIB" => 1,
            "M" or "MB" or "MI" or "MIB" => 2,
            "G" or "GB" or "GI" or "GIB" => 3,
            "T" or "TB" or "TI" or "TIB" => 4,
            _ => -1,
        };
        if (power < 0)
        {
            return false;
        }

        var value = number * Math.Pow(1024, power);
        if (value < 1 || value > long.MaxValue / 2)
        {
            return false;
        }

        bytes = (long)Math.Round(value);
        return true;
    }
}
