using PipelineBuild.Core.Yaml;
namespace PipelineBuild.Core.Loading;

/// <summary>Reads an <c>env:</c> map (name → scalar), expanding values, over an inherited set of variables.</summary>
internal sealed class EnvReader
{
    private readonly SchemaReader _reader;
    private readonly ExpressionExpander _expander;

    public EnvReader(SchemaReader reader, ExpressionExpander expander)
    {
        _reader = reader;
        _expander = expander;
    }

    /// <summary>The variables; <paramref name="inherited"/> itself when there is no map (the result is never changed).</summary>
    public IReadOnlyDictionary<string, string> Read(YamlTreeMapping? mapping, IReadOnlyDictionary<string, string> inherited, ExpansionScope scope)
    {
        if (mapping is null)
        {
            return inherited;
        }

        var env = new Dictionary<string, string>(inherited, StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            if (value is YamlTreeScalar scalar)
            {
                env[key.Value] = scalar.IsNull ? string.Empty : _expander.Expand(scalar, scope);
            }
            else
            {
                _reader.WrongType(value, $"env variable '{key.Value}'", "a string");
            }
        }

        return env;
    }
}
