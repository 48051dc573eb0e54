using System.Net.Http.Headers;
using System.Text;
using PipelineBuild.Core.Artifacts.Registry;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Testing;

namespace PipelineBuild.Core.Tests.Artifacts;

/// <summary>Where registry credentials are found (environment, then the docker configuration) and how challenges are read.</summary>
public sealed class RegistryCredentialSourceTests
{
    [Fact]
    public void Should_prefer_the_environment_variables_over_the_docker_configuration()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("docker/config.json", Auths("ghcr.io", "from-file", "file-secret"));
        var source = new RegistryCredentialSource(Env(("DOCKER_CONFIG", ws.PathOf("docker")), ("PIPELINEBUILD_REGISTRY_USERNAME", "ci"), ("PIPELINEBUILD_REGISTRY_PASSWORD", "env-secret")));

        var credentials = source.Find("ghcr.io");

        Assert.Equal(("ci", "env-secret"), (credentials!.Username, credentials.Secret));
        Assert.DoesNotContain("env-secret", credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_username_without_a_password_with_PB8205()
    {
        var source = new RegistryCredentialSource(Env(("PIPELINEBUILD_REGISTRY_USERNAME", "ci")));

        var error = Assert.Throws<PipelineException>(() => source.Find("ghcr.io"));

        Assert.Contains("error PB8205: PIPELINEBUILD_REGISTRY_PASSWORD is not set", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
    }

    [Theory]
    [InlineData("https://registry.example:5000/v1/", "registry.example:5000")]
    [InlineData("registry.example:5000", "registry.example:5000")]
    [InlineData("http://registry.example:5000", "registry.example:5000")]
    public void Should_match_an_auths_key_by_host_with_scheme_and_path_dropped(string key, string host)
    {
        using var ws = TestWorkspace.Create();
        ws.Write("docker/config.json", Auths(key, "alice", "p:ss"));

        var credentials = new RegistryCredentialSource(Env(("DOCKER_CONFIG", ws.PathOf("docker")))).Find(host);

        Assert.Equal(("alice", "p:ss"), (credentials!.Username, credentials.Secret));
        Assert.Contains("(auths)", credentials.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_find_docker_hub_logins_under_the_index_address_and_read_identity_tokens()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("docker/config.json", """{"auths":{"https://index.docker.io/v1/":{"identitytoken":"refresh-me"}}}""");

        var credentials = new RegistryCredentialSource(Env(("DOCKER_CONFIG", ws.PathOf("docker")))).Find("registry-1.docker.io");

        Assert.True(credentials!.IsIdentityToken);
        Assert.Equal("refresh-me", credentials.Secret);
    }

    [Fact]
    public void Should_have_no_credentials_for_another_host_or_without_a_config_file()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("docker/config.json", Auths("ghcr.io", "alice", "secret"));

        Assert.Null(new RegistryCredentialSource(Env(("DOCKER_CONFIG", ws.PathOf("docker")))).Find("quay.io"));
        Assert.Null(new RegistryCredentialSource(Env(("DOCKER_CONFIG", ws.PathOf("none")))).Find("ghcr.io"));
    }

    [Fact]
    public void Should_report_a_damaged_config_file_with_PB8203_without_quoting_its_text()
    {
        using var ws = TestWorkspace.Create();
        ws.Write("docker/config.json", """{"auths":{"ghcr.io":{"auth":"c2VjcmV0LXZhbHVl"}} secret-value""");

        var error = Assert.Throws<PipelineException>(() => new RegistryCredentialSource(Env(("DOCKER_CONFIG", ws.PathOf("docker")))).Find("ghcr.io"));

        Assert.Contains("error PB8203: cannot read the docker configuration (not JSON at line 1)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../bin/sh")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    public void Should_refuse_a_credential_helper_name_that_is_a_path_with_PB8202(string name)
    {
        using var ws = TestWorkspace.Create();
        ws.Write("docker/config.json", $$"""{"credsStore":"{{name}}"}""");

        var error = Assert.Throws<PipelineException>(() => new RegistryCredentialSource(Env(("DOCKER_CONFIG", ws.PathOf("docker")))).Find("ghcr.io"));

        Assert.Contains("error PB8202: the docker credential helper is not a credential helper name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_a_bearer_challenge_with_a_quoted_scope_holding_commas()
    {
        var challenge = AuthChallenge.Parse(new AuthenticationHeaderValue("Bearer", "realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\",error=insufficient_scope"));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example/token", challenge["realm"]);
        Assert.Equal("registry.example", challenge["service"]);
        Assert.Equal("repository:a/b:pull,push", challenge["scope"]);
        Assert.Equal("insufficient_scope", challenge["error"]);
    }

    private static string Auths(string key, string user, string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return "{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth + "\"}}}";
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
