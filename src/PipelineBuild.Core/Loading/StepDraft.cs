using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>A step as read, before matrix expansion and before its expressions are expanded.</summary>
internal sealed class StepDraft
{
    private static readonly IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> NoMatrix = [[]];

    private string? _baseId;

    public required string Stage { get; init; }

    public required string Name { get; init; }

    public required SourceLocation Location { get; init; }

    public string BaseId => _baseId ??= $"{Stage}.{Name}";

    public StepKind Kind { get; set; }

    /// <summary>The <c>run</c> command; several when <c>run:</c> is a list (<see cref="RunIsList"/>).</summary>
    public IReadOnlyList<YamlTreeScalar>? Run { get; set; }

    public bool RunIsList { get; set; }

    public string? Task { get; set; }

    public string? Shell { get; set; }

    public YamlTreeScalar? Notebook { get; set; }

    public string? Kernel { get; set; }

    public string? Export { get; set; }

    public string? Image { get; set; }

    public YamlTreeNode? With { get; set; }

    public YamlTreeMapping? Env { get; set; }

    public IReadOnlyList<YamlTreeScalar> Inputs { get; set; } = [];

    public IReadOnlyList<YamlTreeScalar> Outputs { get; set; } = [];

    public IReadOnlyList<string> Metrics { get; set; } = [];

    public IReadOnlyList<PlotDefinition> Plots { get; set; } = [];

    public IReadOnlyList<YamlTreeScalar> ParamNames { get; set; } = [];

    public IReadOnlyList<NeedReference> Needs { get; set; } = [];

    /// <summary>One entry per matrix cell; a single empty cell for a step without <c>matrix:</c>.</summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Cells { get; set; } = NoMatrix;

    public bool HasMatrix { get; set; }

    public TimeSpan? Timeout { get; set; }

    public int Retries { get; set; }

    public bool Cache { get; set; } = true;

    public bool Frozen { get; set; }

    public string? Network { get; set; }

    public ResourceLimits? Resources { get; set; }

    /// <summary>Where the step runs, resolved by <see cref="StepReader"/> (its own, its stage's, the run's default); local for all but container steps.</summary>
    public Executor Executor { get; set; }

    public IReadOnlyList<string> Placement { get; set; } = [];

    public string CellId(IReadOnlyList<KeyValuePair<string, string>> cell) =>
        HasMatrix ? $"{BaseId}[{string.Join(',', cell.Select(c => $"{c.Key}={c.Value}"))}]" : BaseId;
}
