using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// Turns drafts into <see cref="StepDefinition"/>s, one per matrix cell, in two passes: first every
/// step's env and outputs (which may not use <c>steps.</c>), then run, with and inputs, which may
/// reference any step's outputs.
/// </summary>
internal sealed class StepExpander
{
    private readonly SchemaReader _reader;
    private readonly ExpressionExpander _expander;
    private readonly ParamSet _params;
    private readonly IReadOnlyDictionary<string, string> _pipelineEnv;
    private readonly IReadOnlyDictionary<string, string> _processEnv;
    private readonly List<StepCell> _cells = [];
    private readonly StepOutputsIndex _index;
    private readonly Func<string, string?> _pipelineEnvLookup;

    public StepExpander(SchemaReader reader, ParamSet parameters, IReadOnlyDictionary<string, string> pipelineEnv, IReadOnlyDictionary<string, string> processEnv)
    {
        _reader = reader;
        _expander = new ExpressionExpander(reader);
        _params = parameters;
        _pipelineEnv = pipelineEnv;
        _processEnv = processEnv;
        _pipelineEnvLookup = name => Lookup(_pipelineEnv, name);
        _index = new StepOutputsIndex(_cells);
    }

    /// <summary>Whether <c>env.X</c> names a secret.</summary>
    public Func<string, bool> IsSecret { get; init; } = static _ => false;

    /// <summary>The secrets the pipeline's <c>env</c> used: every step inherits them.</summary>
    public IReadOnlyCollection<string> PipelineEnvSecrets { get; init; } = [];

    public (List<StageDefinition> Stages, List<StepDefinition> Steps) Expand(IReadOnlyList<StageDraft> stages)
    {
        var result = new List<StageDefinition>();
        foreach (var stage in stages)
        {
            var ids = new List<string>();
            foreach (var draft in stage.Steps)
            {
                // Indexes rather than foreach: an interface enumerator is an allocation per step.
                for (var i = 0; i < draft.Cells.Count; i++)
                {
                    var cell = FirstPass(draft, draft.Cells[i]);
                    _cells.Add(cell);
                    ids.Add(cell.Id);
                }
            }

            result.Add(new StageDefinition(stage.Name, stage.Needs, stage.Image, ids, stage.Location));
        }

        var steps = new List<StepDefinition>(_cells.Count);
        foreach (var cell in _cells)
        {
            steps.Add(SecondPass(cell));
        }

        return (result, steps);
    }

    private StepCell FirstPass(StepDraft draft, IReadOnlyList<KeyValuePair<string, string>> matrix)
    {
        var id = draft.CellId(matrix);
        var env = _pipelineEnv;
        ExpansionScope? envScope = null;
        if (draft.Env is not null)
        {
            envScope = Scope(id, matrix, _pipelineEnvLookup, steps: null, "in env");
            env = new EnvReader(_reader, _expander).Read(draft.Env, _pipelineEnv, envScope);
        }

        var scope = Scope(id, matrix, EnvLookup(env), steps: null, "in outputs");
        var outputs = new List<OutputSpec>(draft.Outputs.Count);
        for (var i = 0; i < draft.Outputs.Count; i++)
        {
            var output = draft.Outputs[i];
            var path = PathNormalizer.Normalize(_expander.Expand(output, scope), out var isFolder);
            outputs.Add(new OutputSpec(path, isFolder, output.Location));
        }

        if (draft.Notebook is not null)
        {
            outputs.AddRange(NotebookOutputs.For(id, draft.Export, draft.Location).Where(n => !outputs.Any(o => string.Equals(o.Path, n.Path, StringComparison.Ordinal))));
        }

        if (envScope is not null)
        {
            scope.ReferenceParams(envScope);
        }

        return new StepCell(draft, id, matrix, env, outputs, scope);
    }

    private StepDefinition SecondPass(StepCell cell)
    {
        var draft = cell.Draft;
        var scope = Scope(cell.Id, cell.Matrix, EnvLookup(cell.Env), _index, string.Empty);
        var shell = StepShell.Resolve(draft.Shell, draft.Kind);
        var command = draft.Run is null ? null
            : draft.RunIsList ? CommandList.Join(draft.Run.Select(line => _expander.ExpandCommand(line, scope, shell)).ToList(), draft.Shell ?? (draft.Kind == StepKind.Container ? "sh" : null))
            : _expander.ExpandCommand(draft.Run[0], scope, shell);
        var with = draft.With is null ? MapValue.Empty : With(draft.With, scope);
        var inputs = new List<InputSpec>(draft.Inputs.Count + 1);
        var notebook = draft.Notebook is null ? null : PathNormalizer.Normalize(_expander.Expand(draft.Notebook, scope));
        if (notebook is not null)
        {
            // The notebook's source is an input: it enters the fingerprint and makes an edge from its producer.
            inputs.Add(new InputSpec(notebook, InputKind.Path, false, draft.Notebook!.Location));
        }

        List<string>? exclusions = null;
        for (var i = 0; i < draft.Inputs.Count; i++)
        {
            var input = draft.Inputs[i];
            var expanded = _expander.Expand(input, scope);
            if (expanded.StartsWith('!'))
            {
                (exclusions ??= []).Add(PathNormalizer.Normalize(expanded[1..]));
                continue;
            }

            var fromSteps = input.Value.Contains("steps.", StringComparison.Ordinal) && ExpressionExpander.ContainsExpression(input.Value);
            if (fromSteps)
            {
                foreach (var text in expanded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    inputs.Add(Input(text, input));
                }
            }
            else
            {
                inputs.Add(Input(expanded, input));
            }
        }

        return new StepDefinition
        {
            Id = cell.Id,
            Stage = draft.Stage,
            Name = draft.Name,
            Kind = draft.Kind,
            Command = command,
            Shell = draft.Shell,
            Task = draft.Task,
            Notebook = notebook,
            Kernel = notebook is null ? null : draft.Kernel ?? NotebookOutputs.DefaultKernel,
            Export = draft.Export,
            With = with,
            Env = cell.Env,
            Secrets = Secrets(cell, scope),
            Image = draft.Kind is StepKind.Container or StepKind.Notebook ? draft.Image : null,
            Inputs = inputs,
            InputExclusions = exclusions ?? [],
            Outputs = WithMetrics(cell.Outputs, draft),
            Metrics = draft.Metrics,
            Plots = draft.Plots.Select(p => p with { Step = cell.Id }).ToList(),
            Params = Params(cell, scope),
            Needs = Needs(draft, scope),
            Timeout = draft.Timeout,
            Retries = draft.Retries,
            Cache = draft.Cache,
            Frozen = draft.Frozen,
            Network = draft.Network,
            Resources = draft.Resources,
            Executor = draft.Executor,
            Placement = draft.Placement,
            Matrix = cell.Matrix,
            Location = draft.Location,
        };
    }

    private static InputSpec Input(string text, YamlTreeScalar input)
    {
        var path = PathNormalizer.Normalize(text, out var isFolder);
        return new InputSpec(path, PathNormalizer.IsGlob(path) ? InputKind.Glob : InputKind.Path, isFolder, input.Location);
    }

    /// <summary>The params the step's expansions used and those it lists under <c>params:</c>, sorted.</summary>
    private List<string> Params(StepCell cell, ExpansionScope scope)
    {
        var draft = cell.Draft;
        if (cell.FirstScope.ReferencedParams.Count == 0 && scope.ReferencedParams.Count == 0 && draft.ParamNames.Count == 0)
        {
            return [];
        }

        var parameters = new SortedSet<string>(cell.FirstScope.ReferencedParams, StringComparer.Ordinal);
        parameters.UnionWith(scope.ReferencedParams);
        foreach (var name in draft.ParamNames)
        {
            if (_params.Find(name.Value) is null)
            {
                _reader.Error(LoaderCodes.UnknownParam, name.Location, $"unknown param '{name.Value}' in 'params' of step '{cell.Id}'", Suggestions.Hint(name.Value, _params.LeafNames(), "params"));
            }
            else
            {
                parameters.Add(name.Value);
            }
        }

        return parameters.ToList();
    }

    /// <summary>The secrets the step's expansions and the pipeline's env used, with the values they expanded to.</summary>
    private SecretSet Secrets(StepCell cell, ExpansionScope scope)
    {
        if (cell.FirstScope.ReferencedSecrets.Count == 0 && scope.ReferencedSecrets.Count == 0 && PipelineEnvSecrets.Count == 0)
        {
            return SecretSet.Empty;
        }

        var lookup = EnvLookup(cell.Env);
        return new SecretSet(cell.FirstScope.ReferencedSecrets.Concat(scope.ReferencedSecrets).Concat(PipelineEnvSecrets)
            .Select(name => KeyValuePair.Create(name, lookup(name) ?? string.Empty)));
    }

    /// <summary>The declared needs, then those that <c>steps.&lt;id&gt;.outputs</c> implies and were not declared.</summary>
    private static IReadOnlyList<NeedReference> Needs(StepDraft draft, ExpansionScope scope)
    {
        return scope.Needs.Count == 0 ? draft.Needs : WithImpliedNeeds(draft.Needs, scope.Needs);
    }

    // Apart from Needs, so that steps without implied needs do not pay for the lambdas' closure.
    private static List<NeedReference> WithImpliedNeeds(IReadOnlyList<NeedReference> declared, IReadOnlyList<NeedReference> implied) =>
        declared.Concat(implied.Where(n => !declared.Any(d => string.Equals(d.Target, n.Target, StringComparison.Ordinal)))).ToList();

    // Apart from SecondPass, so that steps without 'with' do not pay for the lambda's closure.
    private MapValue With(YamlTreeNode with, ExpansionScope scope) =>
        ValueConverter.Convert(with, _reader.Budget, s => _expander.Expand(s, scope)) as MapValue ?? MapValue.Empty;

    /// <summary>Metrics and plot files are outputs too: cached, restored, and owned by one step (docs/decisions.md).</summary>
    private static IReadOnlyList<OutputSpec> WithMetrics(IReadOnlyList<OutputSpec> outputs, StepDraft draft)
    {
        if (draft.Metrics.Count == 0 && draft.Plots.Count == 0)
        {
            return outputs;
        }

        var extra = draft.Metrics.Concat(draft.Plots.Select(p => p.Path)).Distinct(StringComparer.Ordinal)
            .Where(m => !outputs.Any(o => string.Equals(o.Path, m, StringComparison.Ordinal)))
            .Select(m => new OutputSpec(m, false, draft.Location));
        return [.. outputs, .. extra];
    }

    private ExpansionScope Scope(string id, IReadOnlyList<KeyValuePair<string, string>> matrix, Func<string, string?> env, StepOutputsIndex? steps, string stepsReason) => new()
    {
        Params = _params,
        Env = env,
        IsSecret = IsSecret,
        Matrix = matrix.Count == 0 ? null : matrix,
        Steps = steps,
        CurrentStepId = id,
        StepsUnavailableReason = stepsReason,
    };

    private Func<string, string?> EnvLookup(IReadOnlyDictionary<string, string> env) =>
        ReferenceEquals(env, _pipelineEnv) ? _pipelineEnvLookup : StepEnvLookup(env);

    // Apart from EnvLookup, so that steps without env do not pay for the lambda's closure.
    private Func<string, string?> StepEnvLookup(IReadOnlyDictionary<string, string> env) => name => Lookup(env, name);

    private string? Lookup(IReadOnlyDictionary<string, string> declared, string name) =>
        declared.TryGetValue(name, out var value) ? value : _processEnv.GetValueOrDefault(name);
}
