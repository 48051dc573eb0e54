using System.Globalization;
using System.Text.RegularExpressions;

namespace PipelineBuild.Cli.Ci.Generation;

/// <summary>YAML scalars for generated files: plain when unambiguous, single-quoted otherwise.</summary>
internal static partial class YamlText
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
    };

    public static string Scalar(string value) =>
        Plain().IsMatch(value) && !value.EndsWith(' ') && !Reserved.Contains(value) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? value
            : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./$(][A-Za-z0-9_./ ()$-]*$")]
    private static partial Regex Plain();
}
