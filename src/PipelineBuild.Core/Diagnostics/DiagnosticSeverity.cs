namespace PipelineBuild.Core.Diagnostics;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
