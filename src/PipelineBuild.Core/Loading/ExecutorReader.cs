using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads <c>executor:</c> (pipeline, stage, step), <c>placement:</c> (step) and <c>registry:</c> (pipeline).</summary>
internal sealed class ExecutorReader
{
    private readonly SchemaReader _reader;

    public ExecutorReader(SchemaReader reader)
    {
        _reader = reader;
    }

    public Executor? Read(YamlTreeNode node)
    {
        var scalar = _reader.Scalar(node, "'executor'");
        if (scalar is null)
        {
            return null;
        }

        if (Executors.TryParse(scalar.Value) is { } executor)
        {
            return executor;
        }

        _reader.BadValue(scalar, "'executor'", string.Join(", ", Executors.Names));
        return null;
    }

    /// <summary>Each constraint as Swarm writes them: <c>node.labels.gpu==true</c>, <c>node.hostname!=a</c> (a list, or one string).</summary>
    public IReadOnlyList<string> ReadPlacement(YamlTreeNode node)
    {
        var constraints = new List<string>();
        foreach (var item in _reader.ScalarList(node, "'placement'"))
        {
            if (PlacementConstraint.IsValid(item.Value))
            {
                constraints.Add(item.Value.Trim());
            }
            else
            {
                _reader.Error(ExecutorCodes.BadPlacement, item.Location, $"'{item.Value}' is not a placement constraint", "write NAME==VALUE or NAME!=VALUE, e.g. node.labels.gpu==true or node.hostname!=build-1");
            }
        }

        return constraints;
    }

    public string? ReadRegistry(YamlTreeNode node)
    {
        var scalar = _reader.Scalar(node, "'registry'");
        if (scalar is null)
        {
            return null;
        }

        if (RegistryAddress.IsValid(scalar.Value))
        {
            return scalar.Value.TrimEnd('/');
        }

        _reader.Error(ExecutorCodes.BadRegistry, scalar.Location, $"'{scalar.Value}' is not a registry address", RegistryAddress.Hint);
        return null;
    }
}
