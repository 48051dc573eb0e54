using System.Text;
using System.Text.RegularExpressions;

namespace PipelineBuild.Docker.Images;

/// <summary>
/// The <c>.dockerignore</c> rules of a build context, as the engine applies them: patterns relative to the
/// context root, <c>*</c>, <c>?</c>, <c>**</c>, <c>!</c> exceptions, the last matching rule wins, and a
/// pattern that matches a folder excludes everything under it.
/// </summary>
public sealed class DockerIgnore
{
    private readonly IReadOnlyList<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(IReadOnlyList<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore None { get; } = new([]);

    public static DockerIgnore Load(string contextFolder)
    {
        var path = Path.Combine(contextFolder, ".dockerignore");
        return File.Exists(path) ? Parse(File.ReadAllLines(path)) : None;
    }

    public static DockerIgnore Parse(IEnumerable<string> lines)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = (exclude ? line : line[1..].Trim()).Replace('\\', '/').Trim('/');
            while (pattern.StartsWith("./", StringComparison.Ordinal))
            {
                pattern = pattern[2..];
            }

            if (pattern.Length > 0)
            {
                rules.Add((ToRegex(pattern), exclude));
            }
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Whether a context-relative path (with <c>/</c>) stays out of the context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (MatchesSelfOrParent(pattern, relativePath))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static bool MatchesSelfOrParent(Regex pattern, string path)
    {
        if (pattern.IsMatch(path))
        {
            return true;
        }

        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            if (pattern.IsMatch(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        regex.Append("(?:.*/)?");
                    }
                    else
                    {
                        regex.Append(".*");
                    }

                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }

                    var set = pattern[(i + 1)..close];
                    regex.Append('[').Append(set.StartsWith('^') || set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }
}
