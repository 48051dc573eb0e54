namespace PipelineBuild.Core.Planning;

/// <summary>The stable codes of planning problems; indexed in docs/error-codes.md.</summary>
internal static class PlanningCodes
{
    /// <summary>A <c>frozen: true</c> step has no lock entry: it never ran here, so there is nothing to keep.</summary>
    public const string FrozenNeverRan = "PB2090";

    /// <summary>A frozen step's output is missing or modified and the cache cannot bring it back.</summary>
    public const string FrozenOutputLost = "PB2091";
}
