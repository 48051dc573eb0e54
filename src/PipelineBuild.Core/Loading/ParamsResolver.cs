using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>
/// Builds the run's params: the defaults (the <c>params:</c> map or file), then <c>--params-file</c>
/// deep-merged over them, then every <c>--param k=v</c>, which must name an existing leaf.
/// </summary>
internal sealed class ParamsResolver
{
    private readonly SchemaReader _reader;
    private readonly LoadInputs? _inputs;

    public ParamsResolver(SchemaReader reader, LoadInputs? inputs = null)
    {
        _reader = reader;
        _inputs = inputs;
    }

    public ParamSet Resolve(YamlTreeNode? declared, string workspaceRoot, string workspaceDisplay, LoadOptions options)
    {
        var root = declared switch
        {
            null or YamlTreeScalar { IsNull: true } => MapValue.Empty,
            YamlTreeMapping mapping => ValueConverter.Convert(mapping, _reader.Budget) as MapValue ?? MapValue.Empty,
            YamlTreeScalar file => ReadFile(
                Path.Combine(workspaceRoot, file.Value),
                PathNormalizer.Normalize(workspaceDisplay + "/" + file.Value),
                file.Location),
            _ => WrongType(declared),
        };

        if (options.ParamsFile is { } paramsFile)
        {
            root = ParamsMerger.Merge(root, ReadFile(paramsFile, paramsFile, SourceLocation.None("--params-file")));
        }

        foreach (var assignment in options.ParamOverrides)
        {
            root = new ParamOverride(_reader.Diagnostics).Apply(root, assignment);
        }

        return new ParamSet(root);
    }

    private MapValue WrongType(YamlTreeNode node)
    {
        _reader.WrongType(node, "'params'", "a map of values or the name of a params file");
        return MapValue.Empty;
    }

    private MapValue ReadFile(string path, string display, SourceLocation reference)
    {
        var read = InputFileReader.Read(path, _inputs);
        if (read is InputFileRead.Refused refused)
        {
            _reader.Error(refused.Code, reference, $"cannot read params file '{display}': {refused.Reason}", $"{refused.Hint}; a params file named in the pipeline is relative to the workspace");
            return MapValue.Empty;
        }

        var node = new YamlTreeReader(display, _reader.Diagnostics).Read(((InputFileRead.Text)read).Content);
        switch (node)
        {
            case null or YamlTreeScalar { IsNull: true }:
                return MapValue.Empty;
            case YamlTreeMapping mapping:
                return ValueConverter.Convert(mapping, _reader.Budget) as MapValue ?? MapValue.Empty;
            default:
                _reader.WrongType(node, $"the params file '{display}'", "a map of values");
                return MapValue.Empty;
        }
    }
}
