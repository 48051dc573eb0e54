using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Graph;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Tests.Graph;

/// <summary>Builds a <see cref="PipelineDefinition"/> tersely: <c>.Step("a.x", inputs: ["data/"], outputs: ["out.csv"])</c>.</summary>
internal sealed class GraphPipeline
{
    private const string File = "pipeline.yaml";

    private readonly string _root;
    private readonly List<StepDefinition> _steps = [];
    private readonly Dictionary<string, List<NeedReference>> _stageNeeds = new(StringComparer.Ordinal);
    private int _line = 1;

    public GraphPipeline(string workspaceRoot)
    {
        _root = workspaceRoot;
    }

    /// <summary>Adds a step; a path ending with <c>/</c> is a folder, one with <c>*</c> or <c>?</c> a glob.</summary>
    public GraphPipeline Step(string id, string[]? inputs = null, string[]? outputs = null, string[]? needs = null)
    {
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        var bracket = id.IndexOf('[', StringComparison.Ordinal);
        var matrix = bracket < 0
            ? []
            : id[(bracket + 1)..^1].Split(',').Select(cell => cell.Split('=')).Select(kv => new KeyValuePair<string, string>(kv[0], kv[1])).ToArray();
        var location = Next();
        _steps.Add(new StepDefinition
        {
            Id = id,
            Stage = id[..dot],
            Name = bracket < 0 ? id[(dot + 1)..] : id[(dot + 1)..bracket],
            Kind = StepKind.Host,
            Command = "true",
            Inputs = (inputs ?? []).Select(Input).ToArray(),
            Outputs = (outputs ?? []).Select(Output).ToArray(),
            Needs = (needs ?? []).Select(Need).ToArray(),
            Matrix = matrix,
            Location = location,
        });
        return this;
    }

    public GraphPipeline StageNeeds(string stage, params string[] needs)
    {
        _stageNeeds[stage] = needs.Select(Need).ToList();
        return this;
    }

    public PipelineDefinition Definition()
    {
        var stages = _steps
            .Select(s => s.Stage)
            .Distinct(StringComparer.Ordinal)
            .Select(stage => new StageDefinition(
                stage,
                _stageNeeds.TryGetValue(stage, out var needs) ? needs : [],
                Image: null,
                _steps.Where(s => s.Stage == stage).Select(s => s.Id).ToArray(),
                new SourceLocation(File, 1, 1)))
            .ToArray();
        return new PipelineDefinition
        {
            Name = "test",
            FilePath = Path.Combine(_root, File),
            WorkspaceRoot = _root,
            Stages = stages,
            Steps = _steps,
        };
    }

    public StepGraph Build(out DiagnosticBag diagnostics)
    {
        diagnostics = new DiagnosticBag();
        return StepGraphBuilder.Build(Definition(), diagnostics);
    }

    public static string[] Ids(IEnumerable<StepDefinition> steps) => steps.Select(s => s.Id).ToArray();

    public static string[] Codes(DiagnosticBag diagnostics) => diagnostics.Items.Select(d => d.Code).ToArray();

    private InputSpec Input(string path)
    {
        var kind = path.IndexOfAny(['*', '?']) >= 0 ? InputKind.Glob : InputKind.Path;
        return new InputSpec(path.TrimEnd('/'), kind, path.EndsWith('/'), Next());
    }

    private OutputSpec Output(string path) => new(path.TrimEnd('/'), path.EndsWith('/'), Next());

    private NeedReference Need(string target) => new(target, Next());

    private SourceLocation Next() => new(File, _line++, 9);
}
