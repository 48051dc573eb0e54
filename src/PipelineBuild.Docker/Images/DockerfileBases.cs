using System.Text;

namespace PipelineBuild.Docker.Images;

/// <summary>
/// The images a Dockerfile builds on: every <c>FROM</c> and <c>COPY --from=</c> that names an image rather
/// than an earlier stage (or <c>scratch</c>), with <c>ARG</c> defaults declared before the first <c>FROM</c>
/// substituted as the engine does when no build arguments are given (the tool never passes any).
/// </summary>
public static class DockerfileBases
{
    public static IReadOnlyList<string> Parse(string dockerfile)
    {
        var arguments = new Dictionary<string, string?>(StringComparer.Ordinal);
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var bases = new List<string>();
        var seenFrom = false;
        foreach (var line in Instructions(dockerfile))
        {
            var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var instruction = words[0].ToUpperInvariant();
            if (instruction == "ARG" && !seenFrom)
            {
                foreach (var declaration in words.Skip(1))
                {
                    var equals = declaration.IndexOf('=', StringComparison.Ordinal);
                    arguments[equals < 0 ? declaration : declaration[..equals]] = equals < 0 ? null : Unquote(declaration[(equals + 1)..]);
                }
            }
            else if (instruction == "FROM")
            {
                seenFrom = true;
                var operands = words.Skip(1).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                if (operands.Count == 0)
                {
                    continue;
                }

                Add(Substitute(operands[0], arguments));
                if (operands.Count >= 3 && operands[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                {
                    stages.Add(operands[2]);
                }
            }
            else if (instruction == "COPY")
            {
                foreach (var flag in words.Skip(1).Where(w => w.StartsWith("--from=", StringComparison.OrdinalIgnoreCase)))
                {
                    var source = flag["--from=".Length..];
                    if (!source.All(char.IsAsciiDigit))
                    {
                        Add(source);
                    }
                }
            }
        }

        return bases;

        void Add(string reference)
        {
            if (reference.Length > 0 && !stages.Contains(reference) && !reference.Equals("scratch", StringComparison.OrdinalIgnoreCase) && !bases.Contains(reference, StringComparer.Ordinal))
            {
                bases.Add(reference);
            }
        }
    }

    /// <summary>The instructions, one a line: continuation lines joined, comments and blank lines left out.</summary>
    private static IEnumerable<string> Instructions(string dockerfile)
    {
        var current = new StringBuilder();
        foreach (var raw in dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }

            current.Append(line);
            if (current.ToString().Trim() is { Length: > 0 } instruction)
            {
                yield return instruction;
            }

            current.Clear();
        }

        if (current.ToString().Trim() is { Length: > 0 } last)
        {
            yield return last;
        }
    }

    /// <summary><c>$NAME</c>, <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:+alternative}</c>; an argument without a value is empty.</summary>
    private static string Substitute(string word, IReadOnlyDictionary<string, string?> arguments)
    {
        var result = new StringBuilder();
        for (var i = 0; i < word.Length; i++)
        {
            if (word[i] != '$' || i + 1 >= word.Length)
            {
                result.Append(word[i]);
                continue;
            }

            if (word[i + 1] == '{' && word.IndexOf('}', i + 2) is var close and > 0)
            {
                var expression = word[(i + 2)..close];
                var colon = expression.IndexOf(':', StringComparison.Ordinal);
                var name = colon < 0 ? expression : expression[..colon];
                var value = arguments.GetValueOrDefault(name);
                result.Append(colon < 0 || colon + 1 >= expression.Length ? value
                    : expression[colon + 1] == '-' ? (string.IsNullOrEmpty(value) ? expression[(colon + 2)..] : value)
                    : expression[colon + 1] == '+' ? (string.IsNullOrEmpty(value) ? "" : expression[(colon + 2)..])
                    : value);
                i = close;
                continue;
            }

            var end = i + 1;
            while (end < word.Length && (char.IsAsciiLetterOrDigit(word[end]) || word[end] == '_'))
            {
                end++;
            }

            result.Append(arguments.GetValueOrDefault(word[(i + 1)..end]));
            i = end - 1;
        }

        return result.ToString();
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;
}
