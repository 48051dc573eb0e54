using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads <c>resources: { cpus, memory, gpus }</c>.</summary>
internal sealed partial class ResourcesReader
{
    private readonly SchemaReader _reader;

    public ResourcesReader(SchemaReader reader)
    {
        _reader = reader;
    }

    public ResourceLimits? Read(YamlTreeNode node)
    {
        var mapping = _reader.Mapping(node, "'resources'");
        if (mapping is null)
        {
            return null;
        }

        _reader.CheckKeys(mapping, PipelineKeys.Resources, "'resources'");
        double? cpus = null;
        long? memory = null;
        string? gpus = null;
        if (mapping.Find("cpus") is { } cpusNode)
        {
            cpus = _reader.Double(cpusNode, "'resources.cpus'");
            if (cpus <= 0)
            {
                _reader.BadValue((YamlTreeScalar)cpusNode, "'resources.cpus'", "a number above 0, e.g. 1.5");
                cpus = null;
            }
        }

        if (mapping.Find("memory") is { } memoryNode && _reader.Scalar(memoryNode, "'resources.memory'") is { } memoryText)
        {
            if (MemorySizeParser.TryParse(memoryText.Value, out var bytes))
            {
                memory = bytes;
            }
            else
            {
                _reader.BadValue(memoryText, "'resources.memory'", "a size like 512m, 2g or 1GiB");
            }
        }

        if (mapping.Find("gpus") is { } gpusNode && _reader.Scalar(gpusNode, "'resources.gpus'") is { } gpusText)
        {
            if (GpusPattern().IsMatch(gpusText.Value))
            {
                gpus = gpusText.Value;
            }
            else
            {
                _reader.BadValue(gpusText, "'resources.gpus'", "'all', a count such as 2, or device ids such as 'device=0,1' (as docker run --gpus takes them)");
            }
        }

        return new ResourceLimits(cpus, memory, gpus);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(all|[1-9][0-9]*|device=[^,]+(,[^,]+)*)$")]
    private static partial System.Text.RegularExpressions.Regex GpusPattern();
}
