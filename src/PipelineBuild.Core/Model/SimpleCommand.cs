namespace PipelineBuild.Core.Model;

/// <summary>
/// A <c>run</c> command that bash would only split into words and exec: one program and its arguments, with nothing
/// bash expands, redirects, chains or runs itself (no quotes, <c>$</c>, globs, <c>~</c>, operators, assignments,
/// builtins or keywords). Such a command can start without bash, as GNU make starts one without <c>/bin/sh</c>.
/// </summary>
public static class SimpleCommand
{
    /// <summary>Bash 5's builtins and reserved words: a command starting with one needs bash itself.</summary>
    private static readonly HashSet<string> BashOwnWords = new(StringComparer.Ordinal)
    {
        ".", ":", "[", "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete",
        "compopt", "continue", "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false",
        "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "mapfile", "popd",
        "printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "set", "shift", "shopt", "source",
        "suspend", "test", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in",
        "function", "time", "coproc",
    };

    /// <summary>The words of <paramref name="command"/> if it is a simple command, else null.</summary>
    public static string[]? TryParse(string command)
    {
        var words = command.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && IsProgram(words[0]) && words.All(IsPlainWord) ? words : null;
    }

    /// <summary>Whether bash would take <paramref name="word"/> as it is: ASCII letters, digits and punctuation it gives no meaning.</summary>
    internal static bool IsPlainWord(string word)
    {
        foreach (var c in word)
        {
            if (!IsPlain(c))
            {
                return false;
            }
        }

        return word.Length > 0;
    }

    /// <summary>Whether a command starting with <paramref name="word"/> runs a program: not a builtin, keyword or assignment.</summary>
    internal static bool IsProgram(string word) => !BashOwnWords.Contains(word) && !word.Contains('=', StringComparison.Ordinal);

    /// <summary>ASCII letters, digits and punctuation bash gives no meaning inside a word.</summary>
    private static bool IsPlain(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '%' or '+' or ',' or '-' or '.' or '/' or ':' or '=' or '@' or '_';
}
