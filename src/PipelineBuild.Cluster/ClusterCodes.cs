namespace PipelineBuild.Cluster;

/// <summary>The PB845x–PB846x codes of cluster jobs: the agent's in a job's container, the tool's when it packs one (docs/error-codes.md).</summary>
public static class ClusterCodes
{
    /// <summary>Agent: <c>PIPELINEBUILD_JOB</c> or <c>PIPELINEBUILD_CACHE_URL</c> is missing or not valid.</summary>
    public const string BadJobEnvironment = "PB8450";

    /// <summary>Agent: the secrets file named by <c>PIPELINEBUILD_SECRETS_FILE</c> cannot be read or is not a JSON object of strings.</summary>
    public const string SecretsUnreadable = "PB8520";

    /// <summary>Agent: the job's spec is not in the remote cache.</summary>
    public const string SpecMissing = "PB8451";

    /// <summary>Agent: the job's spec does not hash to its name, is not valid JSON or has another schema.</summary>
    public const string SpecDamaged = "PB8452";

    /// <summary>Agent: the spec names a path that is absolute, has a <c>..</c> segment or leads through a symlink: refused, nothing written.</summary>
    public const string UnsafePath = "PB8453";

    /// <summary>Agent: an input blob is missing from the remote cache, or its bytes do not match its digest or size.</summary>
    public const string InputUnavailable = "PB8454";

    /// <summary>Agent: the remote cache did not answer.</summary>
    public const string CacheUnavailable = "PB8455";

    /// <summary>Agent: the command cannot be started (the program is not in the image).</summary>
    public const string CommandNotStarted = "PB8456";

    /// <summary>Agent: the command succeeded but its outputs could not be recorded (missing, or a link out of the workspace).</summary>
    public const string OutputsNotRecorded = "PB8457";

    /// <summary>Agent: the outputs or the action entry could not be uploaded.</summary>
    public const string OutputsNotUploaded = "PB8458";

    /// <summary>Tool: the remote cache could not take a job's inputs or spec.</summary>
    public const string PackingFailed = "PB8460";

    /// <summary>Tool: the agent's files are not beside the tool (a damaged installation).</summary>
    public const string AgentNotFound = "PB8461";

    /// <summary>Tool: the engine could not build a step image with the agent layer.</summary>
    public const string AgentImageNotBuilt = "PB8462";

    /// <summary>Tool: an input an earlier cluster step left remote-only (<c>run --no-download</c>) is no longer in the remote cache.</summary>
    public const string RemoteOnlyInputLost = "PB8540";

    /// <summary>Tool: a step's image could not be pushed to the registry: unreachable (exit 3) or refused (exit 1). Shared by the cluster executors.</summary>
    public const string PushFailed = "PB8413";
}
