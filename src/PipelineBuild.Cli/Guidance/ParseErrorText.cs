using System.CommandLine;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Cli.Guidance;

/// <summary>A command line that does not parse, as one PB1001 line per problem, with "did you mean" for a mistyped command or option.</summary>
internal static class ParseErrorText
{
    public static IEnumerable<string> Lines(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var known = command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name))
            .Concat(OptionsOf(parse).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .ToList();

        // An optional argument (FILE) takes a mistyped option as its value: "--forse" is no file either.
        foreach (var token in OptionsTakenAsArguments(parse))
        {
            var nearest = Suggestions.Nearest(token, known);
            yield return $"dotnet pipeline: error PB1001: unrecognized option '{token}'; " +
                (nearest.Count > 0 ? "did you mean " + string.Join(" or ", nearest.Select(n => $"'{n}'")) + "?" : $"see 'dotnet pipeline {Path(command)}--help'");
        }

        foreach (var error in parse.Errors)
        {
            var message = error.Message.TrimEnd('.');
            var token = parse.UnmatchedTokens.FirstOrDefault(t => message.Contains($"'{t}'", StringComparison.Ordinal));
            var hint = token is not null && Suggestions.Nearest(token, known) is { Count: > 0 } nearest
                ? "did you mean " + string.Join(" or ", nearest.Select(n => $"'{n}'")) + "?"
                : $"see 'dotnet pipeline {Path(command)}--help'";
            yield return $"dotnet pipeline: error PB1001: {message}; {hint}";
        }
    }

    private static IEnumerable<string> OptionsTakenAsArguments(ParseResult parse) =>
        parse.CommandResult.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(a => a.Tokens)
            .Select(t => t.Value)
            .Where(v => v.Length > 1 && v[0] == '-' && !File.Exists(v) && !Directory.Exists(v));

    /// <summary>The options valid where parsing stopped: the command's own and the recursive ones of its parents.</summary>
    private static IEnumerable<Option> OptionsOf(ParseResult parse)
    {
        var own = parse.CommandResult.Command.Options;
        var inherited = new List<Option>();
        for (var result = parse.CommandResult.Parent as System.CommandLine.Parsing.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            inherited.AddRange(result.Command.Options.Where(o => o.Recursive));
        }

        return own.Concat(inherited);
    }

    private static string Path(Command command)
    {
        var names = new List<string>();
        for (var current = command; current is not null && current is not RootCommand; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, current.Name);
        }

        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }
}
