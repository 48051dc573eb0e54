namespace PipelineBuild.Core.Diagnostics;

/// <summary>Collects every problem instead of stopping at the first.</summary>
public sealed class DiagnosticBag
{
    private readonly List<PipelineDiagnostic> _items = [];

    public IReadOnlyList<PipelineDiagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Add(PipelineDiagnostic diagnostic) => _items.Add(diagnostic);

    public void AddRange(IEnumerable<PipelineDiagnostic> diagnostics) => _items.AddRange(diagnostics);

    public void Error(string code, SourceLocation location, string message, string? hint = null) =>
        _items.Add(PipelineDiagnostic.Error(code, location, message, hint));

    public void Warning(string code, SourceLocation location, string message, string? hint = null) =>
        _items.Add(PipelineDiagnostic.Warning(code, location, message, hint));

    /// <summary>Throws a <see cref="PipelineValidationException"/> when any error was collected.</summary>
    public void ThrowIfErrors()
    {
        if (HasErrors)
        {
            throw new PipelineValidationException(_items.ToArray());
        }
    }
}
