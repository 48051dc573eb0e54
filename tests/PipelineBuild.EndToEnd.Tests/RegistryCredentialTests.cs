using System.Text;
using System.Text.Json;

namespace PipelineBuild.EndToEnd.Tests;

/// <summary>
/// OCI publishing to registries with authentication on (Debian's docker-registry with htpasswd, and
/// with token authentication): credentials from the docker CLI's config.json, a credential helper,
/// or the environment; wrong ones fail with a code and never show the secret.
/// </summary>
public sealed class RegistryCredentialTests
{
    private const string User = "ci-robot";
    private readonly string _password = "pw-" + Guid.NewGuid().ToString("N");

    [RegistryFact]
    public void Should_push_with_the_credentials_docker_login_stored_in_config_json_auths()
    {
        // Given a registry that takes only one user, and that user's docker login in DOCKER_CONFIG
        using var registry = RegistryServer.StartWithPassword(User, _password);
        using var docker = DockerConfig.WithAuths(registry.Host, User, _password);
        using var scenario = MlScenario.Create(Publishing(registry));

        // When the pipeline runs
        var result = PipelineTool.Run(scenario.Root, docker.Environment(), "run");

        // Then the version is in the registry, and the password is nowhere the tool writes
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"published iris-model@1.0.0 to oci://{registry.Host}/models/iris", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("1.0.0", Tags(registry, User, _password).Single());
        AssertNoSecret(scenario, result);
    }

    [RegistryFact]
    public void Should_push_with_the_credentials_a_docker_credential_helper_gives_for_the_host()
    {
        // Given a credential helper on PATH that config.json names for the registry's host
        using var registry = RegistryServer.StartWithPassword(User, _password);
        using var docker = DockerConfig.WithHelper(registry.Host, "test", User, _password);
        using var scenario = MlScenario.Create(Publishing(registry));

        // When the pipeline runs
        var result = PipelineTool.Run(scenario.Root, docker.Environment(), "run");

        // Then the helper was asked for that host, as the docker CLI asks, and the push went through
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([$"get {registry.Host}"], docker.HelperRequests());
        Assert.Equal("1.0.0", Tags(registry, User, _password).Single());
        AssertNoSecret(scenario, result);
    }

    [RegistryFact]
    public void Should_push_with_credentials_from_the_environment_in_ci()
    {
        // Given no docker login at all, and the CI variables
        using var registry = RegistryServer.StartWithPassword(User, _password);
        using var docker = DockerConfig.Empty();
        using var scenario = MlScenario.Create(Publishing(registry));
        var env = docker.Environment();
        env["PIPELINEBUILD_REGISTRY_USERNAME"] = User;
        env["PIPELINEBUILD_REGISTRY_PASSWORD"] = _password;

        // When the pipeline runs
        var result = PipelineTool.Run(scenario.Root, env, "run");

        // Then
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("1.0.0", Tags(registry, User, _password).Single());
        AssertNoSecret(scenario, result);
    }

    [RegistryFact]
    public void Should_fail_with_PB8200_naming_the_source_but_not_the_password_when_the_registry_refuses_it()
    {
        // Given a stored login with a wrong password
        using var registry = RegistryServer.StartWithPassword(User, _password);
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        using var docker = DockerConfig.WithAuths(registry.Host, User, wrong);
        using var scenario = MlScenario.Create(Publishing(registry));

        // When the pipeline runs
        var result = PipelineTool.Run(scenario.Root, docker.Environment(), "run");

        // Then the run fails on publishing with the code, the user and where the login came from
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error PB8200: the registry refused user '{User}' from {docker.ConfigPath} (auths)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Base64($"{User}:{wrong}"), result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Tags(registry, User, _password));
        AssertNotInFiles(scenario, wrong);
    }

    [RegistryFact]
    public void Should_fail_with_PB8201_and_say_how_to_log_in_when_no_credentials_are_found()
    {
        using var registry = RegistryServer.StartWithPassword(User, _password);
        using var docker = DockerConfig.Empty();
        using var scenario = MlScenario.Create(Publishing(registry));

        var result = PipelineTool.Run(scenario.Root, docker.Environment(), "run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error PB8201: the registry wants credentials and none were found for {registry.Host}; run 'docker login {registry.Host}'", result.Stdout, StringComparison.Ordinal);
    }

    [RegistryFact]
    public void Should_get_a_bearer_token_from_the_registry_token_service_with_the_stored_login()
    {
        // Given a registry with token authentication, its token service, and a docker login for it
        using var tokens = new RegistryTokenServer(User, _password);
        using var registry = RegistryServer.StartWithTokens(tokens);
        using var docker = DockerConfig.WithAuths(registry.Host, User, _password);
        using var scenario = MlScenario.Create(Publishing(registry));

        // When the pipeline runs
        var result = PipelineTool.Run(scenario.Root, docker.Environment(), "run");

        // Then the token service was asked with the login for push to the repository, and the registry took its token
        Assert.True(result.ExitCode == 0, result.ToString());
        var asked = Assert.Single(tokens.Requests, r => r.Granted);
        Assert.Equal(User, asked.User);
        Assert.Contains("repository:models/iris:pull,push", asked.Scopes);
        Assert.Contains($"published iris-model@1.0.0 to oci://{registry.Host}/models/iris", result.Stderr, StringComparison.Ordinal);
        AssertNoSecret(scenario, result);
    }

    [RegistryFact]
    public void Should_fail_with_PB8200_when_the_token_service_refuses_the_login()
    {
        using var tokens = new RegistryTokenServer(User, _password);
        using var registry = RegistryServer.StartWithTokens(tokens);
        using var docker = DockerConfig.Empty();
        using var scenario = MlScenario.Create(Publishing(registry));
        var env = docker.Environment();
        env["PIPELINEBUILD_REGISTRY_USERNAME"] = User;
        env["PIPELINEBUILD_REGISTRY_PASSWORD"] = "not-" + _password;

        var result = PipelineTool.Run(scenario.Root, env, "run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error PB8200: the registry refused user '{User}' from PIPELINEBUILD_REGISTRY_USERNAME/PIPELINEBUILD_REGISTRY_PASSWORD", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(_password, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains(tokens.Requests, r => r.User == User && !r.Granted);
    }

    private static string Publishing(RegistryServer registry) =>
        MlScenario.Pipeline.Replace("version: 1.0.x", $"version: 1.0.x\n    publish: [local, \"oci://{registry.Host}/models/iris\"]", StringComparison.Ordinal);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The repository's tags, read with the right credentials (none when the repository does not exist).</summary>
    private static List<string> Tags(RegistryServer registry, string user, string password)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{registry.Host}/v2/models/iris/tags/list"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Base64($"{user}:{password}"));
        using var response = client.Send(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        Assert.True(response.IsSuccessStatusCode, $"tags/list: {response.StatusCode}");
        var tags = JsonDocument.Parse(response.Content.ReadAsStringAsync().Result).RootElement.GetProperty("tags");
        return tags.ValueKind == JsonValueKind.Array ? [.. tags.EnumerateArray().Select(t => t.GetString()!)] : [];
    }

    private void AssertNoSecret(Scenario scenario, ToolResult result)
    {
        Assert.DoesNotContain(_password, result.Stdout + result.Stderr, StringComparison.Ordinal);
        AssertNotInFiles(scenario, _password);
        AssertNotInFiles(scenario, Base64($"{User}:{_password}"));
    }

    /// <summary>Run history, lock file, reports, artifact store: nothing the tool wrote holds the secret.</summary>
    private static void AssertNotInFiles(Scenario scenario, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        var holders = Directory.EnumerateFiles(scenario.Root, "*", SearchOption.AllDirectories)
            .Where(path => File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0)
            .ToList();
        Assert.True(holders.Count == 0, "the secret is in " + string.Join(", ", holders));
    }
}
