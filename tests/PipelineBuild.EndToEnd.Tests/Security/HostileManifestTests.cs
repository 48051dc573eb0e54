using System.Text.Json.Nodes;
using PipelineBuild.Testing;

namespace PipelineBuild.EndToEnd.Tests.Security;

/// <summary>A tampered artifact.json cannot make <c>artifacts get</c> or <c>reproduce</c> write outside their folder.</summary>
public sealed class HostileManifestTests : IDisposable
{
    private readonly TestWorkspace _outside = TestWorkspace.Create();

    [Theory]
    [InlineData("../DIRx/pwned.txt", "DIRx/pwned.txt")]
    [InlineData("sub/../../y.txt", "y.txt")]
    public void Should_refuse_artifacts_get_of_a_manifest_whose_file_path_leaves_the_output_folder(string hostile, string landing)
    {
        // Given a published version whose artifact.json was edited; DIR and DIRx are siblings
        using var scenario = MlScenario.Create(git: false);
        scenario.Tool("run").Succeeds();
        Tamper(scenario, "iris-model", "1.0.0", manifest => manifest["files"]![0]!["path"] = hostile);
        Directory.CreateDirectory(_outside.PathOf("DIRx"));

        // When
        var result = scenario.Tool("artifacts", "get", "iris-model@1.0.0", "-o", _outside.PathOf("DIR"));

        // Then
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error PB8120: iris-model@1.0.0 names the file '" + hostile + "'", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_outside.PathOf(landing)));
        Assert.False(Directory.Exists(_outside.PathOf("DIR")) && Directory.EnumerateFileSystemEntries(_outside.PathOf("DIR")).Any());
    }

    [Fact]
    public void Should_refuse_to_reproduce_a_lineage_that_records_an_input_outside_the_workspace()
    {
        // Given a version whose lineage records its input at an absolute path outside
        using var scenario = MlScenario.Create(git: false);
        scenario.Tool("run").Succeeds();
        var target = _outside.PathOf("pwned.csv");
        Tamper(scenario, "iris-model", "1.0.0", manifest =>
        {
            var inputs = manifest["lineage"]!["inputs"]!.AsObject();
            var digest = inputs["data/raw.csv"]!.GetValue<string>();
            inputs.Remove("data/raw.csv");
            inputs[target] = digest;
        });

        // When
        var result = scenario.Tool("reproduce", "iris-model@1.0.0");

        // Then
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error PB8120: the lineage of iris-model@1.0.0 records the input '" + target + "', which is absolute", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    public void Dispose() => _outside.Dispose();

    private static void Tamper(Scenario scenario, string name, string version, Action<JsonNode> edit)
    {
        var path = scenario.Workspace.PathOf($".pipeline/artifacts/{name}/{version}/artifact.json");
        File.SetAttributes(path, FileAttributes.Normal);
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
    }
}
