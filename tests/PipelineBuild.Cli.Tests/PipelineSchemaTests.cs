using System.Text.Json;
using PipelineBuild.Core.Loading;

namespace PipelineBuild.Cli.Tests;

/// <summary>The shipped JSON Schema of pipeline files (<c>schemas/pipeline.schema.json</c>) against the loader and the repository's pipelines.</summary>
public sealed class PipelineSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(SchemaValidator.RepositoryRoot, "schemas", "pipeline.schema.json");

    public static TheoryData<string> Pipelines()
    {
        var root = SchemaValidator.RepositoryRoot;
        var files = Directory.EnumerateFiles(Path.Combine(root, "examples"), "pipeline.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "pipelines"), "*.yaml"))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "templates"), "pipeline.yaml", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/.pipeline/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        return [.. files];
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Should_accept_every_example_template_and_pipeline_of_the_repository(string file)
    {
        SchemaValidator.AssertValidAgainst(SchemaPath, File.ReadAllText(Path.Combine(SchemaValidator.RepositoryRoot, file)));
    }

    [Fact]
    public void Should_cover_exactly_the_keys_the_loader_accepts()
    {
        // Given the schema's object definitions
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var defs = schema.RootElement.GetProperty("$defs");

        // Then each lists exactly the keys of its reader
        AssertKeys(PipelineKeys.Pipeline, schema.RootElement);
        AssertKeys(PipelineKeys.Stage, defs.GetProperty("stage"));
        AssertKeys(PipelineKeys.Step, defs.GetProperty("step"));
        AssertKeys(PipelineKeys.Image, defs.GetProperty("image"));
        AssertKeys(PipelineKeys.Artifact, defs.GetProperty("artifact"));
        AssertKeys(PipelineKeys.Resources, defs.GetProperty("resources"));
        AssertKeys(PipelineKeys.Schedule, defs.GetProperty("schedule"));
        AssertKeys(PipelineKeys.Drift, defs.GetProperty("drift"));
        AssertKeys(PipelineKeys.Cache, defs.GetProperty("cache"));
    }

    [Theory]
    [InlineData("inptus: [a]\n        run: x")]
    [InlineData("run: x\n        notebook: a.ipynb")]
    [InlineData("inputs: [a]")]
    [InlineData("notebook: a.ipynb\n        export: pdf")]
    [InlineData("run: x\n        cache: maybe")]
    public void Should_reject_what_the_loader_rejects(string step)
    {
        SchemaValidator.AssertInvalidAgainst(SchemaPath, $"pipeline: p\nstages:\n  s:\n    steps:\n      a:\n        {step}\n");
    }

    private static void AssertKeys(IReadOnlyList<string> loader, JsonElement definition)
    {
        Assert.True(definition.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.False, "additionalProperties must be false");
        var keys = definition.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(loader.Order(StringComparer.Ordinal), keys);
    }
}
