namespace PipelineBuild.Core.Graph;

/// <summary>The stable codes of graph errors (docs/error-codes.md, "PB3xxx — graph").</summary>
internal static class GraphCodes
{
    public const string Cycle = "PB3001";
    public const string DuplicateOutput = "PB3002";
    public const string OutputOutsideWorkspace = "PB3003";
    public const string MissingInput = "PB3004";
    public const string UnknownNeed = "PB3005";
    public const string InputOutsideWorkspace = "PB3006";
    public const string ReadsOwnOutput = "PB3007";

    /// <summary>A <c>--stage</c> or <c>--step</c> selection names nothing in the pipeline (a command-line error).</summary>
    public const string UnknownSelection = "PB1002";
}
