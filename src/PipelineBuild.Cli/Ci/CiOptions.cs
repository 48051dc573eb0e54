using System.CommandLine;

namespace PipelineBuild.Cli.Ci;

/// <summary>The <c>--ci</c> option, on every command: which CI system's log protocol to speak.</summary>
internal static class CiOptions
{
    public static readonly Option<string?> Provider = CreateProvider();

    public static ICiProvider? Resolve(ParseResult parse, CiEnvironment environment) => CiProviders.Create(parse.GetValue(Provider), environment);

    private static Option<string?> CreateProvider()
    {
        var option = new Option<string?>("--ci")
        {
            Description = "CI log protocol: github, azure, none, or auto (default: GITHUB_ACTIONS=true → github, TF_BUILD=True → azure)",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong(CiProviders.Names);
        return option;
    }
}
