namespace PipelineBuild.Core.Artifacts;

/// <summary>Error codes of the artifact store, publishing and reproduce (<c>PB81xx</c>, docs/error-codes.md).</summary>
public static class ArtifactCodes
{
    /// <summary>No such artifact, version or alias in the store.</summary>
    public const string NotFound = "PB8101";

    /// <summary>A published version exists with other content: versions are immutable.</summary>
    public const string Immutable = "PB8102";

    /// <summary>A reference that is not <c>NAME</c>, <c>NAME@VERSION</c> or <c>NAME@ALIAS</c>.</summary>
    public const string BadReference = "PB8103";

    /// <summary>An alias name that is invalid or looks like a version.</summary>
    public const string BadAlias = "PB8104";

    /// <summary>warning: an artifact's path does not exist after a successful run; nothing is published.</summary>
    public const string PathMissing = "PB8105";

    /// <summary>A publish target refused the artifact (HTTP error, bad feed folder).</summary>
    public const string PublishFailed = "PB8106";

    /// <summary>A publish target cannot be reached (exit 3).</summary>
    public const string TargetUnavailable = "PB8107";

    /// <summary><c>artifacts get -o DIR</c> would overwrite files that differ.</summary>
    public const string OutputConflict = "PB8108";

    /// <summary><c>reproduce</c>: recorded inputs are no longer available (exit 2).</summary>
    public const string InputsUnavailable = "PB8109";

    /// <summary>A stored artifact.json is damaged or unreadable.</summary>
    public const string DamagedManifest = "PB8110";

    /// <summary>A path (or commit) in a stored artifact.json or its lineage is refused by the confinement rule: nothing is written (exit 2).</summary>
    public const string UnsafePath = "PB8120";

    /// <summary>An artifact's path is, or holds, a symlink that leads outside the workspace: it is not published.</summary>
    public const string LinkOutside = "PB8121";
}
