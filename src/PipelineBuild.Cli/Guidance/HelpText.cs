using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;

namespace PipelineBuild.Cli.Guidance;

/// <summary>
/// System.CommandLine's help, as users type the tool: <c>dotnet pipeline</c> (not the executable's
/// name, <c>dotnet-pipeline</c>), and an optional argument shown as optional (<c>run [&lt;FILE&gt;]</c>)
/// in the list of commands too, as it already is in a command's own usage line.
/// </summary>
internal static partial class HelpText
{
    public static string Polish(string help, Command root)
    {
        var text = help.Replace(RootCommand.ExecutableName + " ", "dotnet pipeline ", StringComparison.Ordinal);
        var lines = text.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("Commands:", StringComparison.Ordinal));
        if (start < 0)
        {
            return text;
        }

        var end = start + 1;
        while (end < lines.Length && lines[end].StartsWith("  ", StringComparison.Ordinal))
        {
            end++;
        }

        var rows = new List<(string Label, string Description)>();
        for (var i = start + 1; i < end; i++)
        {
            var match = Row().Match(lines[i].TrimEnd('\r'));
            if (!match.Success)
            {
                return text;
            }

            rows.Add((Optional(match.Groups[1].Value, root), match.Groups[2].Value));
        }

        var width = rows.Max(r => r.Label.Length) + 2;
        var result = new StringBuilder();
        result.AppendJoin('\n', lines[..(start + 1)]).Append('\n');
        foreach (var (label, description) in rows)
        {
            result.Append("  ").Append(label.PadRight(width)).Append(description).Append('\n');
        }

        result.AppendJoin('\n', lines[end..]);
        return result.ToString();
    }

    private static string Optional(string label, Command parent)
    {
        var name = label.Split(' ')[0];
        var command = parent.Subcommands.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
        foreach (var argument in command?.Arguments.Where(a => a.Arity.MinimumNumberOfValues == 0) ?? [])
        {
            label = label.Replace($"<{argument.Name}>", $"[<{argument.Name}>]", StringComparison.Ordinal);
        }

        return label;
    }

    [GeneratedRegex(@"^  (\S.*?)\s{2,}(\S.*)$")]
    private static partial Regex Row();
}
