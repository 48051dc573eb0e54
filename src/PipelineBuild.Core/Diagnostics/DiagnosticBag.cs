namespace PipelineBuild.Core.Diagnostics;

/// <summary>
/// Collects every problem instead of stopping at the first, up to <see cref="MaxKept"/>: a hostile
/// file can hold hundreds of thousands of errors, and printing (or holding) them all helps nobody.
/// The rest are counted, and <see cref="Omitted"/> says how many.
/// </summary>
public sealed class DiagnosticBag
{
    /// <summary>How many problems are kept; enough to fix a file in one pass.</summary>
    public const int MaxKept = 100;

    /// <summary>The code of the closing "… and N more" line.</summary>
    public const string TooManyProblemsCode = "PB2042";

    private readonly List<PipelineDiagnostic> _items = [];
    private bool _hasErrors;

    public IReadOnlyList<PipelineDiagnostic> Items => _items;

    public bool HasErrors => _hasErrors;

    /// <summary>Problems found beyond <see cref="MaxKept"/>, counted but not kept.</summary>
    public int Omitted { get; private set; }

    public void Add(PipelineDiagnostic diagnostic)
    {
        _hasErrors |= diagnostic.IsError;
        if (_items.Count < MaxKept)
        {
            _items.Add(diagnostic);
        }
        else
        {
            Omitted++;
        }
    }

    public void AddRange(IEnumerable<PipelineDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Add(diagnostic);
        }
    }

    public void Error(string code, SourceLocation location, string message, string? hint = null) =>
        Add(PipelineDiagnostic.Error(code, location, message, hint));

    public void Warning(string code, SourceLocation location, string message, string? hint = null) =>
        Add(PipelineDiagnostic.Warning(code, location, message, hint));

    /// <summary>The kept problems in file order, then one line saying how many more were found (if any).</summary>
    public List<PipelineDiagnostic> InFileOrder(string file)
    {
        var ordered = _items.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();
        if (Omitted > 0)
        {
            ordered.Add(PipelineDiagnostic.Error(
                TooManyProblemsCode,
                SourceLocation.None(file),
                $"… and {Omitted:N0} more problems not shown (only the first {MaxKept} are listed)",
                "fix the problems above and check again"));
        }

        return ordered;
    }

    /// <summary>Throws a <see cref="PipelineValidationException"/> when any error was collected.</summary>
    public void ThrowIfErrors()
    {
        if (HasErrors)
        {
            throw new PipelineValidationException(_items.ToArray());
        }
    }
}
