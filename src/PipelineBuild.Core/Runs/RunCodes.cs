namespace PipelineBuild.Core.Runs;

/// <summary>Error codes of the run history and the artifact store (<c>PB7xxx</c>, docs/error-codes.md).</summary>
public static class RunCodes
{
    /// <summary>No <c>.pipeline/</c> folder (no runs yet) where a history command looked.</summary>
    public const string NoWorkspace = "PB7001";

    /// <summary><c>runs.db</c> has a newer schema than this tool.</summary>
    public const string NewerSchema = "PB7002";

    /// <summary>A run id, prefix or <c>latest~N</c> that matches no run.</summary>
    public const string UnknownRun = "PB7003";

    /// <summary>A run id prefix that matches more than one run.</summary>
    public const string AmbiguousRun = "PB7004";

    /// <summary><c>runs.db</c> cannot be opened, read or written.</summary>
    public const string StoreFailure = "PB7005";

    /// <summary>A metrics file could not be read (warning).</summary>
    public const string MetricsUnreadable = "PB7006";
}
