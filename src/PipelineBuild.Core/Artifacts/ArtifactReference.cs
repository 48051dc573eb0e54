using PipelineBuild.Core.Diagnostics;

namespace PipelineBuild.Core.Artifacts;

/// <summary><c>NAME</c> (the newest version), <c>NAME@VERSION</c> or <c>NAME@ALIAS</c>, as typed on the command line.</summary>
public sealed record ArtifactReference(string Name, string? Selector)
{
    public static ArtifactReference Parse(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? text : text[..at];
        var selector = at < 0 ? null : text[(at + 1)..];
        if (!IsName(name) || selector is { Length: 0 } || (selector?.Contains('@', StringComparison.Ordinal) ?? false))
        {
            throw new PipelineException(
                ArtifactCodes.BadReference,
                $"{text}: error {ArtifactCodes.BadReference}: not an artifact reference; write NAME, NAME@VERSION (iris-model@1.0.2) or NAME@ALIAS (iris-model@production)");
        }

        return new ArtifactReference(name, selector);
    }

    /// <summary>Artifact names and aliases: <c>[a-z0-9][a-z0-9_-]*</c>.</summary>
    public static bool IsName(string text) =>
        text.Length > 0 && (char.IsAsciiLetterLower(text[0]) || char.IsAsciiDigit(text[0]))
        && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    public override string ToString() => Selector is null ? Name : $"{Name}@{Selector}";
}
