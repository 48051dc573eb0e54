namespace PipelineBuild.Core.Diagnostics;

/// <summary>One problem found in user input: a stable code, where it is, what is wrong and what to do.</summary>
public sealed record PipelineDiagnostic(
    string Code,
    DiagnosticSeverity Severity,
    SourceLocation Location,
    string Message,
    string? Hint = null)
{
    public static PipelineDiagnostic Error(string code, SourceLocation location, string message, string? hint = null) =>
        new(code, DiagnosticSeverity.Error, location, message, hint);

    public static PipelineDiagnostic Warning(string code, SourceLocation location, string message, string? hint = null) =>
        new(code, DiagnosticSeverity.Warning, location, message, hint);

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>
    /// <c>file(line,col): error PB2001: message; hint</c> — the form MSBuild, editors and CI parse, and the
    /// one place it is made. Without a location (<see cref="SourceLocation.Nowhere"/>): <c>warning PB4006: message</c>.
    /// </summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var text = Hint is null ? Message : $"{Message}; {Hint}";
        return string.IsNullOrEmpty(Location.File) ? $"{severity} {Code}: {text}" : $"{Location}: {severity} {Code}: {text}";
    }
}
