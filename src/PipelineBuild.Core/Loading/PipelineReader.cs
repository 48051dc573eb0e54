using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads the top level of a pipeline file (docs/pipeline-format.md) into a <see cref="PipelineDefinition"/>.</summary>
internal sealed class PipelineReader
{
    private readonly SchemaReader _reader;
    private readonly LoadOptions _options;
    private readonly LoadInputs? _inputs;

    public PipelineReader(SchemaReader reader, LoadOptions options, LoadInputs? inputs = null)
    {
        _reader = reader;
        _options = options;
        _inputs = inputs;
    }

    /// <summary>The definition, or null when the file is not a map; callers drop it when errors were reported.</summary>
    public PipelineDefinition? Read(YamlTreeNode root, string displayPath, string absolutePath)
    {
        if (root is not YamlTreeMapping mapping)
        {
            _reader.WrongType(root, "the pipeline file", "a map with 'pipeline:' and 'stages:'");
            return null;
        }

        _reader.CheckKeys(mapping, PipelineKeys.Pipeline, "the pipeline file");
        var name = ReadName(mapping);
        var workspace = mapping.Find("workspace") is { } w ? _reader.String(w, "'workspace'") ?? "." : ".";
        var fileFolder = Path.GetDirectoryName(absolutePath) ?? ".";
        var workspaceRoot = Path.GetFullPath(Path.Combine(fileFolder, workspace));
        var workspaceDisplay = PathNormalizer.Normalize(Path.Join(Path.GetDirectoryName(displayPath), workspace));

        var parameters = new ParamsResolver(_reader, _inputs).Resolve(mapping.Find("params"), workspaceRoot, workspaceDisplay, _options);
        var expander = new ExpressionExpander(_reader);
        var secrets = ReadSecrets(mapping);
        var pipelineScope = new ExpansionScope
        {
            Params = parameters,
            Env = n => _options.ProcessEnvironment.GetValueOrDefault(n),
            IsSecret = secrets.Contains,
            StepsUnavailableReason = "in the pipeline's env",
        };
        var envMapping = mapping.Find("env") is { } e ? _reader.Mapping(e, "'env'") : null;
        var env = new EnvReader(_reader, expander).Read(envMapping, new Dictionary<string, string>(StringComparer.Ordinal), pipelineScope);

        var executors = new ExecutorReader(_reader);
        var pipelineExecutor = mapping.Find("executor") is { } x ? executors.Read(x) : null;
        var stageDrafts = mapping.Find("stages") is { } s ? new StageReader(_reader, _options.Executor ?? pipelineExecutor ?? Executor.Local).Read(s) : [];
        var (stages, steps) = new StepExpander(_reader, parameters, env, _options.ProcessEnvironment)
        {
            IsSecret = secrets.Contains,
            PipelineEnvSecrets = pipelineScope.ReferencedSecrets,
        }.Expand(stageDrafts);
        var tasks = mapping.Find("tasks") is { } t ? _reader.String(t, "'tasks'") : null;

        return new PipelineDefinition
        {
            Name = name ?? string.Empty,
            FilePath = absolutePath,
            WorkspaceRoot = workspaceRoot,
            Params = parameters,
            Env = env,
            Images = mapping.Find("images") is { } i ? new ImagesReader(_reader).Read(i) : [],
            TasksProject = tasks is null ? null : PathNormalizer.Normalize(tasks),
            Stages = stages,
            Steps = steps,
            Artifacts = mapping.Find("artifacts") is { } a ? new ArtifactsReader(_reader).Read(a) : [],
            Schedules = mapping.Find("schedules") is { } sc ? new SchedulesReader(_reader).Read(sc) : [],
            Plots = mapping.Find("plots") is { } pl ? new PlotsReader(_reader).Read(pl, null) : [],
            Cache = mapping.Find("cache") is { } c ? new CacheReader(_reader).Read(c) : null,
            Registry = mapping.Find("registry") is { } r ? executors.ReadRegistry(r) : null,
        };
    }

    /// <summary>The pipeline's <c>secrets:</c> (environment variable names) and those of <c>run --secret</c>.</summary>
    private HashSet<string> ReadSecrets(YamlTreeMapping mapping)
    {
        var secrets = new HashSet<string>(_options.Secrets, StringComparer.Ordinal);
        if (mapping.Find("secrets") is not { } node)
        {
            return secrets;
        }

        foreach (var name in _reader.ScalarList(node, "'secrets'"))
        {
            if (name.Value.Length == 0 || char.IsAsciiDigit(name.Value[0]) || !name.Value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                _reader.Error(LoaderCodes.BadValue, name.Location, $"'{name.Value}' is not an environment variable name", "list the names of the variables that hold secrets, e.g. secrets: [HF_TOKEN]");
            }
            else
            {
                secrets.Add(name.Value);
            }
        }

        return secrets;
    }

    private string? ReadName(YamlTreeMapping mapping)
    {
        var node = mapping.Find("pipeline");
        if (node is null)
        {
            _reader.Error(LoaderCodes.MissingKey, mapping.Location, "the pipeline has no 'pipeline:' name", "add 'pipeline: <name>' at the top, e.g. pipeline: iris");
            return null;
        }

        var name = _reader.Scalar(node, "'pipeline'");
        if (name is not null && !NameRules.IsPipelineName(name.Value))
        {
            _reader.Error(LoaderCodes.BadName, name.Location, $"invalid pipeline name '{name.Value}'", "use lower-case letters, digits and '-', starting with a letter or digit");
        }

        return name?.Value;
    }
}
