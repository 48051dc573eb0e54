using k8s.Models;
using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Kubernetes.Jobs;

/// <summary>
/// Reads <see cref="KubernetesSettings"/> from the words a user gives (options or an <c>executor:</c> section):
/// names checked as Kubernetes checks them, <c>KEY=VALUE</c> node selectors and kubectl-taint-style tolerations
/// (<c>KEY=VALUE:EFFECT</c>, <c>KEY:EFFECT</c> for any value). Every problem is reported at once (PB2105, exit 2).
/// </summary>
public static partial class KubernetesSettingsReader
{
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public static KubernetesSettings Read(
        string? @namespace,
        string? serviceAccount,
        IReadOnlyList<string> nodeSelectors,
        IReadOnlyList<string> tolerations,
        IReadOnlyList<string> pullSecrets,
        int? ttlSeconds,
        string? workspaceClaim,
        string? secretName)
    {
        var diagnostics = new DiagnosticBag();
        var settings = new KubernetesSettings
        {
            Namespace = Label("--namespace", @namespace ?? "default", diagnostics),
            ServiceAccount = serviceAccount is null ? null : Subdomain("--service-account", serviceAccount, diagnostics),
            NodeSelector = NodeSelector(nodeSelectors, diagnostics),
            Tolerations = [.. tolerations.Select(t => Toleration(t, diagnostics)).OfType<V1Toleration>()],
            ImagePullSecrets = [.. pullSecrets.Select(s => Subdomain("--image-pull-secret", s, diagnostics))],
            TtlSecondsAfterFinished = Ttl(ttlSeconds, diagnostics),
            WorkspaceClaim = workspaceClaim is null ? null : Subdomain("--workspace-claim", workspaceClaim, diagnostics),
            SecretName = secretName is null ? null : Subdomain("--secret-name", secretName, diagnostics),
        };
        diagnostics.ThrowIfErrors();
        return settings;
    }

    private static int Ttl(int? seconds, DiagnosticBag diagnostics)
    {
        if (seconds is < 0)
        {
            Bad(diagnostics, "--ttl", $"{seconds} is not a number of seconds", "give 0 or more (0: the cluster removes a finished Job at once)");
        }

        return seconds ?? KubernetesSettings.DefaultTtlSeconds;
    }

    private static Dictionary<string, string> NodeSelector(IReadOnlyList<string> pairs, DiagnosticBag diagnostics)
    {
        var selector = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !LabelKeyPattern().IsMatch(pair[..equals]) || !LabelValuePattern().IsMatch(pair[(equals + 1)..]))
            {
                Bad(diagnostics, "--node-selector", $"'{pair}' is not a node label KEY=VALUE", "e.g. --node-selector kubernetes.io/arch=amd64");
                continue;
            }

            selector[pair[..equals]] = pair[(equals + 1)..];
        }

        return selector;
    }

    private static V1Toleration? Toleration(string text, DiagnosticBag diagnostics)
    {
        var colon = text.LastIndexOf(':');
        var effect = colon < 0 ? "" : text[(colon + 1)..];
        var keyValue = colon < 0 ? text : text[..colon];
        var equals = keyValue.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? keyValue : keyValue[..equals];
        var value = equals < 0 ? null : keyValue[(equals + 1)..];
        if (!Effects.Contains(effect, StringComparer.Ordinal) || !LabelKeyPattern().IsMatch(key) || (value is not null && !LabelValuePattern().IsMatch(value)))
        {
            Bad(diagnostics, "--toleration", $"'{text}' is not a toleration KEY=VALUE:EFFECT or KEY:EFFECT", $"the effect is one of {string.Join(", ", Effects)}, e.g. --toleration gpu=true:NoSchedule");
            return null;
        }

        return new V1Toleration { Key = key, OperatorProperty = value is null ? "Exists" : "Equal", Value = value, Effect = effect };
    }

    private static string Label(string option, string name, DiagnosticBag diagnostics)
    {
        if (name.Length > 63 || !DnsLabelPattern().IsMatch(name))
        {
            Bad(diagnostics, option, $"'{name}' is not a Kubernetes name", "lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit");
        }

        return name;
    }

    private static string Subdomain(string option, string name, DiagnosticBag diagnostics)
    {
        if (name.Length > 253 || !DnsSubdomainPattern().IsMatch(name))
        {
            Bad(diagnostics, option, $"'{name}' is not a Kubernetes name", "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit");
        }

        return name;
    }

    private static void Bad(DiagnosticBag diagnostics, string option, string message, string hint) =>
        diagnostics.Error(KubernetesCodes.BadSetting, SourceLocation.None(option), message, hint);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DnsLabelPattern();

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DnsSubdomainPattern();

    [System.Text.RegularExpressions.GeneratedRegex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LabelKeyPattern();

    [System.Text.RegularExpressions.GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LabelValuePattern();
}
