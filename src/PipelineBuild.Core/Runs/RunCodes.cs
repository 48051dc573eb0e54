namespace PipelineBuild.Core.Runs;

/// <summary>Error codes of the run history and the artifact store (<c>PB80xx</c>, docs/error-codes.md).</summary>
public static class RunCodes
{
    /// <summary>No <c>.pipeline/</c> folder (no runs yet) where a history command looked.</summary>
    public const string NoWorkspace = "PB8001";

    /// <summary><c>runs.db</c> has a newer schema than this tool.</summary>
    public const string NewerSchema = "PB8002";

    /// <summary>A run id, prefix or <c>latest~N</c> that matches no run.</summary>
    public const string UnknownRun = "PB8003";

    /// <summary>A run id prefix that matches more than one run.</summary>
    public const string AmbiguousRun = "PB8004";

    /// <summary><c>runs.db</c> cannot be opened, read or written.</summary>
    public const string StoreFailure = "PB8005";

    /// <summary>A metrics file could not be read (warning).</summary>
    public const string MetricsUnreadable = "PB8006";
}
