namespace PipelineBuild.Notebooks;

/// <summary>How a failing cell is named: <c>notebooks/train.ipynb: cell 4, line 3: ZeroDivisionError: division by zero</c>.</summary>
public static class CellFailure
{
    /// <param name="cell">1-based, counting every cell of the notebook as saved (markdown too); null for the injected parameters cell.</param>
    public static string Describe(string notebook, int? cell, int? line, string? lastLine)
    {
        var where = cell is null ? "the injected parameters cell" : $"cell {cell}";
        var at = line is null ? "" : $", line {line}";
        return $"{notebook}: {where}{at}: {(string.IsNullOrWhiteSpace(lastLine) ? "the cell raised an error" : lastLine)}";
    }
}
