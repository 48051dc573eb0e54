using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads one entry of a stage's <c>steps:</c> into a <see cref="StepDraft"/>, reporting every problem.</summary>
internal sealed class StepReader
{
    private readonly SchemaReader _reader;

    public StepReader(SchemaReader reader)
    {
        _reader = reader;
    }

    public StepDraft? Read(string stage, YamlTreeScalar name, YamlTreeNode node, string? stageImage, Executor stageExecutor)
    {
        var validName = NameRules.CheckStepName(_reader, name, "step");
        var draft = new StepDraft { Stage = stage, Name = name.Value, Location = name.Location };
        var where = $"step '{draft.BaseId}'";
        var mapping = _reader.Mapping(node, where);
        if (mapping is null)
        {
            return null;
        }

        _reader.CheckKeys(mapping, PipelineKeys.Step, where);
        foreach (var (key, value) in mapping.Entries)
        {
            ReadKey(draft, key.Value, value);
        }

        var task = mapping.Find("task");
        var kinds = new[] { "run", "task", "notebook" }.Where(k => mapping.Find(k) is not null).ToList();
        if (kinds.Count != 1)
        {
            var several = kinds.Count > 1;
            _reader.Error(
                LoaderCodes.RunOrTask,
                several ? mapping.FindKey(kinds[1])!.Location : name.Location,
                several ? $"step '{draft.BaseId}' has both '{kinds[0]}' and '{kinds[1]}'" : $"step '{draft.BaseId}' has neither 'run' nor 'task' nor 'notebook'",
                "give the step exactly one of 'run' (a command), 'task' (a .NET task name) or 'notebook' (a .ipynb file)");
        }

        if (task is not null && draft.Image is not null)
        {
            _reader.Error(LoaderCodes.BadValue, mapping.FindKey("image")!.Location, $"task step '{draft.BaseId}' cannot have an 'image'", "remove 'image', or use 'run' for a container command");
        }

        CheckNotebookKeys(draft, mapping);
        draft.Image ??= task is null && draft.Notebook is null ? stageImage : null;
        draft.Kind = task is not null ? StepKind.Task : draft.Notebook is not null ? StepKind.Notebook : draft.Image is not null ? StepKind.Container : StepKind.Host;
        ResolveExecutor(draft, mapping, stageExecutor);
        return validName ? draft : null;
    }

    private void ReadKey(StepDraft draft, string key, YamlTreeNode value)
    {
        switch (key)
        {
            case "run": ReadRun(draft, value); break;
            case "task": draft.Task = _reader.String(value, "'task'"); break;
            case "notebook": draft.Notebook = _reader.Scalar(value, "'notebook'"); break;
            case "kernel": ReadKernel(draft, value); break;
            case "export": ReadExport(draft, value); break;
            case "shell": draft.Shell = _reader.String(value, "'shell'"); break;
            case "image": draft.Image = _reader.String(value, "'image'"); break;
            case "with": draft.With = _reader.Mapping(value, "'with'"); break;
            case "env": draft.Env = _reader.Mapping(value, "'env'"); break;
            case "inputs": draft.Inputs = _reader.ScalarList(value, "'inputs'"); break;
            case "outputs": draft.Outputs = _reader.ScalarList(value, "'outputs'"); break;
            case "metrics": draft.Metrics = _reader.ScalarList(value, "'metrics'").Select(m => PathNormalizer.Normalize(m.Value)).ToList(); break;
            case "plots": draft.Plots = new PlotsReader(_reader).Read(value, null); break;
            case "params": draft.ParamNames = _reader.ScalarList(value, "'params'"); break;
            case "needs": draft.Needs = _reader.ScalarList(value, "'needs'").Select(n => new NeedReference(n.Value, n.Location)).ToList(); break;
            case "matrix": ReadMatrix(draft, value); break;
            case "timeout": ReadTimeout(draft, value); break;
            case "retries": ReadRetries(draft, value); break;
            case "cache": draft.Cache = _reader.Bool(value, "'cache'") ?? true; break;
            case "frozen": draft.Frozen = _reader.Bool(value, "'frozen'") ?? false; break;
            case "network": ReadNetwork(draft, value); break;
            case "resources": draft.Resources = new ResourcesReader(_reader).Read(value); break;
            case "placement": draft.Placement = new ExecutorReader(_reader).ReadPlacement(value); break;
            default: break;
        }
    }

    /// <summary>
    /// Container steps run where their own <c>executor:</c> says, else their stage's, else the run's default; every other
    /// step runs where the tool runs, so naming a cluster executor or a placement for one is an error.
    /// </summary>
    private void ResolveExecutor(StepDraft draft, YamlTreeMapping mapping, Executor stageExecutor)
    {
        var own = mapping.Find("executor") is { } node ? new ExecutorReader(_reader).Read(node) : null;
        if (draft.Kind == StepKind.Container)
        {
            draft.Executor = own ?? stageExecutor;
            return;
        }

        const string Hint = "only container steps (with an 'image:') run on a cluster; give the step an image, or remove the key";
        if (own is { } named and not Executor.Local)
        {
            _reader.Error(ExecutorCodes.NotAContainerStep, mapping.FindKey("executor")!.Location, $"step '{draft.BaseId}' is a {KindName(draft.Kind)} step, not a container step, so it cannot run on executor '{Executors.NameOf(named)}'", Hint);
        }

        if (mapping.FindKey("placement") is { } placement)
        {
            _reader.Error(ExecutorCodes.NotAContainerStep, placement.Location, $"step '{draft.BaseId}' is a {KindName(draft.Kind)} step, not a container step, so it has no 'placement'", Hint);
        }

        draft.Executor = Executor.Local;
    }

    private static string KindName(StepKind kind) => kind switch
    {
        StepKind.Task => ".NET task",
        StepKind.Notebook => "notebook",
        _ => "host",
    };

    /// <summary><c>run:</c> is one command, or a list of commands run in order until one fails.</summary>
    private void ReadRun(StepDraft draft, YamlTreeNode value)
    {
        if (value is YamlTreeSequence sequence)
        {
            var lines = _reader.ScalarList(sequence, "'run'");
            if (lines.Count == 0)
            {
                _reader.Error(LoaderCodes.BadValue, sequence.Location, $"step '{draft.BaseId}' has an empty 'run' list", "list at least one command");
                return;
            }

            draft.Run = lines;
            draft.RunIsList = true;
            return;
        }

        draft.Run = _reader.Scalar(value, "'run'") is { } command ? [command] : null;
    }

    /// <summary>
    /// Notebook steps run on the host unless they name their own <c>image:</c> (a stage's image is not
    /// their default: it holds the tools of the stage's commands, not necessarily Jupyter); <c>kernel</c>
    /// and <c>export</c> belong to notebook steps only.
    /// </summary>
    private void CheckNotebookKeys(StepDraft draft, YamlTreeMapping mapping)
    {
        if (draft.Notebook is not null)
        {
            if (!draft.Notebook.Value.EndsWith(".ipynb", StringComparison.Ordinal))
            {
                _reader.BadValue(draft.Notebook, "'notebook'", "a workspace-relative path of a .ipynb file");
            }

            return;
        }

        foreach (var key in new[] { "kernel", "export" })
        {
            if (mapping.FindKey(key) is { } found)
            {
                _reader.Error(LoaderCodes.BadValue, found.Location, $"'{key}' in step '{draft.BaseId}' belongs to notebook steps", "remove it, or give the step a 'notebook:'");
            }
        }
    }

    private void ReadKernel(StepDraft draft, YamlTreeNode value)
    {
        var scalar = _reader.Scalar(value, "'kernel'");
        if (scalar is not null && NameRules.IsKernelName(scalar.Value))
        {
            draft.Kernel = scalar.Value;
        }
        else if (scalar is not null)
        {
            _reader.BadValue(scalar, "'kernel'", "a Jupyter kernel name such as python3 (letters, digits, '.', '_', '-'); 'jupyter kernelspec list' shows them");
        }
    }

    private void ReadExport(StepDraft draft, YamlTreeNode value)
    {
        var scalar = _reader.Scalar(value, "'export'");
        if (scalar is { Value: "html" })
        {
            draft.Export = scalar.Value;
        }
        else if (scalar is not null)
        {
            _reader.BadValue(scalar, "'export'", "html");
        }
    }

    private void ReadMatrix(StepDraft draft, YamlTreeNode value)
    {
        var cells = new MatrixReader(_reader).Read(value);
        if (cells is not null)
        {
            draft.Cells = cells;
            draft.HasMatrix = true;
        }
    }

    private void ReadTimeout(StepDraft draft, YamlTreeNode value)
    {
        var scalar = _reader.Scalar(value, "'timeout'");
        if (scalar is null)
        {
            return;
        }

        if (DurationParser.TryParse(scalar.Value, out var timeout))
        {
            draft.Timeout = timeout;
        }
        else
        {
            _reader.BadValue(scalar, "'timeout'", "a positive duration like 30s, 5m, 1h30m, or seconds (90)");
        }
    }

    private void ReadRetries(StepDraft draft, YamlTreeNode value)
    {
        var retries = _reader.Int(value, "'retries'");
        if (retries < 0)
        {
            _reader.BadValue((YamlTreeScalar)value, "'retries'", "a whole number of 0 or more");
        }
        else if (retries is not null)
        {
            draft.Retries = retries.Value;
        }
    }

    private void ReadNetwork(StepDraft draft, YamlTreeNode value)
    {
        var scalar = _reader.Scalar(value, "'network'");
        if (scalar is { Value: "none" or "bridge" })
        {
            draft.Network = scalar.Value;
        }
        else if (scalar is not null)
        {
            _reader.BadValue(scalar, "'network'", "none or bridge");
        }
    }
}
