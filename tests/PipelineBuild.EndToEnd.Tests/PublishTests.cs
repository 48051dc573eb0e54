using System.Net.Http.Headers;
using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests;

public sealed class PublishTests
{
    [RegistryFact]
    public void Should_push_a_version_to_an_oci_registry_as_an_oras_artifact_with_its_lineage()
    {
        // Given a real registry and a pipeline that publishes to it
        using var registry = RegistryServer.Start();
        using var scenario = MlScenario.Create(Publishing($"oci://{registry.Host}/models/iris"));

        // When it runs twice
        var (first, report) = scenario.Run();
        var (second, _) = scenario.Run();

        // Then the version is a tag whose manifest names the files, and the lineage is its config
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"published iris-model@1.0.0 to oci://{registry.Host}/models/iris", first.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("published iris-model", second.Stdout + second.Stderr, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = new Uri($"http://{registry.Host}/v2/models/iris/") };
        var manifest = Get(client, "manifests/1.0.0", "application/vnd.oci.image.manifest.v1+json");
        Assert.Equal("application/vnd.pipelinebuild.artifact.v1", manifest.GetProperty("artifactType").GetString());
        var layer = manifest.GetProperty("layers")[0];
        Assert.Equal("model.txt", layer.GetProperty("annotations").GetProperty("org.opencontainers.image.title").GetString());
        Assert.StartsWith("depth=5", client.GetStringAsync(new Uri("blobs/" + layer.GetProperty("digest").GetString(), UriKind.Relative)).Result, StringComparison.Ordinal);
        var lineage = JsonDocument.Parse(client.GetStringAsync(new Uri("blobs/" + manifest.GetProperty("config").GetProperty("digest").GetString(), UriKind.Relative)).Result).RootElement;
        Assert.Equal(report.RunId, lineage.GetProperty("lineage").GetProperty("runId").GetString());
        var digest = scenario.Json("artifacts", "show", "iris-model@1.0.0").GetProperty("digest").GetString();
        Assert.Equal(digest, manifest.GetProperty("annotations").GetProperty("dev.pipelinebuild.content-digest").GetString());
    }

    [RegistryFact]
    public void Should_refuse_to_overwrite_a_version_the_registry_holds_with_other_content()
    {
        // Given 1.0.0 in the registry, then a fresh local store (another machine) making other content
        using var registry = RegistryServer.Start();
        using var scenario = MlScenario.Create(Publishing($"oci://{registry.Host}/models/iris"));
        scenario.Tool("run").Succeeds();
        scenario.Workspace.Delete(".pipeline/artifacts");

        // When that other content comes out as 1.0.0 too
        var result = scenario.Tool("run", "--param", "train.depth=9");

        // Then
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error PB8102: the registry already holds iris-model@1.0.0 with other content", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_exit_3_when_the_registry_cannot_be_reached_and_push_on_the_next_run()
    {
        using var scenario = MlScenario.Create(Publishing("oci://127.0.0.1:9/models/iris"));

        var (result, report) = scenario.Run();

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("error PB8107: the registry cannot be reached", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(("1.0.0", true), report.Artifact("iris-model"));
    }

    [Fact]
    public void Should_publish_a_nupkg_to_a_feed_folder_that_dotnet_add_package_installs()
    {
        // Given a version published to a feed folder
        using var scenario = MlScenario.Create(Publishing("nuget:feed"));
        scenario.Tool("run").Succeeds();
        Assert.True(scenario.Workspace.Exists("feed/iris-model.1.0.0.nupkg"));

        // When a .NET project adds the package and builds
        AddPackage(scenario, scenario.Workspace.PathOf("feed"));
        DotnetCli.Run(scenario.Workspace.PathOf("consumer"), ConsumerEnvironment(scenario), "build", "-o", "out", "-nologo", "-v", "q");

        // Then the artifact's files are in the build output, and its lineage is in the package
        Assert.StartsWith("depth=5", scenario.Workspace.Read("consumer/out/iris-model/model.txt"), StringComparison.Ordinal);
        Assert.True(scenario.Workspace.Exists("nuget-packages/iris-model/1.0.0/pipelinebuild/artifact.json"));
    }

    [Fact]
    public void Should_push_with_nugets_client_to_a_local_feed_once_keeping_the_api_key_out_of_every_output()
    {
        // Given a pipeline publishing to a NuGet source given by URL (a local feed: no NuGet server can run here), with an API key
        using var feedFolder = Testing.TestWorkspace.Create();
        var source = new Uri(feedFolder.PathOf("feed")).AbsoluteUri;
        using var scenario = MlScenario.Create(Publishing($"nuget:{source}"));
        var key = new Dictionary<string, string> { ["NUGET_API_KEY"] = "pb-secret-api-key-4711" };

        // When it runs twice
        var first = PipelineTool.Run(scenario.Root, key, "run");
        var second = PipelineTool.Run(scenario.Root, key, "run");

        // Then NuGet's client pushed the version once into the new feed (flat, as dotnet nuget push makes it)
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"published iris-model@1.0.0 to nuget:{source}", first.Stderr, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("published iris-model", second.Stdout + second.Stderr, StringComparison.Ordinal);
        Assert.True(feedFolder.Exists("feed/iris-model.1.0.0.nupkg"), string.Join("\n", Directory.EnumerateFiles(feedFolder.Root, "*", SearchOption.AllDirectories)));

        // And a .NET project restores it from that feed
        AddPackage(scenario, feedFolder.PathOf("feed"));
        Assert.True(scenario.Workspace.Exists("nuget-packages/iris-model/1.0.0/pipelinebuild/artifact.json"));

        // And the key is in no output, log or state file
        Assert.DoesNotContain("pb-secret-api-key-4711", first.ToString() + second, StringComparison.Ordinal);
        Assert.All(
            Directory.EnumerateFiles(scenario.Workspace.PathOf(".pipeline"), "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".db", StringComparison.Ordinal)),
            f => Assert.DoesNotContain("pb-secret-api-key-4711", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public void Should_exit_3_when_the_nuget_source_cannot_be_reached_and_keep_the_version_locally()
    {
        using var scenario = MlScenario.Create(Publishing("nuget:http://127.0.0.1:9/v3/index.json"));

        var (result, report) = scenario.Run();

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("error PB8107: the NuGet source cannot be reached", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(("1.0.0", true), report.Artifact("iris-model"));
    }

    /// <summary>A console project (consumer/) that adds iris-model 1.0.0 from <paramref name="feed"/> only, into a private package folder.</summary>
    private static void AddPackage(Scenario scenario, string feed)
    {
        scenario.Workspace.Write("consumer/consumer.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        scenario.Workspace.Write("consumer/Program.cs", "System.Console.WriteLine(System.IO.File.ReadAllText(\"iris-model/model.txt\"));\n");
        scenario.Workspace.Write("consumer/nuget.config", $"""
            <configuration>
              <packageSources><clear /><add key="models" value="{feed}" /></packageSources>
            </configuration>
            """);
        DotnetCli.Run(scenario.Workspace.PathOf("consumer"), ConsumerEnvironment(scenario), "add", "package", "iris-model", "--version", "1.0.0");
    }

    private static Dictionary<string, string> ConsumerEnvironment(Scenario scenario) =>
        new() { ["NUGET_PACKAGES"] = scenario.Workspace.PathOf("nuget-packages") };

    private static string Publishing(string target) =>
        MlScenario.Pipeline.Replace("version: 1.0.x", $"version: 1.0.x\n    publish: [local, \"{target}\"]", StringComparison.Ordinal);

    private static JsonElement Get(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = client.Send(request);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {response.StatusCode}");
        return JsonDocument.Parse(response.Content.ReadAsStringAsync().Result).RootElement.Clone();
    }
}
