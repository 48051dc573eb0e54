using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Model;

/// <summary>
/// An entry of <c>plots:</c> (DVC's shape): a data file (CSV, TSV, JSON, YAML) drawn with a template,
/// or an image (PNG, SVG) shown as it is. <see cref="Step"/> is the step that declares it (its plots
/// are outputs of that step); null for a top-level plot.
/// </summary>
public sealed record PlotDefinition(string Path, SourceLocation Location)
{
    public string? Step { get; init; }

    public PlotTemplate Template { get; init; } = PlotTemplate.Linear;

    /// <summary>The field on the x axis; null: the row number (DVC's <c>step</c>).</summary>
    public string? X { get; init; }

    /// <summary>The fields drawn on the y axis; empty: the last field of the rows.</summary>
    public IReadOnlyList<string> Y { get; init; } = [];

    public string? Title { get; init; }

    public string? XLabel { get; init; }

    public string? YLabel { get; init; }

    public bool IsImage =>
        Path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || Path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase);
}
