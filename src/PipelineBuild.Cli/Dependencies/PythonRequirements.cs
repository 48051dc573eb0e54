using System.Text.RegularExpressions;

namespace PipelineBuild.Cli.Dependencies;

/// <summary>
/// Requirements files (pip's format) and the distributions they name; which of them <c>python3</c> here has, with
/// their versions, asked through <c>importlib.metadata</c> (a distribution's name, not its module's: <c>scikit-learn</c>).
/// </summary>
internal static partial class PythonRequirements
{
    /// <summary>The workspace-relative requirements files a step names: inputs called <c>requirements*.txt</c>, and <c>-r FILE</c> in its command.</summary>
    public static IEnumerable<string> Named(IEnumerable<string> inputs, string? command)
    {
        foreach (var input in inputs.Where(i => Regex.IsMatch(Path.GetFileName(i), @"^requirements.*\.txt$", RegexOptions.None, TimeSpan.FromSeconds(1))))
        {
            yield return input;
        }

        if (command is not null)
        {
            foreach (Match match in RequirementOption().Matches(command))
            {
                yield return match.Groups["file"].Value;
            }
        }
    }

    /// <summary>The names and specifiers of a requirements file (options, URLs and comments skipped).</summary>
    public static IEnumerable<(string Name, string Requirement)> Read(string path)
    {
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0 || line.StartsWith('-') || line.Contains("://", StringComparison.Ordinal))
            {
                continue;
            }

            var name = DistributionName().Match(line);
            if (name.Success)
            {
                yield return (name.Value, line);
            }
        }
    }

    /// <summary>The installed version of each distribution for <c>python3</c> (null: not installed); all null when there is no python3.</summary>
    public static IReadOnlyDictionary<string, string?> Installed(IReadOnlyCollection<string> names)
    {
        var versions = names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, _ => (string?)null, StringComparer.Ordinal);
        if (names.Count == 0 || ProgramProbe.Locate("python3") is not { } python)
        {
            return versions;
        }

        const string script = "import sys, importlib.metadata as m\nfor n in sys.argv[1:]:\n    try: print(n + '\\t' + m.version(n))\n    except Exception: print(n + '\\t')\n";
        var output = ProcessOutput.Read(python, ["-c", script, .. versions.Keys]);
        foreach (var line in output.Split('\n'))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2 && versions.ContainsKey(parts[0]) && parts[1].Trim().Length > 0)
            {
                versions[parts[0]] = parts[1].Trim();
            }
        }

        return versions;
    }

    [GeneratedRegex(@"(?:^|\s)-r\s+(?<file>[^\s;&|]+)")]
    private static partial Regex RequirementOption();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*")]
    private static partial Regex DistributionName();
}
