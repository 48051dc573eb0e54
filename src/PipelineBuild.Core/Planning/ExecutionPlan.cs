namespace PipelineBuild.Core.Planning;

/// <summary>
/// What a run would do, step by step in graph order, and why: <c>status</c>, <c>run --dry-run</c> and
/// <c>graph</c> print it, <c>run</c> executes it. A step below one that would run or restore is
/// <see cref="StepDecision.Pending"/> until that upstream has finished (early cut-off).
/// </summary>
public sealed class ExecutionPlan
{
    private readonly Dictionary<string, PlannedStep> _byId;

    public ExecutionPlan(IReadOnlyList<PlannedStep> steps)
    {
        Steps = steps;
        _byId = steps.ToDictionary(s => s.Step.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<PlannedStep> Steps { get; }

    /// <summary>How many steps would run or restore (not up to date).</summary>
    public int ChangedCount => Steps.Count(s => !s.IsUpToDate);

    public bool IsUpToDate => ChangedCount == 0;

    public PlannedStep? Find(string stepId) => _byId.GetValueOrDefault(stepId);
}
