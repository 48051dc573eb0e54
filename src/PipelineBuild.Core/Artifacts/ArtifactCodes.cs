namespace PipelineBuild.Core.Artifacts;

/// <summary>Error codes of the artifact store, publishing and reproduce (<c>PB71xx</c>, docs/error-codes.md).</summary>
public static class ArtifactCodes
{
    /// <summary>No such artifact, version or alias in the store.</summary>
    public const string NotFound = "PB7101";

    /// <summary>A published version exists with other content: versions are immutable.</summary>
    public const string Immutable = "PB7102";

    /// <summary>A reference that is not <c>NAME</c>, <c>NAME@VERSION</c> or <c>NAME@ALIAS</c>.</summary>
    public const string BadReference = "PB7103";

    /// <summary>An alias name that is invalid or looks like a version.</summary>
    public const string BadAlias = "PB7104";

    /// <summary>warning: an artifact's path does not exist after a successful run; nothing is published.</summary>
    public const string PathMissing = "PB7105";

    /// <summary>A publish target refused the artifact (HTTP error, bad feed folder).</summary>
    public const string PublishFailed = "PB7106";

    /// <summary>A publish target cannot be reached (exit 3).</summary>
    public const string TargetUnavailable = "PB7107";

    /// <summary><c>artifacts get -o DIR</c> would overwrite files that differ.</summary>
    public const string OutputConflict = "PB7108";

    /// <summary><c>reproduce</c>: recorded inputs are no longer available (exit 2).</summary>
    public const string InputsUnavailable = "PB7109";

    /// <summary>A stored artifact.json is damaged or unreadable.</summary>
    public const string DamagedManifest = "PB7110";
}
