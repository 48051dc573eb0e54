namespace PipelineBuild.Core.Experiments;

/// <summary>The stable codes of <c>exp</c> problems (PB107x); indexed in docs/error-codes.md.</summary>
public static class ExperimentCodes
{
    /// <summary>A <c>--set-param</c> or <c>--grid</c> that does not parse.</summary>
    public const string BadGrid = "PB1071";

    /// <summary>An experiment name that breaks the naming rule, or a pipeline file outside its workspace.</summary>
    public const string BadExperiment = "PB1072";

    /// <summary><c>exp apply</c>/<c>exp remove</c> name no recorded experiment.</summary>
    public const string UnknownExperiment = "PB1073";

    /// <summary><c>exp show --sort-by</c> names no metric of the experiments.</summary>
    public const string UnknownMetric = "PB1074";
}
