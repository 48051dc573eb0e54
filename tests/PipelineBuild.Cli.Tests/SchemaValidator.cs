using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Json.Schema;
using PipelineBuild.Testing;

namespace PipelineBuild.Cli.Tests;

/// <summary>Validates YAML files against the JSON Schemas in <c>Schemas/</c> (see its README).</summary>
internal static class SchemaValidator
{
    // A schema with an $id is registered globally by JsonSchema.Net: it is built once per file.
    private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new(StringComparer.Ordinal);

    public static string RepositoryRoot { get; } = Path.GetFullPath(
        typeof(SchemaValidator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!);

    public static void AssertValid(string schemaName, string yaml) =>
        AssertValidAgainst(Path.Combine(AppContext.BaseDirectory, "Schemas", schemaName), yaml);

    /// <summary>Validates against a schema file given by its path (the repository's own <c>schemas/</c>).</summary>
    public static void AssertValidAgainst(string schemaPath, string yaml)
    {
        var schemaName = Path.GetFileName(schemaPath);
        var schema = Load(schemaPath);
        var instance = JsonSerializer.SerializeToElement(YamlAsJson.Single(yaml));
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
        Assert.True(result.IsValid, $"not valid against {schemaName}:\n{string.Join('\n', errors)}\n---\n{yaml}");
    }

    public static void AssertInvalid(string schemaName, string yaml) =>
        AssertInvalidAgainst(Path.Combine(AppContext.BaseDirectory, "Schemas", schemaName), yaml);

    public static void AssertInvalidAgainst(string schemaPath, string yaml)
    {
        var schemaName = Path.GetFileName(schemaPath);
        var schema = Load(schemaPath);
        Assert.False(schema.Evaluate(JsonSerializer.SerializeToElement(YamlAsJson.Single(yaml))).IsValid, $"expected {schemaName} to reject:\n{yaml}");
    }

    private static JsonSchema Load(string path) =>
        Schemas.GetOrAdd(Path.GetFullPath(path), p => new Lazy<JsonSchema>(() => JsonSchema.FromText(File.ReadAllText(p)))).Value;
}
