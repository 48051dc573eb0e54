using System.Text.Json.Serialization;

namespace PipelineBuild.Core.Runs;

/// <summary>Source-generated JSON for plain strings (quoting for YAML double-quoted scalars), safe under Native AOT.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class JsonStrings : JsonSerializerContext
{
}
