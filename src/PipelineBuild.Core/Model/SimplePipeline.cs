namespace PipelineBuild.Core.Model;

/// <summary>
/// A <c>run</c> command that bash would only split into <see cref="SimpleCommand"/>s joined by <c>|</c>, the first
/// optionally reading a file (<c>&lt; file</c>) and the last optionally writing one (<c>&gt; file</c>,
/// <c>&gt;&gt; file</c>), the file a plain word too. Such a pipeline can start without bash: its members are connected by
/// pipes as bash connects them, and its status is <c>pipefail</c>'s.
/// </summary>
/// <param name="Members">Each member's words: its program and arguments (at least two members, or one with a redirect).</param>
/// <param name="Input">The file the first member reads (<c>&lt;</c>), or null: the step's stdin.</param>
/// <param name="Output">The file the last member writes (<c>&gt;</c> or <c>&gt;&gt;</c>), or null: the step's stdout.</param>
/// <param name="Appends">Whether <paramref name="Output"/> is appended to (<c>&gt;&gt;</c>) rather than truncated.</param>
public sealed record SimplePipeline(IReadOnlyList<string[]> Members, string? Input, string? Output, bool Appends)
{
    /// <summary>More members than this go through bash (the child process loop tells members apart by 6 bits).</summary>
    public const int MaxMembers = 64;

    /// <summary>
    /// The pipeline <paramref name="command"/> is, or null: when it is a single <see cref="SimpleCommand"/> without
    /// redirects (which starts on its own), or when anything in it needs bash.
    /// </summary>
    public static SimplePipeline? TryParse(string command)
    {
        if (Tokens(command) is not { } tokens)
        {
            return null;
        }

        var members = new List<string[]>();
        var words = new List<string>();
        string? input = null;
        string? output = null;
        var appends = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            switch (tokens[i])
            {
                case "|":
                    // A member before it with an output redirect, or an empty member, needs bash.
                    if (words.Count == 0 || output is not null || !IsCommand(words))
                    {
                        return null;
                    }

                    members.Add([.. words]);
                    words.Clear();
                    break;
                case "<" or ">" or ">>":
                    var isInput = tokens[i] == "<";
                    if (i + 1 >= tokens.Count || !IsWord(tokens[i + 1])
                        || (isInput ? input is not null || members.Count > 0 : output is not null))
                    {
                        return null;
                    }

                    if (isInput)
                    {
                        input = tokens[i + 1];
                    }
                    else
                    {
                        output = tokens[i + 1];
                        appends = tokens[i] == ">>";
                    }

                    i++;
                    break;
                default:
                    words.Add(tokens[i]);
                    break;
            }
        }

        if (words.Count == 0 || !IsCommand(words))
        {
            return null;
        }

        members.Add([.. words]);
        return (members.Count > 1 || input is not null || output is not null) && members.Count <= MaxMembers
            ? new SimplePipeline(members, input, output, appends)
            : null;
    }

    private static bool IsCommand(List<string> words) => SimpleCommand.IsProgram(words[0]);

    private static bool IsWord(string token) => token is not ("|" or "<" or ">" or ">>");

    /// <summary>
    /// The command split into plain words and the operators <c>|</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&gt;&gt;</c>, or null when
    /// it holds anything else bash gives a meaning to. A redirect must follow a blank (bash reads <c>2&gt;</c> as one of
    /// stderr) and every other operator (<c>||</c>, <c>|&amp;</c>, <c>&gt;|</c>, <c>&gt;&amp;</c>, <c>&lt;&lt;</c>, <c>&lt;&gt;</c>, …) needs bash.
    /// </summary>
    private static List<string>? Tokens(string command)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < command.Length)
        {
            var c = command[i];
            if (c is ' ' or '\t')
            {
                i++;
                continue;
            }

            if (c == '|')
            {
                if (i + 1 < command.Length && command[i + 1] is '|' or '&')
                {
                    return null;
                }

                tokens.Add("|");
                i++;
                continue;
            }

            if (c is '<' or '>')
            {
                var followsBlank = i == 0 || command[i - 1] is ' ' or '\t' or '|';
                var length = c == '>' && i + 1 < command.Length && command[i + 1] == '>' ? 2 : 1;
                var next = i + length < command.Length ? command[i + length] : ' ';
                if (!followsBlank || next is '<' or '>' or '&' or '|' or '(')
                {
                    return null;
                }

                tokens.Add(command.Substring(i, length));
                i += length;
                continue;
            }

            var start = i;
            while (i < command.Length && command[i] is not (' ' or '\t' or '|' or '<' or '>'))
            {
                i++;
            }

            var word = command[start..i];
            if (!SimpleCommand.IsPlainWord(word))
            {
                return null;
            }

            tokens.Add(word);
        }

        return tokens;
    }
}
