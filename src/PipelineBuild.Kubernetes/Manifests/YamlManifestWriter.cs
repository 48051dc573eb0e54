using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PipelineBuild.Kubernetes.Manifests;

/// <summary>
/// Writes manifests (as the client's JSON) as YAML documents separated by <c>---</c>, for kubectl and argo.
/// Every string is quoted (or a literal block when it spans lines), so no value is read back as another type
/// (<c>"true"</c>, <c>"0755"</c>, <c>"1e3"</c>) and nothing in a value becomes YAML syntax.
/// </summary>
public static partial class YamlManifestWriter
{
    public static string Write(IEnumerable<JsonNode> documents)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, useUtf16SurrogatePairs: false, indentSequences: false));
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            Emit(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }

        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var (key, value) in map)
                {
                    emitter.Emit(Key(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray list:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in list)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                emitter.Emit(Scalar(value));
                break;
            default:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    private static Scalar Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => StringScalar(value.GetValue<string>()),
        JsonValueKind.True => Plain("true"),
        JsonValueKind.False => Plain("false"),
        _ => Plain(value.ToJsonString()),
    };

    // Field names stay plain (kubectl's style) when no YAML reader could take them for anything but a string.
    private static Scalar Key(string key) =>
        PlainKeyPattern().IsMatch(key) && !Ambiguous.Contains(key, StringComparer.OrdinalIgnoreCase) ? Plain(key) : StringScalar(key);

    private static readonly string[] Ambiguous = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9_./-]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PlainKeyPattern();

    private static Scalar Plain(string text) => new(null, null, text, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);

    private static Scalar StringScalar(string text)
    {
        // A literal block keeps a multi-line command readable; YamlDotNet falls back to double quotes
        // when the text cannot be one (trailing spaces, control characters).
        var style = text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
        return new Scalar(null, null, text, style, isPlainImplicit: false, isQuotedImplicit: true);
    }
}
