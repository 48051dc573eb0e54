using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Kubernetes.Export;

/// <summary><c>--image NAME=REFERENCE</c>: the pushed reference of an image the pipeline builds from the repository.</summary>
public static class ImageOverrides
{
    public static IReadOnlyDictionary<string, string> Parse(IReadOnlyList<string> pairs)
    {
        var diagnostics = new DiagnosticBag();
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var reference = equals < 0 ? "" : pair[(equals + 1)..];
            if (equals <= 0 || reference.Length == 0 || reference.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                diagnostics.Error(KubernetesCodes.BadImageOverride, SourceLocation.None("--image"), $"'{pair}' is not NAME=REFERENCE", "e.g. --image train=registry.example.com/train@sha256:…");
                continue;
            }

            references[pair[..equals]] = reference;
        }

        diagnostics.ThrowIfErrors();
        return references;
    }
}
