using System.Reflection;
using System.Text.Json;

namespace PipelineBuild.Sdk;

/// <summary>
/// Binds a map to a settings type: constructor parameters first (positional records), then settable
/// properties. Names match ignoring case, '_' and '-'. Unknown keys are errors, as in the pipeline file.
/// </summary>
internal static class SettingsBinder
{
    public static object Bind(JsonElement map, Type type, string path)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path}: expected a map");
        }

        var values = new Dictionary<string, (string Key, JsonElement Value)>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject())
        {
            values[Normalize(property.Name)] = (property.Name, property.Value);
        }

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new FormatException($"{path}: {type.Name} has no public constructor");
        var used = new HashSet<string>(StringComparer.Ordinal);
        var arguments = constructor.GetParameters().Select(p => Argument(p, values, used, path)).ToArray();
        var settings = constructor.Invoke(arguments);

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0).ToList();
        foreach (var property in properties)
        {
            var key = Normalize(property.Name);
            if (!used.Contains(key) && values.TryGetValue(key, out var entry))
            {
                property.SetValue(settings, ValueConverter.Convert(entry.Value, property.PropertyType, $"{path}.{entry.Key}"));
                used.Add(key);
            }
        }

        var unknown = values.Where(v => !used.Contains(v.Key)).Select(v => v.Value.Key).ToList();
        if (unknown.Count > 0)
        {
            var known = constructor.GetParameters().Select(p => p.Name!).Concat(properties.Select(p => p.Name)).Select(SnakeCase).Distinct(StringComparer.Ordinal);
            throw new FormatException($"{path}: unknown key '{unknown[0]}'; {type.Name} has: {string.Join(", ", known)}");
        }

        return settings;
    }

    private static object? Argument(ParameterInfo parameter, Dictionary<string, (string Key, JsonElement Value)> values, HashSet<string> used, string path)
    {
        var key = Normalize(parameter.Name!);
        if (values.TryGetValue(key, out var entry))
        {
            used.Add(key);
            return ValueConverter.Convert(entry.Value, parameter.ParameterType, $"{path}.{entry.Key}");
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        var nullable = !parameter.ParameterType.IsValueType || Nullable.GetUnderlyingType(parameter.ParameterType) is not null;
        var isNullableReference = new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable;
        if (nullable && (parameter.ParameterType.IsValueType || isNullableReference))
        {
            return null;
        }

        throw new FormatException($"{path}: '{SnakeCase(parameter.Name!)}' is required; add it under 'with:'");
    }

    /// <summary>How YAML files usually spell a .NET name: <c>LearningRate</c> → <c>learning_rate</c>.</summary>
    private static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static string Normalize(string name) =>
        string.Concat(name.Where(c => c is not '_' and not '-')).ToUpperInvariant();
}
