using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads <c>artifacts:</c>: name → <c>{ path, version, publish }</c>.</summary>
internal sealed class ArtifactsReader
{
    private const string DefaultVersion = "0.1.x";
    private readonly SchemaReader _reader;

    public ArtifactsReader(SchemaReader reader)
    {
        _reader = reader;
    }

    public List<ArtifactDefinition> Read(YamlTreeNode node)
    {
        var artifacts = new List<ArtifactDefinition>();
        if (_reader.Mapping(node, "'artifacts'") is not { } mapping)
        {
            return artifacts;
        }

        foreach (var (name, value) in mapping.Entries)
        {
            var validName = NameRules.CheckStepName(_reader, name, "artifact");
            if (_reader.Mapping(value, $"artifact '{name.Value}'") is not { } artifact)
            {
                continue;
            }

            _reader.CheckKeys(artifact, PipelineKeys.Artifact, $"artifact '{name.Value}'");
            var path = artifact.Find("path") is { } p ? _reader.String(p, "'path'") : null;
            if (artifact.Find("path") is null)
            {
                _reader.Error(LoaderCodes.MissingKey, name.Location, $"artifact '{name.Value}' has no 'path'", "add 'path:' naming the files or folder that make the artifact");
            }

            var version = artifact.Find("version") is { } v ? _reader.String(v, "'version'") : null;
            if (!string.IsNullOrEmpty(version) && !ArtifactVersionSpec.TryParse(version, out _))
            {
                _reader.Error(LoaderCodes.BadValue, artifact.Find("version")!.Location, $"'{version}' is not a version of artifact '{name.Value}'", "write MAJOR.MINOR.x (x = the next free patch, e.g. 1.0.x) or an exact SemVer 2.0 version (1.2.0, 2.0.0-rc.1)");
            }

            var publishNodes = artifact.Find("publish") is { } pub ? _reader.ScalarList(pub, "'publish'") : [];
            foreach (var target in publishNodes)
            {
                if (PublishTargetSyntax.Check(target.Value) is { } problem)
                {
                    _reader.Error(LoaderCodes.BadValue, target.Location, $"'{target.Value}' is not a publish target of artifact '{name.Value}'", problem);
                }
            }

            var publish = publishNodes.Select(s => s.Value).ToList();
            if (artifact.Find("description") is { } description)
            {
                _reader.String(description, "'description'");
            }

            if (path is not null && validName)
            {
                var normalized = PathNormalizer.Normalize(path, out var isFolder);
                artifacts.Add(new ArtifactDefinition(
                    name.Value,
                    isFolder ? normalized + "/" : normalized,
                    string.IsNullOrEmpty(version) ? DefaultVersion : version,
                    publish.Count == 0 ? ["local"] : publish,
                    name.Location));
            }
        }

        return artifacts;
    }
}
