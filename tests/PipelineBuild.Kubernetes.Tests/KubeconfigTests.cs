using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PipelineBuild.Core.Diagnostics;
using PipelineBuild.Core.Execution;
using PipelineBuild.Kubernetes.Config;
using PipelineBuild.Kubernetes.Execution;
using PipelineBuild.Testing;

namespace PipelineBuild.Kubernetes.Tests;

public sealed class KubeconfigTests
{
    private const string First = """
        apiVersion: v1
        kind: Config
        current-context: first
        clusters:
        - name: shared
          cluster: { server: "https://one.example:6443", insecure-skip-tls-verify: true }
        users:
        - name: alice
          user: { token: token-one }
        contexts:
        - name: first
          context: { cluster: shared, user: alice, namespace: ml }
        """;

    private const string Second = """
        apiVersion: v1
        kind: Config
        current-context: second
        clusters:
        - name: shared
          cluster: { server: "https://shadowed.example:6443", insecure-skip-tls-verify: true }
        - name: other
          cluster: { server: "https://two.example:6443", insecure-skip-tls-verify: true }
        users:
        - name: bob
          user: { token: token-two }
        contexts:
        - name: second
          context: { cluster: other, user: bob, namespace: batch }
        """;

    [Fact]
    public void Should_take_the_existing_files_of_KUBECONFIG_in_order_skipping_missing_ones()
    {
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = string.Join(Path.PathSeparator, "/k/a", "/k/missing", "", "/k/b", "/k/a") };

        var choice = KubeconfigLocator.Locate(environment, "/home/me", path => path is "/k/a" or "/k/b" or "/home/me/.kube/config");

        Assert.Equal(["/k/a", "/k/b"], choice.Files);
        Assert.False(choice.InCluster);
    }

    [Fact]
    public void Should_fall_back_to_the_user_s_kube_config_when_KUBECONFIG_is_unset_or_empty()
    {
        var user = Path.Combine("/home/me", ".kube", "config");

        var unset = KubeconfigLocator.Locate(new Dictionary<string, string>(), "/home/me", path => path == user);
        var empty = KubeconfigLocator.Locate(new Dictionary<string, string> { ["KUBECONFIG"] = "" }, "/home/me", path => path == user);

        Assert.Equal([user], unset.Files);
        Assert.Equal([user], empty.Files);
    }

    [Fact]
    public void Should_use_the_pod_s_service_account_inside_a_cluster_only_when_no_kubeconfig_is_found()
    {
        var pod = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };

        var inCluster = KubeconfigLocator.Locate(pod, "/root", path => path == KubeconfigLocator.ServiceAccountToken);
        var withFile = KubeconfigLocator.Locate(pod, "/root", path => path is KubeconfigLocator.ServiceAccountToken or "/root/.kube/config");
        var noToken = Assert.Throws<PipelineException>(() => KubeconfigLocator.Locate(pod, "/root", _ => false));

        Assert.True(inCluster.InCluster);
        Assert.Empty(inCluster.Files);
        Assert.False(withFile.InCluster);
        Assert.Equal(KubernetesCodes.NoKubeconfig, noToken.Code);
    }

    [Fact]
    public void Should_report_a_missing_kubeconfig_naming_the_files_KUBECONFIG_lists()
    {
        var error = Assert.Throws<PipelineException>(() =>
            KubeconfigLocator.Locate(new Dictionary<string, string> { ["KUBECONFIG"] = "/nowhere/config" }, "/home/me", _ => false));

        Assert.Equal(KubernetesCodes.NoKubeconfig, error.Code);
        Assert.Contains("/nowhere/config", error.Diagnostic!.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
    }

    [Fact]
    public void Should_merge_files_as_kubectl_does_the_first_to_name_a_thing_winning()
    {
        using var workspace = TestWorkspace.Create();
        var choice = new KubeconfigChoice([workspace.Write("a.yaml", First), workspace.Write("b.yaml", Second)], InCluster: false);

        var current = KubernetesConnection.Configure(choice, context: null);
        var second = KubernetesConnection.Configure(choice, context: "second");

        Assert.Equal("first", current.CurrentContext);
        Assert.StartsWith("https://one.example:6443", current.Host, StringComparison.Ordinal);
        Assert.Equal("ml", current.Namespace);
        Assert.Equal("token-one", current.AccessToken);
        Assert.StartsWith("https://two.example:6443", second.Host, StringComparison.Ordinal);
        Assert.Equal("batch", second.Namespace);
        Assert.Equal("token-two", second.AccessToken);
    }

    [Theory]
    [InlineData("prod", "apiVersion: v1\nkind: Config\n")]
    [InlineData(null, "apiVersion: v1\nkind: Config\ncurrent-context: lost\ncontexts:\n- name: lost\n  context: { cluster: nowhere, user: nobody }\n")]
    [InlineData(null, "clusters: [ {")]
    public void Should_refuse_a_kubeconfig_it_cannot_use_with_the_file_named(string? context, string text)
    {
        using var workspace = TestWorkspace.Create();
        var file = workspace.Write("config", text);

        var error = Assert.Throws<PipelineException>(() => KubernetesConnection.Configure(new KubeconfigChoice([file], InCluster: false), context));

        Assert.Equal(KubernetesCodes.BadKubeconfig, error.Code);
        Assert.Equal(file, error.Diagnostic!.Location.File);
    }
    [Theory]
    [InlineData("a key that is no key")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")]
    public void Should_refuse_a_kubeconfig_whose_client_key_cannot_be_read_with_the_file_named(string key)
    {
        using var workspace = TestWorkspace.Create();
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=alice", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var file = workspace.Write("config", $$"""
            apiVersion: v1
            kind: Config
            current-context: main
            clusters:
            - name: main
              cluster: { server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true }
            users:
            - name: alice
              user: { client-certificate-data: {{Base64(certificate.ExportCertificatePem())}}, client-key-data: {{Base64(key)}} }
            contexts:
            - name: main
              context: { cluster: main, user: alice }
            """);
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = file, ["HOME"] = workspace.Root };

        var error = Assert.Throws<PipelineException>(() => new KubernetesRunSettings().Connect(new NoContainers(), environment));

        Assert.Equal(KubernetesCodes.BadKubeconfig, error.Code);
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        Assert.Equal(file, error.Diagnostic!.Location.File);
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    private sealed class NoContainers : IJobContainers
    {
        public Task<ClusterContainer> CreateAsync(StepExecution execution, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
