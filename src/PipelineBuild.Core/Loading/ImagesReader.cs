using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads <c>images:</c>: each is built from a context folder (<c>build</c>) or names a plain reference (<c>image</c>).</summary>
internal sealed class ImagesReader
{
    private readonly SchemaReader _reader;

    public ImagesReader(SchemaReader reader)
    {
        _reader = reader;
    }

    public List<ImageDefinition> Read(YamlTreeNode node)
    {
        var images = new List<ImageDefinition>();
        if (_reader.Mapping(node, "'images'") is not { } mapping)
        {
            return images;
        }

        foreach (var (name, value) in mapping.Entries)
        {
            var validName = NameRules.CheckStepName(_reader, name, "image");
            if (ReadImage(name, value) is { } image && validName)
            {
                images.Add(image);
            }
        }

        return images;
    }

    private ImageDefinition? ReadImage(YamlTreeScalar name, YamlTreeNode node)
    {
        if (_reader.Mapping(node, $"image '{name.Value}'") is not { } mapping)
        {
            return null;
        }

        _reader.CheckKeys(mapping, PipelineKeys.Image, $"image '{name.Value}'");
        var build = mapping.Find("build") is { } b ? _reader.String(b, "'build'") : null;
        var dockerfile = mapping.Find("dockerfile") is { } d ? _reader.String(d, "'dockerfile'") : null;
        var reference = mapping.Find("image") is { } r ? _reader.String(r, "'image'") : null;
        if ((build is null) == (reference is null))
        {
            var code = build is null ? LoaderCodes.MissingKey : LoaderCodes.BadValue;
            _reader.Error(code, name.Location, $"image '{name.Value}' needs exactly one of 'build' or 'image'", "use 'build: <context folder>' to build it, or 'image: <reference>' for an existing image");
        }

        var pull = PullPolicy.Missing;
        if (mapping.Find("pull") is { } pullNode && _reader.Scalar(pullNode, "'pull'") is { } pullText)
        {
            switch (pullText.Value)
            {
                case "never": pull = PullPolicy.Never; break;
                case "missing": pull = PullPolicy.Missing; break;
                case "always": pull = PullPolicy.Always; break;
                default: _reader.BadValue(pullText, "'pull'", "never, missing or always"); break;
            }
        }

        return new ImageDefinition(
            name.Value,
            build is null ? null : PathNormalizer.Normalize(build),
            dockerfile is null ? null : PathNormalizer.Normalize(dockerfile),
            reference,
            pull,
            name.Location);
    }
}
