namespace PipelineBuild.Cli.Commands;

/// <summary>The PB1040–PB1049 codes of <c>env</c> (docs/error-codes.md).</summary>
internal static class EnvCodes
{
    /// <summary><c>env --check</c>: something the pipeline needs is missing on this machine (exit 3); the message lists it.</summary>
    public const string Missing = "PB1040";
}
