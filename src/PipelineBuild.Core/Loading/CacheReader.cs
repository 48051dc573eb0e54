using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Model;
using PipelineBuild.Core.Yaml;

namespace PipelineBuild.Core.Loading;

/// <summary>Reads <c>cache:</c> (<c>remote: &lt;url&gt;</c>, <c>mode: read|read-write|off</c>); a URL with credentials is refused.</summary>
internal sealed class CacheReader
{
    private readonly SchemaReader _reader;

    public CacheReader(SchemaReader reader)
    {
        _reader = reader;
    }

    public CacheDefinition? Read(YamlTreeNode node)
    {
        if (_reader.Mapping(node, "'cache'") is not { } mapping)
        {
            return null;
        }

        _reader.CheckKeys(mapping, PipelineKeys.Cache, "'cache'");
        var remote = mapping.Find("remote") is { } r ? _reader.Scalar(r, "'remote'") : null;
        if (remote is not null && Uri.TryCreate(remote.Value, UriKind.Absolute, out var url) && url.UserInfo.Length > 0)
        {
            _reader.Error(
                RemoteCacheCodes.BadSetting,
                remote.Location,
                "the cache URL carries credentials, which must never be in the pipeline file",
                $"remove them and set {RemoteCacheEnvironment.User}/{RemoteCacheEnvironment.Password} or {RemoteCacheEnvironment.Token} in the environment");
        }

        RemoteCacheMode? mode = null;
        if (mapping.Find("mode") is { } m && _reader.Scalar(m, "'mode'") is { } text)
        {
            mode = RemoteCacheModes.TryParse(text.Value);
            if (mode is null)
            {
                _reader.BadValue(text, "'mode'", "read, read-write or off");
            }
        }

        return new CacheDefinition(remote?.Value, mode, mapping.Location);
    }
}
