using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PipelineBuild.Sdk;

/// <summary>Converts one value from the pipeline file to a .NET type, leniently where YAML typing would surprise.</summary>
internal static class ValueConverter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static object? Convert(JsonElement value, Type type, string path)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return !type.IsValueType || Nullable.GetUnderlyingType(type) is not null
                ? null
                : throw new FormatException($"{path}: a value is required ({Describe(type)})");
        }

        if (target == typeof(string))
        {
            // 'version: 1.10' is a number to YAML; as a string it keeps the text as written.
            return value.ValueKind is JsonValueKind.String ? value.GetString() : value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                ? value.GetRawText()
                : throw new FormatException($"{path}: expected text, got {Kind(value)}");
        }

        if (target == typeof(bool) && value.ValueKind == JsonValueKind.String)
        {
            return bool.TryParse(value.GetString(), out var flag) ? flag : throw new FormatException($"{path}: expected true or false, got '{value.GetString()}'");
        }

        if (target == typeof(TimeSpan) && value.ValueKind == JsonValueKind.Number)
        {
            return TimeSpan.FromSeconds(value.GetDouble());
        }

        if (IsSettingsClass(target) && value.ValueKind == JsonValueKind.Object)
        {
            return SettingsBinder.Bind(value, target, path);
        }

        try
        {
            return value.Deserialize(target, Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new FormatException($"{path}: expected {Describe(type)}, got {Kind(value)} {Preview(value)}", e);
        }
    }

    /// <summary>Classes and records bound key by key (not collections, not framework types).</summary>
    public static bool IsSettingsClass(Type type) =>
        !type.IsPrimitive && !type.IsEnum && type != typeof(string) && type != typeof(decimal)
        && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true;

    private static string Describe(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target == typeof(int) || target == typeof(long) ? "a whole number"
            : target == typeof(double) || target == typeof(float) || target == typeof(decimal) ? "a number"
            : target == typeof(bool) ? "true or false"
            : target.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(target))}"
            : $"a {target.Name}";
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "a map",
        JsonValueKind.Array => "a list",
        JsonValueKind.Number => "the number",
        JsonValueKind.True or JsonValueKind.False => "the boolean",
        _ => "the text",
    };

    private static string Preview(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"'{value.GetString()}'",
        JsonValueKind.Object or JsonValueKind.Array => "",
        _ => value.GetRawText().ToString(CultureInfo.InvariantCulture),
    };
}
