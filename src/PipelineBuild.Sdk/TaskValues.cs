using System.Text.Json;

namespace PipelineBuild.Sdk;

/// <summary>
/// Named values from the pipeline file: a step's <c>with:</c> map or its params. YAML scalars arrive
/// typed the YAML way (<c>5</c> a number, <c>true</c> a boolean, <c>abc</c> a string); reading is lenient
/// where it is safe (a number read as a string keeps its text as written).
/// </summary>
public sealed class TaskValues
{
    private readonly JsonElement _root;

    private TaskValues(JsonElement root)
    {
        _root = root;
    }

    /// <summary>No values.</summary>
    public static TaskValues Empty { get; } = Parse("{}");

    /// <summary>The names present, in the order written.</summary>
    public IReadOnlyList<string> Names => [.. _root.EnumerateObject().Select(p => p.Name)];

    /// <summary>Values from a JSON object, e.g. in a unit test: <c>TaskValues.Parse("""{"trees": 20}""")</c>.</summary>
    /// <param name="json">A JSON object.</param>
    /// <returns>The values.</returns>
    public static TaskValues Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("task values must be a JSON object");
        }

        return new TaskValues(document.RootElement.Clone());
    }

    /// <summary>Whether a value of that name is present.</summary>
    /// <param name="name">The name (a <c>with</c> key, or a dotted param name).</param>
    /// <returns>True when present.</returns>
    public bool Contains(string name) => _root.TryGetProperty(name, out _);

    /// <summary>A value as <typeparamref name="T"/>; throws <see cref="KeyNotFoundException"/> naming the known names when it is absent.</summary>
    /// <typeparam name="T">A scalar type, string, enum, array, list, dictionary or settings class.</typeparam>
    /// <param name="name">The name.</param>
    /// <returns>The converted value.</returns>
    public T Get<T>(string name)
    {
        if (!_root.TryGetProperty(name, out var value))
        {
            var known = Names;
            throw new KeyNotFoundException(known.Count == 0
                ? $"'{name}' is not set (none are)"
                : $"'{name}' is not set; set are: {string.Join(", ", known)}");
        }

        return (T)ValueConverter.Convert(value, typeof(T), name)!;
    }

    /// <summary>A value as <typeparamref name="T"/>, or <paramref name="defaultValue"/> when it is absent.</summary>
    /// <typeparam name="T">A scalar type, string, enum, array, list, dictionary or settings class.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="defaultValue">What to return when the value is absent.</param>
    /// <returns>The converted value or the default.</returns>
    public T Get<T>(string name, T defaultValue) =>
        _root.TryGetProperty(name, out var value) ? (T)ValueConverter.Convert(value, typeof(T), name)! : defaultValue;

    /// <summary>A value as text: strings as they are, numbers and booleans as written.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The text.</returns>
    public string GetString(string name) => Get<string>(name);

    /// <summary>
    /// Binds every value to a settings object: keys match its properties or constructor parameters
    /// ignoring case, <c>_</c> and <c>-</c>. Throws <see cref="FormatException"/> for an unknown key, a
    /// missing required value or a value of the wrong type.
    /// </summary>
    /// <typeparam name="T">The settings type (a record, or a class with settable properties).</typeparam>
    /// <returns>The settings.</returns>
    public T Bind<T>() => (T)SettingsBinder.Bind(_root, typeof(T), "with");

    /// <summary>The values as a JSON object.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => _root.GetRawText();
}
