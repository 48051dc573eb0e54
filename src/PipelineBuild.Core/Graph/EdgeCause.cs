namespace PipelineBuild.Core.Graph;

/// <summary>
/// Why an edge exists: the input path read, or the <c>needs</c> target. Kept as data and turned into
/// words only when a cycle is reported: a sentence per edge is a measurable cost on graphs of thousands of steps.
/// </summary>
internal readonly record struct EdgeCause(EdgeCauseKind Kind, string Subject)
{
    public static EdgeCause Inherited { get; } = new(EdgeCauseKind.Inherited, string.Empty);
}
