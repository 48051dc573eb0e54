namespace PipelineBuild.Cli.Dependencies;

/// <summary>
/// The programs a POSIX shell command calls: the first word of each simple command (after <c>;</c>, <c>&amp;&amp;</c>,
/// <c>||</c>, <c>|</c>, <c>&amp;</c>, a new line, <c>$(</c>, a backquote or a parenthesis), past variable assignments,
/// keywords and wrappers (<c>env</c>, <c>exec</c>, <c>time</c>…). Shell builtins, words holding a variable, and
/// workspace-relative paths (<c>./train.sh</c>) are not programs of the machine. A reading, not a shell: an unusual
/// script may name too few or too many.
/// </summary>
internal static class CommandPrograms
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "case", "esac", "function", "!", "{", "}", "in", "select",
    };

    private static readonly HashSet<string> Builtins = new(StringComparer.Ordinal)
    {
        ".", ":", "[", "[[", "]]", "alias", "bg", "break", "builtin", "cd", "continue", "declare", "echo", "eval", "exit", "export",
        "false", "fg", "getopts", "hash", "jobs", "kill", "let", "local", "popd", "printf", "pushd", "pwd", "read", "readonly",
        "return", "set", "shift", "source", "test", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
    };

    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal) { "env", "exec", "command", "time", "nohup", "nice", "sudo", "xargs" };

    /// <summary>The programs in order of first call, each once.</summary>
    public static IReadOnlyList<string> Find(string command)
    {
        var programs = new List<string>();
        var expectCommand = true;
        var skipToSeparator = false;
        var afterRedirect = false;
        foreach (var (word, isSeparator) in Words(command))
        {
            if (isSeparator)
            {
                expectCommand = true;
                skipToSeparator = false;
                afterRedirect = false;
                continue;
            }

            if (afterRedirect)
            {
                afterRedirect = false;
                continue;
            }

            if (IsRedirect(word))
            {
                afterRedirect = word[^1] is '<' or '>';
                continue;
            }

            if (skipToSeparator || !expectCommand)
            {
                continue;
            }

            if (word is "for" or "case")
            {
                skipToSeparator = true;
                continue;
            }

            if (Keywords.Contains(word) || IsAssignment(word))
            {
                continue;
            }

            if (Wrappers.Contains(Path.GetFileName(word)) && (word.StartsWith('/') || !word.Contains('/', StringComparison.Ordinal)))
            {
                if (!programs.Contains(word, StringComparer.Ordinal) && word is not ("exec" or "command" or "time"))
                {
                    programs.Add(word);
                }

                continue;
            }

            expectCommand = false;
            if (Builtins.Contains(word) || word.Contains('$', StringComparison.Ordinal) || word.StartsWith('-') || (word.Contains('/', StringComparison.Ordinal) && !word.StartsWith('/')))
            {
                continue;
            }

            if (!programs.Contains(word, StringComparer.Ordinal))
            {
                programs.Add(word);
            }
        }

        // Command substitutions inside double quotes ("out/$(basename "$f")") call programs too.
        foreach (var substitution in Substitutions(command))
        {
            programs.AddRange(Find(substitution).Where(p => !programs.Contains(p, StringComparer.Ordinal)));
        }

        return programs;
    }

    /// <summary>The text of each <c>$( … )</c> inside double quotes (those outside are read as separators already).</summary>
    private static IEnumerable<string> Substitutions(string text)
    {
        var inDouble = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '\'' && !inDouble)
            {
                var end = text.IndexOf('\'', i + 1);
                i = end < 0 ? text.Length : end;
            }
            else if (c == '"')
            {
                inDouble = !inDouble;
            }
            else if (inDouble && c == '$' && i + 1 < text.Length && text[i + 1] == '(')
            {
                var depth = 0;
                var start = i + 2;
                var j = start - 1;
                for (; j < text.Length; j++)
                {
                    depth += text[j] == '(' ? 1 : text[j] == ')' ? -1 : 0;
                    if (depth == 0)
                    {
                        break;
                    }
                }

                yield return text[start..Math.Min(j, text.Length)];
                i = j;
            }
        }
    }

    /// <summary>The script a command hands to <c>bash</c>/<c>sh</c> (<c>bash scripts/x.sh</c>), to read one level deeper; null if none.</summary>
    public static IEnumerable<string> Scripts(string command)
    {
        string? previous = null;
        foreach (var (word, isSeparator) in Words(command))
        {
            if (!isSeparator && previous is "bash" or "sh" or "dash" && word.EndsWith(".sh", StringComparison.Ordinal) && !word.Contains('$', StringComparison.Ordinal))
            {
                yield return word;
            }

            previous = isSeparator ? null : word;
        }
    }

    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && word[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(word[0]);
    }

    private static bool IsRedirect(string word) =>
        word.Length > 0 && (word[0] is '<' or '>' || (word.Length > 1 && char.IsAsciiDigit(word[0]) && word[1] is '<' or '>'));

    /// <summary>Words (quotes removed, escapes kept literal) and separators, comments skipped.</summary>
    private static IEnumerable<(string Word, bool IsSeparator)> Words(string text)
    {
        var word = new System.Text.StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                end = end < 0 ? text.Length : end;
                word.Append(text, i + 1, end - i - 1);
                inWord = true;
                i = end;
                continue;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                if (text[i + 1] != '\n')
                {
                    word.Append(text[i + 1]);
                    inWord = true;
                }

                i++;
                continue;
            }

            if (c == '#' && !inWord)
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                {
                    i++;
                }

                continue;
            }

            var separator = c is ';' or '|' or '&' or '\n' or '(' or ')' or '`' || (c == '$' && i + 1 < text.Length && text[i + 1] == '(');
            if (separator && !(c == '&' && inWord && word.Length > 0 && word[^1] == '>'))
            {
                if (inWord)
                {
                    yield return (word.ToString(), false);
                    word.Clear();
                    inWord = false;
                }

                if (c == '$')
                {
                    i++;
                }

                yield return ("", true);
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    yield return (word.ToString(), false);
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            word.Append(c);
            inWord = true;
        }

        if (inWord)
        {
            yield return (word.ToString(), false);
        }
    }
}
