namespace PipelineBuild.Core.Diagnostics;

/// <summary>The pipeline is invalid; carries every diagnostic found.</summary>
public sealed class PipelineValidationException : PipelineException
{
    public PipelineValidationException(IReadOnlyList<PipelineDiagnostic> diagnostics)
        : base(FirstCode(diagnostics), Describe(diagnostics), ExitCodes.InvalidInput)
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<PipelineDiagnostic> Diagnostics { get; }

    private static string FirstCode(IReadOnlyList<PipelineDiagnostic> diagnostics) =>
        (diagnostics.FirstOrDefault(d => d.IsError) ?? diagnostics[0]).Code;

    private static string Describe(IReadOnlyList<PipelineDiagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
