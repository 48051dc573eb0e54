using System.Text.RegularExpressions;

namespace PipelineBuild.TaskRunner;

/// <summary>The compiler and MSBuild errors of a build's output, in the canonical form, paths relative to the current folder.</summary>
public static partial class BuildErrors
{
    public static IReadOnlyList<string> Extract(IReadOnlyList<string> output, string currentDirectory)
    {
        var errors = new List<string>();
        foreach (var line in output)
        {
            var match = ErrorLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var file = match.Groups["file"].Value;
            if (Path.IsPathFullyQualified(file))
            {
                var relative = Path.GetRelativePath(currentDirectory, file);
                file = relative.StartsWith("..", StringComparison.Ordinal) ? file : relative.Replace('\\', '/');
            }

            var error = $"{file}{match.Groups["position"].Value}: error {match.Groups["code"].Value}: {match.Groups["message"].Value.Trim()}";
            if (!errors.Contains(error, StringComparer.Ordinal))
            {
                errors.Add(error);
            }
        }

        // Nothing in the canonical form (a crash, a missing SDK): the end of the output says more than nothing.
        return errors.Count > 0 ? errors : [.. output.Where(l => l.Trim().Length > 0).TakeLast(20)];
    }

    [GeneratedRegex(@"^\s*(?<file>[^\s(][^(]*?)(?<position>\(\d+(,\d+)*\))?\s*:\s*error\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(\s+\[[^\]]+\])?\s*$")]
    private static partial Regex ErrorLine();
}
