using PipelineBuild.Core.Caching;

namespace PipelineBuild.Core.Planning;

/// <summary>A decision is a value with a reason: the answer to "why did this step run?".</summary>
public abstract record StepDecision
{
    private StepDecision()
    {
    }

    public abstract string Describe();

    /// <summary>Nothing to do; <paramref name="Outputs"/> are the recorded outputs, still on disk.</summary>
    public sealed record UpToDate(IReadOnlyList<OutputRecord> Outputs) : StepDecision
    {
        public override string Describe() => "up to date";
    }

    /// <summary>The outputs come back from the cache without running.</summary>
    public sealed record Restore(ActionEntry Entry, RunReason Reason, string Detail) : StepDecision
    {
        public override string Describe() => ReasonText.Format(Reason, Detail);
    }

    public sealed record Run(RunReason Reason, string Detail) : StepDecision
    {
        public override string Describe() => ReasonText.Format(Reason, Detail);
    }
}
