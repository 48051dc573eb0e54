using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading.Definitions;

/// <summary>
/// Writes a loaded <see cref="PipelineDefinition"/> and its diagnostics in the definition cache's compact
/// binary form; <see cref="DefinitionReader"/> reads it back field for field, in the same order.
/// Secrets are never written: the cache refuses definitions that hold any (<see cref="DefinitionCache"/>).
/// </summary>
internal sealed class DefinitionWriter
{
    private readonly BinaryWriter _out;
    private readonly Dictionary<string, int> _files = new(StringComparer.Ordinal);

    public DefinitionWriter(BinaryWriter output)
    {
        _out = output;
    }

    public void Write(PipelineDefinition pipeline, IReadOnlyList<PipelineDiagnostic> diagnostics)
    {
        _out.Write(pipeline.Name);
        _out.Write(pipeline.FilePath);
        _out.Write(pipeline.WorkspaceRoot);
        Value(pipeline.Params.Root);
        Map(pipeline.Env);
        List(pipeline.Images, Image);
        Optional(pipeline.TasksProject);
        List(pipeline.Stages, Stage);
        List(pipeline.Steps, Step);
        List(pipeline.Artifacts, Artifact);
        List(pipeline.Schedules, Schedule);
        List(pipeline.Plots, Plot);
        _out.Write(pipeline.Cache is not null);
        if (pipeline.Cache is { } cache)
        {
            Optional(cache.Remote);
            OptionalEnum(cache.Mode);
            Location(cache.Location);
        }

        Optional(pipeline.Registry);
        List(diagnostics, Diagnostic);
    }

    private void Step(StepDefinition step)
    {
        _out.Write(step.Id);
        _out.Write(step.Stage);
        _out.Write(step.Name);
        Enum(step.Kind);
        Optional(step.Command);
        Optional(step.Shell);
        Optional(step.Task);
        Value(step.With);
        Optional(step.Notebook);
        Optional(step.Kernel);
        Optional(step.Export);
        Map(step.Env);
        Optional(step.Image);
        List(step.Inputs, Input);
        Strings(step.InputExclusions);
        List(step.Outputs, Output);
        Strings(step.Metrics);
        List(step.Plots, Plot);
        Strings(step.Params);
        List(step.Needs, Need);
        _out.Write(step.Timeout.HasValue);
        if (step.Timeout is { } timeout)
        {
            _out.Write(timeout.Ticks);
        }

        _out.Write(step.Retries);
        _out.Write(step.Cache);
        _out.Write(step.Frozen);
        Optional(step.Network);
        _out.Write(step.Resources is not null);
        if (step.Resources is { } resources)
        {
            OptionalDouble(resources.Cpus);
            _out.Write(resources.MemoryBytes.HasValue);
            _out.Write(resources.MemoryBytes ?? 0);
            Optional(resources.Gpus);
        }

        Enum(step.Executor);
        Strings(step.Placement);
        List(step.Matrix, p =>
        {
            _out.Write(p.Key);
            _out.Write(p.Value);
        });
        Location(step.Location);
    }

    private void Stage(StageDefinition stage)
    {
        _out.Write(stage.Name);
        List(stage.Needs, Need);
        Optional(stage.Image);
        Strings(stage.StepIds);
        Location(stage.Location);
    }

    private void Image(ImageDefinition image)
    {
        _out.Write(image.Name);
        Optional(image.BuildContext);
        Optional(image.Dockerfile);
        Optional(image.Reference);
        Enum(image.Pull);
        Location(image.Location);
    }

    private void Artifact(ArtifactDefinition artifact)
    {
        _out.Write(artifact.Name);
        _out.Write(artifact.Path);
        _out.Write(artifact.Version);
        Strings(artifact.Publish);
        Location(artifact.Location);
    }

    private void Schedule(ScheduleDefinition schedule)
    {
        Enum(schedule.Kind);
        Optional(schedule.Cron);
        Strings(schedule.Watch);
        Optional(schedule.DriftMetric);
        OptionalDouble(schedule.DriftAbove);
        Location(schedule.Location);
    }

    private void Plot(PlotDefinition plot)
    {
        _out.Write(plot.Path);
        Location(plot.Location);
        Optional(plot.Step);
        Enum(plot.Template);
        Optional(plot.X);
        Strings(plot.Y);
        Optional(plot.Title);
        Optional(plot.XLabel);
        Optional(plot.YLabel);
    }

    private void Input(InputSpec input)
    {
        _out.Write(input.Path);
        Enum(input.Kind);
        _out.Write(input.IsFolder);
        Location(input.Location);
    }

    private void Output(OutputSpec output)
    {
        _out.Write(output.Path);
        _out.Write(output.IsFolder);
        Location(output.Location);
    }

    private void Need(NeedReference need)
    {
        _out.Write(need.Target);
        Location(need.Location);
    }

    private void Diagnostic(PipelineDiagnostic diagnostic)
    {
        _out.Write(diagnostic.Code);
        Enum(diagnostic.Severity);
        Location(diagnostic.Location);
        _out.Write(diagnostic.Message);
        Optional(diagnostic.Hint);
    }

    private void Value(ValueNode node)
    {
        switch (node)
        {
            case ScalarValue scalar:
                _out.Write((byte)ValueTag.Scalar);
                _out.Write(scalar.Text);
                break;
            case ListValue list:
                _out.Write((byte)ValueTag.List);
                List(list.Items, Value);
                break;
            case MapValue map:
                _out.Write((byte)ValueTag.Map);
                List(map.Entries, e =>
                {
                    _out.Write(e.Key);
                    Value(e.Value);
                });
                break;
            default:
                throw new InvalidOperationException($"no cache form for {node.GetType().Name}");
        }
    }

    // A pipeline's locations name one or two files: each is written once, then by number.
    private void Location(SourceLocation location)
    {
        if (_files.TryGetValue(location.File, out var index))
        {
            _out.Write7BitEncodedInt(index);
        }
        else
        {
            _out.Write7BitEncodedInt(_files.Count);
            _out.Write(location.File);
            _files.Add(location.File, _files.Count);
        }

        _out.Write7BitEncodedInt(location.Line);
        _out.Write7BitEncodedInt(location.Column);
    }

    private void Map(IReadOnlyDictionary<string, string> map)
    {
        _out.Write7BitEncodedInt(map.Count);
        foreach (var (key, value) in map)
        {
            _out.Write(key);
            _out.Write(value);
        }
    }

    private void Strings(IReadOnlyList<string> items) => List(items, _out.Write);

    private void List<T>(IReadOnlyList<T> items, Action<T> write)
    {
        _out.Write7BitEncodedInt(items.Count);
        foreach (var item in items)
        {
            write(item);
        }
    }

    private void Optional(string? text)
    {
        _out.Write(text is not null);
        if (text is not null)
        {
            _out.Write(text);
        }
    }

    private void OptionalDouble(double? value)
    {
        _out.Write(value.HasValue);
        if (value is { } v)
        {
            _out.Write(v);
        }
    }

    private void Enum<T>(T value)
        where T : struct, System.Enum => _out.Write7BitEncodedInt(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));

    private void OptionalEnum<T>(T? value)
        where T : struct, System.Enum
    {
        _out.Write(value.HasValue);
        if (value is { } v)
        {
            Enum(v);
        }
    }
}
