namespace PipelineBuild.Core.Graph;

internal enum EdgeCauseKind
{
    /// <summary>The downstream step reads a path the upstream step writes.</summary>
    Reads,

    /// <summary>The downstream step lists the upstream step or its stage under <c>needs</c>.</summary>
    StepNeeds,

    /// <summary>The downstream step's stage lists the upstream step or its stage under <c>needs</c>.</summary>
    StageNeeds,

    /// <summary>Copied from a larger graph (a selection), where the cause was already checked.</summary>
    Inherited,
}
