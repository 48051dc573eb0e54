namespace PipelineBuild.Cli.Commands;

/// <summary>The PB1030–PB1039 codes of <c>init</c> (docs/error-codes.md).</summary>
internal static class InitCodes
{
    /// <summary>No <c>--template</c> and no terminal to ask in, or an unknown template (exit 2).</summary>
    public const string TemplateRequired = "PB1030";

    /// <summary>The target folder already has files the template would write (exit 2).</summary>
    public const string WouldOverwrite = "PB1031";

    /// <summary><c>--name</c> is not a valid pipeline name (exit 2).</summary>
    public const string BadName = "PB1032";
}
