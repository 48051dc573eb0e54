using System.Collections.ObjectModel;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;

namespace PipelineBuild.Core.Loading.Definitions;

/// <summary>
/// Reads what <see cref="DefinitionWriter"/> wrote, strictly: every count is bounded by the bytes left,
/// every enum must be one of its values, nesting is bounded; anything else throws
/// <see cref="InvalidDataException"/> (or the <see cref="BinaryReader"/>'s own end-of-stream errors).
/// </summary>
internal sealed class DefinitionReader
{
    private const int MaxDepth = 256;

    private readonly BinaryReader _in;
    private readonly List<string> _files = [];

    public DefinitionReader(BinaryReader input)
    {
        _in = input;
    }

    public (PipelineDefinition Pipeline, IReadOnlyList<PipelineDiagnostic> Diagnostics) Read()
    {
        var pipeline = new PipelineDefinition
        {
            Name = _in.ReadString(),
            FilePath = _in.ReadString(),
            WorkspaceRoot = _in.ReadString(),
            Params = new ParamSet(Value(0) as MapValue ?? throw new InvalidDataException("params are not a map")),
            Env = Map(),
            Images = List(static r => r.Image()),
            TasksProject = Optional(),
            Stages = List(static r => r.Stage()),
            Steps = List(static r => r.Step()),
            Artifacts = List(static r => r.Artifact()),
            Schedules = List(static r => r.Schedule()),
            Plots = List(static r => r.Plot()),
            Cache = _in.ReadBoolean() ? new CacheDefinition(Optional(), OptionalEnum<RemoteCacheMode>(), Location()) : null,
            Registry = Optional(),
        };
        return (pipeline, List(static r => r.Diagnostic()));
    }

    private StepDefinition Step() => new()
    {
        Id = _in.ReadString(),
        Stage = _in.ReadString(),
        Name = _in.ReadString(),
        Kind = Enum<StepKind>(),
        Command = Optional(),
        Shell = Optional(),
        Task = Optional(),
        With = Value(0) as MapValue ?? throw new InvalidDataException("'with' is not a map"),
        Notebook = Optional(),
        Kernel = Optional(),
        Export = Optional(),
        Env = Map(),
        Image = Optional(),
        Inputs = List(static r => r.Input()),
        InputExclusions = Strings(),
        Outputs = List(static r => r.Output()),
        Metrics = Strings(),
        Plots = List(static r => r.Plot()),
        Params = Strings(),
        Needs = List(static r => r.Need()),
        Timeout = _in.ReadBoolean() ? TimeSpan.FromTicks(_in.ReadInt64()) : null,
        Retries = _in.ReadInt32(),
        Cache = _in.ReadBoolean(),
        Frozen = _in.ReadBoolean(),
        Network = Optional(),
        Resources = _in.ReadBoolean() ? Resources() : null,
        Executor = Enum<Executor>(),
        Placement = Strings(),
        Matrix = List(static r => KeyValuePair.Create(r._in.ReadString(), r._in.ReadString())),
        Location = Location(),
    };

    private ResourceLimits Resources()
    {
        var cpus = OptionalDouble();
        var hasMemory = _in.ReadBoolean();
        var memory = _in.ReadInt64();
        return new ResourceLimits(cpus, hasMemory ? memory : null, Optional());
    }

    private StageDefinition Stage() => new(_in.ReadString(), List(static r => r.Need()), Optional(), Strings(), Location());

    private ImageDefinition Image() => new(_in.ReadString(), Optional(), Optional(), Optional(), Enum<PullPolicy>(), Location());

    private ArtifactDefinition Artifact() => new(_in.ReadString(), _in.ReadString(), _in.ReadString(), Strings(), Location());

    private ScheduleDefinition Schedule() => new(Enum<ScheduleKind>(), Optional(), Strings(), Optional(), OptionalDouble(), Location());

    private PlotDefinition Plot() => new(_in.ReadString(), Location())
    {
        Step = Optional(),
        Template = Enum<PlotTemplate>(),
        X = Optional(),
        Y = Strings(),
        Title = Optional(),
        XLabel = Optional(),
        YLabel = Optional(),
    };

    private InputSpec Input() => new(_in.ReadString(), Enum<InputKind>(), _in.ReadBoolean(), Location());

    private OutputSpec Output() => new(_in.ReadString(), _in.ReadBoolean(), Location());

    private NeedReference Need() => new(_in.ReadString(), Location());

    private PipelineDiagnostic Diagnostic() => new(_in.ReadString(), Enum<DiagnosticSeverity>(), Location(), _in.ReadString(), Optional());

    private ValueNode Value(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("params nest too deep");
        }

        return (ValueTag)_in.ReadByte() switch
        {
            ValueTag.Scalar => new ScalarValue(_in.ReadString()),
            ValueTag.List => new ListValue(Values(depth + 1)),
            ValueTag.Map => Entries(depth + 1) is { Length: > 0 } entries ? new MapValue(entries) : MapValue.Empty,
            _ => throw new InvalidDataException("unknown value tag"),
        };
    }

    // Loops of their own rather than List with a lambda over depth: that lambda would cost a closure and a delegate
    // for every step's 'with' map.
    private ValueNode[] Values(int depth)
    {
        var count = Count();
        ValueNode[] items = count == 0 ? [] : new ValueNode[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = Value(depth);
        }

        return items;
    }

    private KeyValuePair<string, ValueNode>[] Entries(int depth)
    {
        var count = Count();
        KeyValuePair<string, ValueNode>[] entries = count == 0 ? [] : new KeyValuePair<string, ValueNode>[count];
        for (var i = 0; i < count; i++)
        {
            var key = _in.ReadString();
            entries[i] = KeyValuePair.Create(key, Value(depth));
        }

        return entries;
    }

    private SourceLocation Location()
    {
        var index = _in.Read7BitEncodedInt();
        if (index == _files.Count)
        {
            _files.Add(_in.ReadString());
        }
        else if ((uint)index > (uint)_files.Count)
        {
            throw new InvalidDataException("unknown file number");
        }

        return new SourceLocation(_files[index], _in.Read7BitEncodedInt(), _in.Read7BitEncodedInt());
    }

    // Most steps set no env: they share one empty map (as a step made without one does) instead of a Dictionary each.
    private IReadOnlyDictionary<string, string> Map()
    {
        var count = Count();
        if (count == 0)
        {
            return ReadOnlyDictionary<string, string>.Empty;
        }

        var map = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            if (!map.TryAdd(_in.ReadString(), _in.ReadString()))
            {
                throw new InvalidDataException("a key is repeated");
            }
        }

        return map;
    }

    private string[] Strings() => List(static r => r._in.ReadString());

    // Static lambdas where they can be: the compiler caches those, where a method group or a lambda over this
    // would be a new delegate at every call (a dozen per step).
    private T[] List<T>(Func<DefinitionReader, T> read)
    {
        var count = Count();
        if (count == 0)
        {
            return [];
        }

        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = read(this);
        }

        return items;
    }

    // Every element takes at least one byte: a count beyond what is left is a lie, refused before allocating.
    private int Count()
    {
        var count = _in.Read7BitEncodedInt();
        if (count < 0 || count > _in.BaseStream.Length - _in.BaseStream.Position)
        {
            throw new InvalidDataException("a count exceeds the entry");
        }

        return count;
    }

    private string? Optional() => _in.ReadBoolean() ? _in.ReadString() : null;

    private double? OptionalDouble() => _in.ReadBoolean() ? _in.ReadDouble() : null;

    private T Enum<T>()
        where T : struct, System.Enum
    {
        var value = (T)(object)_in.Read7BitEncodedInt();
        return System.Enum.IsDefined(value) ? value : throw new InvalidDataException($"not a {typeof(T).Name}");
    }

    private T? OptionalEnum<T>()
        where T : struct, System.Enum => _in.ReadBoolean() ? Enum<T>() : null;
}
