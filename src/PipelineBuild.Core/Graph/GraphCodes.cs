namespace PipelineBuild.Core.Graph;

/// <summary>The stable codes of graph errors (docs/error-codes.md, "PB3xxx — graph").</summary>
public static class GraphCodes
{
    public const string Cycle = "PB3001";
    public const string DuplicateOutput = "PB3002";
    public const string OutputOutsideWorkspace = "PB3003";
    public const string MissingInput = "PB3004";
    public const string UnknownNeed = "PB3005";
    public const string InputOutsideWorkspace = "PB3006";
    public const string ReadsOwnOutput = "PB3007";

    /// <summary>An input folder or glob holds a symlink that leads outside the workspace (found when the step's inputs are hashed).</summary>
    public const string InputLinksOutside = "PB3010";

    /// <summary>An output is a path the tool itself owns: <c>.git/</c>, <c>.pipeline/</c>, the pipeline file or its lock file.</summary>
    public const string OutputIsToolOwned = "PB3011";

    /// <summary>A <c>--stage</c> or <c>--step</c> selection names nothing in the pipeline (a command-line error).</summary>
    public const string UnknownSelection = "PB1002";
}
