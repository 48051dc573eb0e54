namespace PipelineBuild.Core.Diagnostics;

/// <summary>The PB70xx codes of the remote cache (docs/error-codes.md).</summary>
public static class RemoteCacheCodes
{
    /// <summary>The remote was required (<c>--cache-required</c>) and could not be used.</summary>
    public const string Required = "PB7001";

    /// <summary>The remote is unreachable or failing; the run goes on with the local cache.</summary>
    public const string Unavailable = "PB7002";

    /// <summary>An entry without a valid signature while a signing key is set.</summary>
    public const string BadSignature = "PB7003";

    /// <summary>An entry that is damaged, for another key, or names outputs the step does not declare.</summary>
    public const string BadEntry = "PB7004";

    /// <summary>An entry names a blob the remote does not have.</summary>
    public const string MissingBlob = "PB7005";

    /// <summary>A blob whose bytes do not hash to its name.</summary>
    public const string CorruptBlob = "PB7006";

    /// <summary>A bad cache URL, mode or setting.</summary>
    public const string BadSetting = "PB7010";

    /// <summary>A backend's credentials are missing.</summary>
    public const string MissingCredentials = "PB7011";
}
